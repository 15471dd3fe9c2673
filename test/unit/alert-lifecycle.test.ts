import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  failedForGood,
  longestWaitInline,
  maxSweepAttempts,
  nextAlertStep,
  sweepBackoffMs,
} from '../../shared/alerts/alert-lifecycle';

const now = new Date('2026-11-24T23:00:00.000Z');
const night = { start: '22:00', end: '08:00', timeZone: 'UTC' };

describe('nextAlertStep', () => {
  it('puts a new alert of a digest rule into the digest, even in quiet hours', () => {
    expect(nextAlertStep({ kind: 'new', digestEvery: 'PT1H', quietHours: night }, now)).toEqual({
      kind: 'add-to-digest',
    });
  });

  it('holds a new or due alert through the destination’s quiet hours, and sends it otherwise', () => {
    const until = new Date('2026-11-25T08:00:00.000Z');
    expect(nextAlertStep({ kind: 'new', quietHours: night }, now)).toEqual({
      kind: 'hold',
      until,
      because: 'quiet hours',
    });
    expect(nextAlertStep({ kind: 'due', quietHours: night }, now)).toEqual({
      kind: 'hold',
      until,
      because: 'quiet hours',
    });
    expect(nextAlertStep({ kind: 'new' }, now)).toEqual({ kind: 'send-now' });
    expect(nextAlertStep({ kind: 'due', quietHours: night }, new Date('2026-11-24T12:00:00Z'))).toEqual({
      kind: 'send-now',
    });
  });

  it('holds an alert whose destination has no allowance left this minute to the next minute', () => {
    expect(nextAlertStep({ kind: 'no-allowance' }, new Date('2026-11-24T10:20:42.500Z'))).toMatchObject({
      kind: 'hold',
      until: new Date('2026-11-24T10:21:00.000Z'),
    });
  });

  it('records a delivered attempt as sent, whoever made it', () => {
    for (const by of ['event', 'sweep'] as const)
      expect(
        nextAlertStep({ kind: 'attempted', outcome: { kind: 'delivered' }, attempts: 1, by }, now),
      ).toEqual({
        kind: 'sent',
      });
  });

  it('fails a permanent failure for good, never holding it', () => {
    for (const by of ['event', 'sweep'] as const)
      expect(
        nextAlertStep(
          { kind: 'attempted', outcome: { kind: 'permanent-failure', reason: '404' }, attempts: 1, by },
          now,
        ),
      ).toEqual({ kind: 'fail', reason: '404', retryable: false });
  });

  it('holds for the sweep an alert whose platform asks for a longer wait than notify waits; fails it retryably otherwise', () => {
    const long = { kind: 'retry-at' as const, reason: 'send too fast', retryAfterMs: 600_000 };
    expect(nextAlertStep({ kind: 'attempted', outcome: long, attempts: 1, by: 'event' }, now)).toEqual({
      kind: 'hold',
      until: new Date(now.getTime() + 600_000),
      because: 'send too fast',
    });
    const short = { kind: 'retry-at' as const, reason: '503', retryAfterMs: longestWaitInline };
    expect(nextAlertStep({ kind: 'attempted', outcome: short, attempts: 4, by: 'event' }, now)).toEqual({
      kind: 'fail',
      reason: '503',
      retryable: true,
    });
  });

  it('has the sweep hold a retryable failure again with a growing wait, never shorter than asked, until its last attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined }),
        (attempts, asked) => {
          const outcome = {
            kind: 'retry-at' as const,
            reason: '503',
            ...(asked === undefined ? {} : { retryAfterMs: asked }),
          };
          const step = nextAlertStep({ kind: 'attempted', outcome, attempts, by: 'sweep' }, now);
          if (attempts >= maxSweepAttempts) {
            expect(step).toEqual({ kind: 'fail', reason: '503', retryable: true });
            return;
          }
          expect(step.kind).toBe('hold');
          const wait = step.kind === 'hold' ? step.until.getTime() - now.getTime() : 0;
          expect(wait).toBe(Math.max(sweepBackoffMs(attempts), asked ?? 0));
          expect(wait).toBeGreaterThanOrEqual(60_000);
        },
      ),
    );
    expect([1, 2, 3, 8].map(sweepBackoffMs)).toEqual([60_000, 120_000, 240_000, 3_600_000]);
  });
});

describe('failedForGood', () => {
  it('reads the typed failure, and the reason’s prefix of alerts logged before it was typed', () => {
    expect(failedForGood({ status: 'failed', retryable: false })).toBe(true);
    expect(
      failedForGood({ status: 'failed', retryable: true, lastError: 'permanent: looks permanent' }),
    ).toBe(false);
    expect(failedForGood({ status: 'failed', lastError: 'permanent: 404' })).toBe(true);
    expect(failedForGood({ status: 'failed', lastError: 'retryable: 503' })).toBe(false);
    expect(failedForGood({ status: 'held', retryable: false })).toBe(false);
  });
});
