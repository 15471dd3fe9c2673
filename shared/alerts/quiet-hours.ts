import type { Destination } from './destination';

type QuietHours = NonNullable<Destination['quietHours']>;

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The wall-clock minute of the day at `now` in a time zone. */
function localMinute(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/**
 * When a destination's quiet hours end, if `now` is within them; `undefined` when it is not.
 * Quiet hours are wall-clock times in the destination's time zone and may run past midnight
 * (22:00–08:00). The end is counted in minutes from now, so on the night a clock changes it is
 * off by that change (an alert waits an hour more or less, and is never lost).
 *
 * @example
 * quietUntil({ start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' }, new Date('2026-11-24T15:30:00Z'));
 * // 2026-11-25T00:00:00.000Z (08:00 in Shanghai)
 */
export function quietUntil(quietHours: QuietHours | undefined, now: Date): Date | undefined {
  if (!quietHours) return undefined;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return undefined;
  const current = localMinute(now, quietHours.timeZone);
  const inside = start < end ? current >= start && current < end : current >= start || current < end;
  if (!inside) return undefined;
  const minutesLeft = (end - current + 1440) % 1440;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + minutesLeft * 60_000);
}
