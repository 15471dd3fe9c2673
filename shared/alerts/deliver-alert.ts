import { createHash } from 'node:crypto';
import { durationMs } from '../domain/durations';
import type { Logger } from '../observability/logger';
import { emitCount, emitMilliseconds } from '../observability/metrics';
import type { Stored } from '../store/alert-config-repository';
import type { AlertRecord, AlertRepository, AlertStatus } from '../store/alert-repository';
import type { AlertContent } from './alert-message';
import type { AlertRule } from './alert-rule';
import type { Destination } from './destination';
import { quietUntil } from './quiet-hours';
import type { RetryPolicy } from './retry-delivery';
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

/** A platform asking for a longer wait than this is left to the sweep (held), not waited for. */
const longestWaitInline = 10_000;

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
 * per-minute allowance (or holds it to the next minute), sends with retries, and records how it
 * ended: sent (with `alert.sent`), held (the platform asked to wait longer than is worth waiting
 * here), or failed (with the reason, keeping what the alert says for a later attempt).
 */
export async function sendAlertNow(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  content: AlertContent,
  destination: Stored<Destination>,
  options: { leased: boolean },
): Promise<AlertStatus> {
  const now = deps.clock.now();
  if (!options.leased && !(await deps.alerts.startSending(record, now))) return 'sending';
  const limit = perMinuteLimits[destination.type];
  if (limit !== undefined && !(await deps.alerts.takeRateSlot(destination.id, limit, now))) {
    const nextMinute = new Date(now.getTime() - (now.getTime() % 60_000) + 60_000);
    await deps.alerts.hold(record, {
      until: nextMinute.toISOString(),
      because: `${destination.type} allows ${limit} a minute`,
      content,
    });
    return 'held';
  }
  const { outcome, attempts } = await sendBatch(
    destination,
    { deliveryId: record.id, rule: content.rule, alerts: [content] },
    deps.transports,
    deps.clock,
    deps.policy,
  );
  if (outcome.kind === 'delivered') {
    const at = deps.clock.now();
    await deps.alerts.markSent(record, { at: at.toISOString(), attempts });
    emitCount('Rapport', 'Alerts', { destinationType: destination.type, outcome: 'sent' });
    emitMilliseconds('Rapport', 'AlertLatency', Math.max(0, at.getTime() - Date.parse(record.occurredAt)), {
      destinationType: destination.type,
    });
    return 'sent';
  }
  if (outcome.kind === 'retry' && (outcome.retryAfterMs ?? 0) > longestWaitInline) {
    const until = new Date(deps.clock.now().getTime() + (outcome.retryAfterMs ?? 0));
    await deps.alerts.hold(record, {
      until: until.toISOString(),
      because: outcome.reason,
      content,
      attempts,
    });
    return 'held';
  }
  deps.log.error('alert delivery failed', {
    alertId: record.id,
    destinationId: destination.id,
    destinationType: destination.type,
    attempts,
    retryable: outcome.kind === 'retry',
    reason: outcome.reason,
  });
  await deps.alerts.markFailed(record, {
    attempts,
    error: `${outcome.kind === 'retry' ? 'retryable' : 'permanent'}: ${outcome.reason}`,
    content,
  });
  emitCount('Rapport', 'Alerts', { destinationType: destination.type, outcome: 'failed' });
  return 'failed';
}

/** Where a new alert goes first: into a digest, held through quiet hours, or sent at once. */
export type AlertPlan = { kind: 'digest' } | { kind: 'hold'; until: string } | { kind: 'send' };

/**
 * Decides where a rule's new alert to a destination goes first.
 *
 * @example
 * planAlert(rule, destination, now); // { kind: 'send' }
 */
export function planAlert(
  rule: Pick<AlertRule, 'digest'>,
  destination: Pick<Destination, 'quietHours'>,
  now: Date,
): AlertPlan {
  if (rule.digest) return { kind: 'digest' };
  const quietEnd = quietUntil(destination.quietHours, now);
  return quietEnd ? { kind: 'hold', until: quietEnd.toISOString() } : { kind: 'send' };
}

/**
 * Takes an alert that is not sent yet where it goes next (a redelivered event finishing what an
 * earlier attempt began): into its rule's digest, held through quiet hours, or sent now.
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
  if (record.status === 'pending' && rule.digest) {
    await deps.alerts.addToDigest(
      record,
      content,
      digestFor(record.ruleId, destination.id, rule.digest.every, now),
    );
    return 'digested';
  }
  const plan = planAlert({}, destination, now);
  if (plan.kind === 'hold') {
    await deps.alerts.hold(record, { until: plan.until, because: 'quiet hours', content });
    return 'held';
  }
  return sendAlertNow(deps, record, content, destination, { leased: false });
}
