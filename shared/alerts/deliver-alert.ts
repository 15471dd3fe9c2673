import { createHash } from 'node:crypto';
import { durationMs } from '../domain/durations';
import type { Logger } from '../observability/logger';
import type { Stored } from '../store/alert-config-repository';
import type { AlertRecord, AlertRepository, AlertStatus } from '../store/alert-repository';
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
 * Sends one alert now, unless another invocation is sending it: takes it (a lease), takes a slot
 * of the destination's per-minute allowance (or holds it to the next minute), sends with
 * retries, and records how it ended: sent (with `alert.sent`), held (the platform asked to wait
 * longer than is worth waiting here), or failed (with the reason).
 */
export async function sendAlertNow(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  destination: Stored<Destination>,
): Promise<AlertStatus> {
  const now = deps.clock.now();
  if (!(await deps.alerts.startSending(record.id, now))) return 'sending';
  const limit = perMinuteLimits[destination.type];
  if (limit !== undefined && !(await deps.alerts.takeRateSlot(destination.id, limit, now))) {
    const nextMinute = new Date(now.getTime() - (now.getTime() % 60_000) + 60_000);
    await deps.alerts.hold(
      record.id,
      nextMinute.toISOString(),
      `${destination.type} allows ${limit} a minute`,
    );
    return 'held';
  }
  const { outcome, attempts } = await sendBatch(
    destination,
    { deliveryId: record.id, rule: record.content.rule, alerts: [record.content] },
    deps.transports,
    deps.clock,
    deps.policy,
  );
  if (outcome.kind === 'delivered') {
    await deps.alerts.markSent(record, { at: deps.clock.now().toISOString(), attempts });
    return 'sent';
  }
  if (outcome.kind === 'retry' && (outcome.retryAfterMs ?? 0) > longestWaitInline) {
    const until = new Date(deps.clock.now().getTime() + (outcome.retryAfterMs ?? 0));
    await deps.alerts.hold(record.id, until.toISOString(), outcome.reason, attempts);
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
  await deps.alerts.markFailed(record.id, {
    attempts,
    error: `${outcome.kind === 'retry' ? 'retryable' : 'permanent'}: ${outcome.reason}`,
  });
  return 'failed';
}

/**
 * Takes one alert where it goes next: into its rule's digest, held through the destination's
 * quiet hours (sent by the sweep when they end), or sent now.
 *
 * @example
 * const status = await routeAlert(deps, record, rule, destination); // 'sent'
 */
export async function routeAlert(
  deps: AlertDeliveryDeps,
  record: AlertRecord,
  rule: Pick<AlertRule, 'digest'> | undefined,
  destination: Stored<Destination>,
): Promise<AlertStatus> {
  const now = deps.clock.now();
  if (rule?.digest) {
    await deps.alerts.addToDigest(record, digestFor(record.ruleId, destination.id, rule.digest.every, now));
    return 'digested';
  }
  const quietEnd = quietUntil(destination.quietHours, now);
  if (quietEnd) {
    await deps.alerts.hold(record.id, quietEnd.toISOString(), 'quiet hours');
    return 'held';
  }
  return sendAlertNow(deps, record, destination);
}
