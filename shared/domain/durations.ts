/**
 * Reads a duration setting: ISO 8601 (`PT1H`, `PT30M`, `P1D`, `PT1H30M`) or plain minutes (`90`).
 *
 * @example
 * durationMs('PT1H'); // 3600000
 */
export function durationMs(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 60_000;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(trimmed);
  if (!match || trimmed === 'P' || trimmed.endsWith('T'))
    throw new Error(`Not a duration: ${text} (expected e.g. PT1H)`);
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
}
