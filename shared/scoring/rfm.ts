/**
 * RFM scores against the current customer base: each of recency (days since the last order),
 * frequency (orders) and monetary value (net revenue) is scored 1–5 by the quintile of buyers it
 * falls in, and the segment comes from R and the mean of F and M (the grid below).
 */

/** Four cut points per dimension (the 20th, 40th, 60th and 80th percentiles of buyers). */
export interface RfmBoundaries {
  recencyDays: [number, number, number, number];
  orders: [number, number, number, number];
  revenue: [number, number, number, number];
  /** When they were measured and on how many buyers; absent for the defaults. */
  computedAt?: string;
  buyers?: number;
}

/**
 * Boundaries used until the daily job has measured the customer base (stated in `reasons`):
 * 30/60/120/240 days, 1/2/3/5 orders, 20/50/100/250 in the base currency's major unit.
 *
 * @example
 * defaultRfmBoundaries(2).revenue; // [2000, 5000, 10000, 25000]
 */
export function defaultRfmBoundaries(currencyExponent: number): RfmBoundaries {
  const unit = 10 ** currencyExponent;
  return {
    recencyDays: [30, 60, 120, 240],
    orders: [1, 2, 3, 5],
    revenue: [20 * unit, 50 * unit, 100 * unit, 250 * unit],
  };
}

/**
 * The quintile cut points of a list of values (nearest rank).
 *
 * @example
 * quintileBoundaries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // [2, 4, 6, 8]
 */
export function quintileBoundaries(values: ReadonlyArray<number>): [number, number, number, number] {
  if (values.length === 0) throw new RangeError('quintiles of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] as number;
  return [at(0.2), at(0.4), at(0.6), at(0.8)];
}

/** The 1–5 scores of one buyer. */
export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

/**
 * Scores a buyer: a value above k of the cut points scores k + 1 (a value equal to a cut point
 * stays in the lower quintile); recency is reversed (fewer days is better).
 *
 * @example
 * rfmScores({ recencyDays: 10, orders: 4, revenue: 30000 }, boundaries); // { r: 5, f: 4, m: 4 }
 */
export function rfmScores(
  buyer: { recencyDays: number; orders: number; revenue: number },
  boundaries: RfmBoundaries,
): RfmScores {
  const above = (value: number, cuts: ReadonlyArray<number>) => cuts.filter((cut) => value > cut).length;
  return {
    r: 5 - above(buyer.recencyDays, boundaries.recencyDays),
    f: 1 + above(buyer.orders, boundaries.orders),
    m: 1 + above(buyer.revenue, boundaries.revenue),
  };
}

/**
 * RFM segments (public contract), snake_case, best first.
 *
 * @example
 * segmentNames.includes('cant_lose'); // true
 */
export const segmentNames = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;
export type Segment = (typeof segmentNames)[number];

/**
 * The segment grid: rows R = 5 … 1, columns FM = round((F + M) / 2) = 1 … 5.
 *
 * |     | FM 1           | FM 2               | FM 3               | FM 4      | FM 5      |
 * | R 5 | new_customers  | potential_loyalist | potential_loyalist | champions | champions |
 * | R 4 | promising      | potential_loyalist | potential_loyalist | loyal     | champions |
 * | R 3 | about_to_sleep | about_to_sleep     | need_attention     | loyal     | loyal     |
 * | R 2 | hibernating    | hibernating        | at_risk            | at_risk   | cant_lose |
 * | R 1 | lost           | lost               | at_risk            | at_risk   | cant_lose |
 */
const grid: Record<number, [Segment, Segment, Segment, Segment, Segment]> = {
  5: ['new_customers', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
  4: ['promising', 'potential_loyalist', 'potential_loyalist', 'loyal', 'champions'],
  3: ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  2: ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  1: ['lost', 'lost', 'at_risk', 'at_risk', 'cant_lose'],
};

/**
 * The segment of an R, F, M triple (see the grid in this file).
 *
 * @example
 * segmentFor({ r: 5, f: 5, m: 4 }); // 'champions'
 */
export function segmentFor(scores: RfmScores): Segment {
  const fm = Math.min(5, Math.max(1, Math.floor((scores.f + scores.m) / 2 + 0.5)));
  return (grid[scores.r] as Segment[])[fm - 1] as Segment;
}
