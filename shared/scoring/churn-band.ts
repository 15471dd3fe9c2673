import type { ScoringSettings } from './scoring-settings';

/** Churn risk bands. */
export type ChurnBand = 'low' | 'medium' | 'high';

/**
 * The band of a churn risk: `low` below `churnBands.medium`, `medium` below `churnBands.high`,
 * `high` from there.
 *
 * @example
 * churnBandOf(0.45, { medium: 0.3, high: 0.6 }); // 'medium'
 */
export function churnBandOf(churnRisk: number, bands: ScoringSettings['churnBands']): ChurnBand {
  return churnRisk >= bands.high ? 'high' : churnRisk >= bands.medium ? 'medium' : 'low';
}

/** How far ahead a band change is looked for: beyond that, no date is set. */
const horizonDays = 36_525;
/** The precision of the date found, in days (about 9 seconds). */
const precisionDays = 1e-4;

/**
 * In how many days the churn band changes if no order comes first, or `undefined` when it never
 * does (the band is `high` already, or the model keeps the customer alive, as BG/NBD does a
 * customer who never bought again) or not within a century. `pAliveAfter(days)` is P(alive) that
 * many days from now with the history otherwise unchanged; it never rises as days pass without a
 * purchase (true of BG/NBD and Pareto/NBD), so the first day the band differs is found by
 * doubling the step, then bisection, which solves P(alive)(T + days) = 1 − threshold without
 * stepping day by day. The answer is the end of the interval: on that date the band has changed.
 *
 * @example
 * const days = daysUntilChurnBandChanges((d) => purchases.pAlive({ ...history, T: history.T + d }), bands);
 */
export function daysUntilChurnBandChanges(
  pAliveAfter: (days: number) => number,
  bands: ScoringSettings['churnBands'],
): number | undefined {
  const bandAfter = (days: number) => churnBandOf(1 - pAliveAfter(days), bands);
  const current = bandAfter(0);
  if (current === 'high') return undefined;
  const changed = (days: number) => bandAfter(days) !== current;
  if (!changed(horizonDays)) return undefined;
  let before = 0;
  let after = 1;
  while (!changed(after)) {
    before = after;
    after = Math.min(after * 2, horizonDays);
  }
  while (after - before > precisionDays) {
    const middle = (before + after) / 2;
    if (changed(middle)) after = middle;
    else before = middle;
  }
  return after;
}
