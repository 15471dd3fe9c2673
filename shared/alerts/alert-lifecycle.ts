import type { DeliveryOutcome } from '../delivery/delivery-outcome';
import { startOfNextMinute } from '../delivery/send-allowance';
import type { Destination } from './destination';
import { quietUntil } from './quiet-hours';

/** A platform asking for a longer wait than this is not waited for inline: the alert is held for the sweep. */
export const longestWaitInline = 10_000;

/** A held alert or a digest is tried this many times by sweeps before it is failed for good. */
export const maxSweepAttempts = 12;

/**
 * Sweep backoff: 1, 2, 4 … minutes after the n-th failed attempt, at most an hour.
 *
 * @example
 * sweepBackoffMs(3); // 240000
 */
export function sweepBackoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/** Where an alert (or a digest) stands when its next step is decided. */
export type AlertSituation =
  /** Just created from a rule's event (`digestEvery`: the rule collects its alerts into digests). */
  | { kind: 'new'; digestEvery?: string; quietHours?: Destination['quietHours'] }
  /** Held or due (a held alert's time has come, a digest's window has ended), about to be sent. */
  | { kind: 'due'; quietHours?: Destination['quietHours'] }
  /** The destination's per-minute allowance is spent. */
  | { kind: 'no-allowance' }
  /**
   * An attempt ended: `attempts` counts every attempt so far; `by` is who tried: the event's own
   * invocation (notify, or a redelivery) or the sweep.
   */
  | { kind: 'attempted'; outcome: DeliveryOutcome; attempts: number; by: 'event' | 'sweep' };

/** What happens next to an alert. */
export type AlertStep =
  | { kind: 'add-to-digest' }
  | { kind: 'send-now' }
  /** Held (quiet hours, a spent allowance, a long `Retry-After`, the sweep's backoff) until `until`. */
  | { kind: 'hold'; until: Date; because: string }
  | { kind: 'sent' }
  /** Failed: `retryable` failures may be taken up again by a redelivered event; others never. */
  | { kind: 'fail'; reason: string; retryable: boolean };

/**
 * The alert lifecycle in one place, in the manner of `shared/domain/order-state.ts`: from where an
 * alert stands and the time, what happens next. Quiet hours are decided only here. notify, the
 * held-alert sweep and the alert repository apply its steps.
 *
 * - new: into the rule's digest; else held through the destination's quiet hours; else sent now.
 * - due: held on through quiet hours; else sent now.
 * - no allowance left this minute: held to the start of the next minute.
 * - attempted: delivered is sent. A wait the platform asks for that is too long to wait inline
 *   holds the alert for the sweep. The sweep holds a retryable failure again with a growing wait
 *   (never shorter than the platform asked), up to {@link maxSweepAttempts}; then, and for
 *   permanent failures, the alert fails.
 *
 * @example
 * nextAlertStep({ kind: 'new', quietHours: { start: '22:00', end: '08:00', timeZone: 'UTC' } }, new Date('2026-11-24T23:00:00Z'));
 * // { kind: 'hold', until: 2026-11-25T08:00:00.000Z, because: 'quiet hours' }
 */
export function nextAlertStep(situation: AlertSituation, now: Date): AlertStep {
  switch (situation.kind) {
    case 'new':
    case 'due': {
      if (situation.kind === 'new' && situation.digestEvery) return { kind: 'add-to-digest' };
      const quietEnd = quietUntil(situation.quietHours, now);
      return quietEnd ? { kind: 'hold', until: quietEnd, because: 'quiet hours' } : { kind: 'send-now' };
    }
    case 'no-allowance':
      return {
        kind: 'hold',
        until: startOfNextMinute(now),
        because: 'the destination’s allowance a minute is spent',
      };
    case 'attempted': {
      const { outcome, attempts, by } = situation;
      if (outcome.kind === 'delivered') return { kind: 'sent' };
      if (outcome.kind === 'permanent-failure')
        return { kind: 'fail', reason: outcome.reason, retryable: false };
      const asked = outcome.retryAfterMs ?? 0;
      if (by === 'event') {
        return asked > longestWaitInline
          ? { kind: 'hold', until: new Date(now.getTime() + asked), because: outcome.reason }
          : { kind: 'fail', reason: outcome.reason, retryable: true };
      }
      if (attempts >= maxSweepAttempts) return { kind: 'fail', reason: outcome.reason, retryable: true };
      return {
        kind: 'hold',
        until: new Date(now.getTime() + Math.max(sweepBackoffMs(attempts), asked)),
        because: outcome.reason,
      };
    }
  }
}

/**
 * True for an alert that failed in a way no retry can mend (a bad URL, signature or payload): a
 * redelivered event does not try it again. Alerts logged before failures were typed carry the
 * reason's `permanent:` prefix only.
 *
 * @example
 * failedForGood({ status: 'failed', retryable: false }); // true
 */
export function failedForGood(record: { status: string; retryable?: boolean; lastError?: string }): boolean {
  if (record.status !== 'failed') return false;
  return record.retryable === undefined
    ? Boolean(record.lastError?.startsWith('permanent'))
    : !record.retryable;
}
