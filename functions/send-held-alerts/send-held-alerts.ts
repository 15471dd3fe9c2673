import type { AlertConfig, AlertConfigCache } from '../../shared/alerts/alert-config-cache';
import { maxSweepAttempts, nextAlertStep } from '../../shared/alerts/alert-lifecycle';
import type { AlertContent } from '../../shared/alerts/alert-message';
import type { AlertRecord, AlertRef } from '../../shared/alerts/alert-record';
import { type AlertDeliveryDeps, perMinuteLimits, sendAlertNow } from '../../shared/alerts/deliver-alert';
import { sendBatch } from '../../shared/alerts/send-batch';
import { emitCount } from '../../shared/observability/metrics';

/** What the sweep needs. */
export interface SweepDeps extends AlertDeliveryDeps {
  config: AlertConfigCache;
}

/** What one sweep did. */
export interface SweepResult {
  alerts: { sent: number; held: number; failed: number };
  digests: { sent: number; postponed: number; failed: number };
}

export { maxSweepAttempts };

/** Alerts and digests one sweep takes up (it runs every minute). */
const maxPerSweep = 500;
/**
 * A sweep takes up no new alert after this long, so that it ends well within its 2-minute
 * timeout (one send may take 20 s); what is left is due still and the next sweep takes it.
 */
const sweepBudgetMs = 80_000;

/** Some held alerts or digests failed for good: the invocation fails, so its alarm fires. */
export class SweepFailedError extends Error {
  override name = 'SweepFailedError';
}

async function sendHeldAlert(
  deps: SweepDeps,
  destinations: AlertConfig['destinations'],
  ref: AlertRef,
  result: SweepResult,
  failures: string[],
) {
  const record = await deps.alerts.get(ref);
  if (!record || (record.status !== 'held' && record.status !== 'sending')) return;
  const destination = destinations.get(record.destinationId);
  if (!destination || !record.content) {
    await deps.alerts.markFailed(record, {
      attempts: 0,
      reason: destination ? 'nothing kept to write the alert from' : 'the destination was deleted',
      retryable: false,
    });
    result.alerts.failed += 1;
    failures.push(record.id);
    return;
  }
  const step = nextAlertStep({ kind: 'due', quietHours: destination.quietHours }, deps.clock.now());
  if (step.kind === 'hold') {
    await deps.alerts.hold(record, {
      until: step.until.toISOString(),
      because: step.because,
      content: record.content,
    });
    result.alerts.held += 1;
    return;
  }
  // The lifecycle holds a retryable failure again with a growing wait, and fails it for good after
  // its last attempt: never dropped while the platform may come back.
  const status = await sendAlertNow(deps, record, record.content, destination, {
    leased: false,
    by: 'sweep',
  });
  if (status === 'sent') result.alerts.sent += 1;
  else if (status === 'held') result.alerts.held += 1;
  else if (status === 'failed') {
    result.alerts.failed += 1;
    failures.push(record.id);
  }
}

