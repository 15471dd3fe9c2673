import { createHash } from 'node:crypto';
import type { RetryPolicy } from '../delivery/retry-delivery';
import { durationMs } from '../domain/durations';
import type { Logger } from '../observability/logger';
import { emitCount, emitMilliseconds } from '../observability/metrics';
import type { Stored } from './alert-config-repository';
import { type AlertStep, nextAlertStep } from './alert-lifecycle';
import type { AlertContent } from './alert-message';
import type { AlertRecord, AlertStatus } from './alert-record';
import type { AlertRepository } from './alert-repository';
import type { AlertRule } from './alert-rule';
import type { Destination } from './destination';
import { type AlertTransports, type SendClock, sendBatch } from './send-batch';

/** What delivering alerts needs. */
export interface AlertDeliveryDeps {
  alerts: AlertRepository;
  transports: AlertTransports;
  clock: SendClock;
  policy: RetryPolicy;
  log: Logger;
}

/**
 * Messages a minute each platform accepts from one robot or webhook: DingTalk and WeCom 20,
 * Feishu 100 (and 5 a second), Slack about one a second. Over it an alert waits for the next
 * minute instead of being refused by the platform.
 */
export const perMinuteLimits: Partial<Record<Destination['type'], number>> = {
  dingtalk: 20,
  wecom: 20,
  feishu: 100,
  slack: 60,
};

/**
 * The stable id of a rule's alert about one event to one destination: the same on every
 * redelivery, so it deduplicates the log and is the delivery id receivers see.
 *
 * @example
 * alertIdFor('rule-1', 'shopify:order:1:placed', 'dest-1'); // '5c1e…' (32 hex)
 */
export function alertIdFor(ruleId: string, eventId: string, destinationId: string): string {
  return createHash('sha256').update(`${ruleId}\n${eventId}\n${destinationId}`).digest('hex').slice(0, 32);
}

/**
 * The digest an alert falls into: the rule's window containing `now`, per destination.
 *
 * @example
 * digestFor('rule-1', 'dest-1', 'PT1H', new Date('2026-11-24T10:20:00Z')); // { id, windowStart: '…T10:00…', dueAt: '…T11:00…' }
 */
export function digestFor(ruleId: string, destinationId: string, every: string, now: Date) {
  const windowMs = durationMs(every);
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  return {
    id: `dg_${createHash('sha256').update(`${ruleId}\n${destinationId}\n${windowStart}`).digest('hex').slice(0, 29)}`,
    windowStart,
    dueAt: new Date(start + windowMs).toISOString(),
  };
}

/**
 * Sends one alert now, unless another invocation is sending it: takes it (a lease; an alert
 * created as `sending` by this invocation already holds one), takes a slot of the destination's
 * per-minute allowance, sends with retries, and applies what the alert lifecycle
 * (`alert-lifecycle.ts`) says comes next: sent (with `alert.sent`), held (no allowance left, a
 * long wait asked for, the sweep's backoff), or failed (with the reason and whether it may be
 * retried, keeping what the alert says for a later attempt). `by` is who sends: the event's own
 * invocation or the sweep.
 */
export async function sendAlertNow(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  content: AlertContent,
  destination: Stored<Destination>,
  options: { leased: boolean; by: 'event' | 'sweep' },
): Promise<AlertStatus> {
  const now = deps.clock.now();
  if (!options.leased && !(await deps.alerts.startSending(record, now))) return 'sending';
  const limit = perMinuteLimits[destination.type];
  if (limit !== undefined && !(await deps.alerts.takeRateSlot(destination.id, limit, now)))
    return applyAfterSend(
      deps,
      record,
      content,
      destination,
      nextAlertStep({ kind: 'no-allowance' }, now),
      0,
    );
  const { outcome, attempts } = await sendBatch(
    destination,
    { deliveryId: record.id, rule: content.rule, alerts: [content] },
    deps.transports,
    deps.clock,
    deps.policy,
  );
  const step = nextAlertStep(
    {
      kind: 'attempted',
      outcome,
      // The sweep counts every attempt the alert has had; the event's invocation its own.
      attempts: options.by === 'sweep' ? record.attempts + attempts : attempts,
      by: options.by,
    },
    deps.clock.now(),
  );
  return applyAfterSend(deps, record, content, destination, step, attempts);
}

/** Records what the lifecycle decided after a send (or an allowance refused before one). */
async function applyAfterSend(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  content: AlertContent,
  destination: Stored<Destination>,
  step: AlertStep,
  attempts: number,
): Promise<AlertStatus> {
  switch (step.kind) {
    case 'sent': {
      const at = deps.clock.now();
      await deps.alerts.markSent(record, { at: at.toISOString(), attempts });
      emitCount('Rapport', 'Alerts', { destinationType: destination.type, outcome: 'sent' });
      emitMilliseconds('Rapport', 'AlertLatency', Math.max(0, at.getTime() - Date.parse(record.occurredAt)), {
        destinationType: destination.type,
      });
      return 'sent';
    }
    case 'hold':
      await deps.alerts.hold(record, {
        until: step.until.toISOString(),
        because: step.because,
        content,
        attempts,
      });
      return 'held';
    case 'fail':
      deps.log.error('alert delivery failed', {
        alertId: record.id,
        destinationId: destination.id,
        destinationType: destination.type,
        attempts,
        retryable: step.retryable,
        reason: step.reason,
      });
      await deps.alerts.markFailed(record, {
        attempts,
        reason: step.reason,
        retryable: step.retryable,
        content,
      });
      emitCount('Rapport', 'Alerts', { destinationType: destination.type, outcome: 'failed' });
      return 'failed';
    default:
      throw new Error(`the lifecycle cannot ${step.kind} an alert that was just sent`);
  }
}

/**
 * Takes an alert that is not sent yet where the lifecycle says it goes (a redelivered event
 * finishing what an earlier attempt began): into its rule's digest (only an alert still pending),
 * held through quiet hours, or sent now.
 *
 * @example
 * const status = await resumeAlert(deps, record, content, rule, destination); // 'sent'
 */
export async function resumeAlert(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  content: AlertContent,
  rule: Pick<AlertRule, 'digest'>,
  destination: Stored<Destination>,
): Promise<AlertStatus> {
  const now = deps.clock.now();
  const step = nextAlertStep(
    record.status === 'pending' && rule.digest
      ? { kind: 'new', digestEvery: rule.digest.every, quietHours: destination.quietHours }
      : { kind: 'due', quietHours: destination.quietHours },
    now,
  );
  if (step.kind === 'add-to-digest') {
    await deps.alerts.addToDigest(
      record,
      content,
      digestFor(record.ruleId, destination.id, rule.digest?.every ?? 'PT1H', now),
    );
    return 'digested';
  }
  if (step.kind === 'hold') {
    await deps.alerts.hold(record, { until: step.until.toISOString(), because: step.because, content });
    return 'held';
  }
  return sendAlertNow(deps, record, content, destination, { leased: false, by: 'event' });
}
