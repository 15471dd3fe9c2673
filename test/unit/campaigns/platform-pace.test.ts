import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextSendSlot,
  type PaceState,
  type PlatformPace,
  platformPace,
  sendIntervalMicros,
} from '../../../shared/campaigns/platform-pace';
import { outboundPlatforms } from '../../../shared/outbound/platform-sender';

/** The most slots found in any window of `perMs` (windows starting at each slot are the worst). */
function busiestWindow(slots: number[], perMs: number): number {
  const sorted = [...slots].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && (sorted[end] ?? 0) < (sorted[start] ?? 0) + perMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('platformPace', () => {
  it('holds the documented defaults', () => {
    // Act and Assess
    expect(platformPace.whatsapp.limits).toEqual([{ count: 80, perMs: 1000 }]);
    expect(platformPace.telegram.limits).toEqual([{ count: 30, perMs: 1000 }]);
    expect(platformPace.line.limits).toEqual([{ count: 2000, perMs: 1000 }]);
    expect(platformPace.sms.limits).toEqual([{ count: 1, perMs: 1000 }]);
    expect(platformPace.x.limits).toContainEqual({ count: 1000, perMs: 86_400_000 });
  });

  it('has a pace for every platform Rapport sends on', () => {
    // Act and Assess
    for (const platform of outboundPlatforms) expect(platformPace[platform].limits.length).toBeGreaterThan(0);
  });

  it('spaces X by its daily limit, the stricter of its two', () => {
    // Act and Assess: 86.4 s apart also keeps 200 per 15 minutes (about 10).
    expect(sendIntervalMicros(platformPace.x)).toBe(86_400_000);
  });
});

describe('nextSendSlot', () => {
  it('gives the first send now and spaces the next ones evenly', () => {
    // Prepare
    const now = new Date('2026-12-04T10:00:00.000Z');

    // Act
    const { slots, state } = nextSendSlot(platformPace.whatsapp, undefined, now, 3);

    // Assess
    expect(slots.map((slot) => slot.getTime() - now.getTime())).toEqual([0, 13, 25]);
    expect(state.nextAtMicros).toBe(now.getTime() * 1000 + 37_500);
  });

  it('makes a sender that comes back early wait for its slot', () => {
    // Prepare
    const now = new Date('2026-12-04T10:00:00.000Z');
    const { state } = nextSendSlot(platformPace.sms, undefined, now, 5);

    // Act
    const { slots } = nextSendSlot(platformPace.sms, state, new Date(now.getTime() + 100));

    // Assess
    expect(slots[0]?.getTime()).toBe(now.getTime() + 5000);
  });

  it('does not save up an idle period for a burst later', () => {
    // Prepare
    const now = new Date('2026-12-04T10:00:00.000Z');
    const { state } = nextSendSlot(platformPace.telegram, undefined, now);

    // Act: an hour later, 30 sends.
    const later = new Date(now.getTime() + 3600_000);
    const { slots } = nextSendSlot(platformPace.telegram, state, later, 30);

    // Assess
    expect(slots[0]?.getTime()).toBe(later.getTime());
    expect((slots[29]?.getTime() ?? 0) - later.getTime()).toBeGreaterThan(966);
  });

  it('never puts more than a limit allows in any window, for any pace and any pattern of requests', () => {
    // Prepare
    const pace = fc
      .array(
        fc.record({
          count: fc.integer({ min: 1, max: 3000 }),
          perMs: fc.integer({ min: 1, max: 86_400_000 }),
        }),
        {
          minLength: 1,
          maxLength: 3,
        },
      )
      .map((limits): PlatformPace => ({ limits, per: 'sender' }));
    const requests = fc.array(fc.record({ gapMs: fc.nat(5000), count: fc.integer({ min: 1, max: 50 }) }), {
      minLength: 1,
      maxLength: 40,
    });

    fc.assert(
      fc.property(
        pace,
        requests,
        fc.integer({ min: 1.7e12, max: 1.9e12 }),
        (drawnPace, drawnRequests, start) => {
          // Act
          let state: PaceState | undefined;
          let at = start;
          const slots: number[] = [];
          for (const request of drawnRequests) {
            at += request.gapMs;
            const next = nextSendSlot(drawnPace, state, new Date(at), request.count);
            state = next.state;
            slots.push(...next.slots.map((slot) => slot.getTime()));
          }

          // Assess
          for (const limit of drawnPace.limits)
            expect(busiestWindow(slots, limit.perMs)).toBeLessThanOrEqual(limit.count);
          for (let index = 1; index < slots.length; index++)
            expect(slots[index]).toBeGreaterThanOrEqual(slots[index - 1] ?? 0);
        },
      ),
    );
  });

  it('keeps WhatsApp at 80 a second over a 100,000-member send, and finishes it in about 21 minutes', () => {
    // Prepare
    const start = new Date('2026-12-04T10:00:00.000Z');

    // Act: batches of 50, each reserved as the previous one's last slot arrives.
    let state: PaceState | undefined;
    let at = start;
    const slots: number[] = [];
    while (slots.length < 100_000) {
      const next = nextSendSlot(platformPace.whatsapp, state, at, 50);
      state = next.state;
      slots.push(...next.slots.map((slot) => slot.getTime()));
      at = next.slots[next.slots.length - 1] ?? at;
    }

    // Assess
    expect(busiestWindow(slots, 1000)).toBeLessThanOrEqual(80);
    expect(((slots[slots.length - 1] ?? 0) - start.getTime()) / 60_000).toBeCloseTo(20.83, 1);
  });
});
