/**
 * Reads a platform timestamp that may be epoch seconds or milliseconds, as a number or a digit
 * string (Meta sends both), into an ISO string; `undefined` when it is not one.
 *
 * @example
 * epochToIso('1730231903');   // '2024-10-29T19:58:23.000Z'
 * epochToIso(1486464322190);  // '2017-02-07T10:45:22.190Z'
 */
export function epochToIso(value: unknown): string | undefined {
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return undefined;
  // Before 2001-09 in milliseconds is 1e12; no webhook carries seconds that large.
  const date = new Date(number < 1e12 ? number * 1000 : number);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
