/**
 * A per-destination allowance of sends a minute (a robot's or an API's rate limit), kept where
 * every invocation sees it (a counter item in the table); the delivery module knows only this.
 *
 * @example
 * if (!(await allowance.take('dest-1', 20, now))) holdUntil(startOfNextMinute(now));
 */
export interface SendAllowance {
  /** Takes one send of this minute's `perMinute` for `key`; false when none is left. */
  take(key: string, perMinute: number, now: Date): Promise<boolean>;
}

/**
 * The start of the minute after `now`: when a spent per-minute allowance is whole again.
 *
 * @example
 * startOfNextMinute(new Date('2026-11-24T10:20:42Z')); // 2026-11-24T10:21:00.000Z
 */
export function startOfNextMinute(now: Date): Date {
  return new Date(now.getTime() - (now.getTime() % 60_000) + 60_000);
}