async function sendDigest(
  deps: SweepDeps,
  destinations: AlertConfig['destinations'],
  id: string,
  result: SweepResult,
  failures: string[],
) {
  const now = deps.clock.now();
  const digest = await deps.alerts.getDigest(id);
  if (!digest || digest.status === 'sent') return;
  const destination = destinations.get(digest.destinationId);
  if (!destination) {
    await deps.alerts.finishDigest(id, {
      status: 'failed',
      attempts: 0,
      error: 'permanent: the destination was deleted',
    });
    result.digests.failed += 1;
    failures.push(id);
    return;
  }
  const due = nextAlertStep({ kind: 'due', quietHours: destination.quietHours }, now);
  if (due.kind === 'hold') {
    await deps.alerts.postponeDigest(id, due.until.toISOString());
    result.digests.postponed += 1;
    return;
  }
  if (!(await deps.alerts.startDigest(id, now))) return;
  const limit = perMinuteLimits[destination.type];
  if (limit !== undefined && !(await deps.alerts.takeRateSlot(destination.id, limit, now))) {
    const spent = nextAlertStep({ kind: 'no-allowance' }, now);
    await deps.alerts.postponeDigest(
      id,
      spent.kind === 'hold' ? spent.until.toISOString() : now.toISOString(),
    );
    result.digests.postponed += 1;
    return;
  }
  const records = (await deps.alerts.getMany(digest.alerts)).filter(
    (record): record is AlertRecord & { content: AlertContent } =>
      record.status !== 'sent' && record.content !== undefined,
  );
  if (records.length === 0) {
    await deps.alerts.finishDigest(id, { status: 'sent', attempts: 0 });
    return;
  }
  const { outcome, attempts } = await sendBatch(
    destination,
    {
      deliveryId: id,
      rule: records[0]?.content.rule ?? { id: digest.ruleId, name: digest.ruleId },
      alerts: records.map((record) => record.content),
      window: { from: digest.windowStart, to: digest.dueAt },
    },
    deps.transports,
    deps.clock,
    deps.policy,
  );
  const step = nextAlertStep(
    { kind: 'attempted', outcome, attempts: digest.attempts + attempts, by: 'sweep' },
    deps.clock.now(),
  );
  if (step.kind === 'sent') {
    const at = deps.clock.now().toISOString();
    // Each alert of the digest is recorded as sent, with its own alert.sent.
    for (const record of records) await deps.alerts.markSent(record, { at, attempts });
    emitCount('Rapport', 'Alerts', { destinationType: destination.type, outcome: 'sent' });
    await deps.alerts.finishDigest(id, { status: 'sent', attempts });
    result.digests.sent += 1;
    return;
  }
  const reason = outcome.kind === 'delivered' ? '' : outcome.reason;
  const retryable = outcome.kind === 'retry-at';
  await deps.alerts.finishDigest(id, {
    status: 'failed',
    attempts,
    error: `${retryable ? 'retryable' : 'permanent'}: ${reason}`,
    ...(step.kind === 'hold' ? { retryAt: step.until.toISOString() } : {}),
  });
  if (step.kind === 'hold') {
    result.digests.postponed += 1;
  } else {
    deps.log.error('digest delivery failed', { digestId: id, destinationId: destination.id, reason });
    result.digests.failed += 1;
    failures.push(id);
  }
}

/**
 * Run every minute: sends alerts held through quiet hours or a platform's rate limit once they
 * are due, and each rule's digests when their window ends (held on while the destination is
 * quiet). A held alert that fails again is held again with a growing wait, up to
 * {@link maxSweepAttempts} times; then it is failed for good and the run fails (its alarm fires).
 *
 * @example
 * await sendHeldAlerts(deps); // { alerts: { sent: 2, held: 0, failed: 0 }, digests: { sent: 1, ... } }
 */
export async function sendHeldAlerts(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = {
    alerts: { sent: 0, held: 0, failed: 0 },
    digests: { sent: 0, postponed: 0, failed: 0 },
  };
  const failures: string[] = [];
  // Rules and destinations are read once for the whole sweep.
  const { destinations } = await deps.config.current(now);
  const [alertIds, digestIds] = await Promise.all([
    deps.alerts.listDue('alert', now),
    deps.alerts.listDue('alert-digest', now),
  ]);
  const work = [
    ...alertIds
      .slice(0, maxPerSweep)
      .map((ref) => () => sendHeldAlert(deps, destinations, ref, result, failures)),
    ...digestIds
      .slice(0, maxPerSweep)
      .map((id) => () => sendDigest(deps, destinations, id, result, failures)),
  ];
  // A few at a time: destinations are independent, and one slow one must not hold up the rest.
  const lanes = 8;
  const stopAt = now.getTime() + sweepBudgetMs;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let next = work.shift(); next && deps.clock.now().getTime() < stopAt; next = work.shift())
        await next();
    }),
  );
  if (failures.length > 0) {
    throw new SweepFailedError(
      `held alerts or digests failed for good (see GET /api/alerts): ${failures.join(', ')}`,
    );
  }
  return result;
}
