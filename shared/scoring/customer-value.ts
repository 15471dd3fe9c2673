import { type ChurnBand, churnBandOf } from './churn-band';
import { gammaGammaExpectedSpend } from './clv';
import { purchaseModelOf, type ScoringModel } from './scoring-model';
import type { ScoringSettings } from './scoring-settings';

/** A buyer's history in days and minor units. */
export interface BuyerHistory {
  /** Repeat orders (orders after the first). */
  x: number;
  /** Days from the first order to the last. */
  tx: number;
  /** Days from the first order to now. */
  T: number;
  /** Mean net value of the repeat orders, minor units (0 without repeat orders). */
  mx: number;
}

const day = 86_400_000;

/**
 * A buyer's history from the order figures on the profile, as of `now`; `undefined` before the
 * first order. The same for scoring, the weekly fit and the daily job.
 *
 * @example
 * buyerHistory({ firstOrderAt: '2026-01-01T00:00:00Z', lastOrderAt: '2026-01-01T00:00:00Z' }, now); // { x: 0, tx: 0, T: 400, mx: 0 }
 */
export function buyerHistory(
  stats: {
    firstOrderAt?: string;
    lastOrderAt?: string;
    repeatOrders?: number;
    meanRepeatOrderValue?: { amount: number };
  },
  now: Date,
): BuyerHistory | undefined {
  if (!stats.firstOrderAt || !stats.lastOrderAt) return undefined;
  const first = Date.parse(stats.firstOrderAt);
  const tx = (Date.parse(stats.lastOrderAt) - first) / day;
  return {
    x: stats.repeatOrders ?? 0,
    tx,
    T: Math.max((now.getTime() - first) / day, tx),
    mx: stats.meanRepeatOrderValue?.amount ?? 0,
  };
}

/** What the models say of one buyer. */
export interface CustomerValue {
  pAlive: number;
  expectedOrders90d: number;
  /** Expected profit over the horizon, discounted, in minor units. */
  clv: number;
  churnRisk: number;
  churnBand: ChurnBand;
  expectedSpend: number;
}

/**
 * P(alive), expected orders in the next 90 days, CLV (expected spend × expected orders month by
 * month over the horizon, times the margin, discounted monthly; integer minor units) and churn
 * risk (1 − P(alive)) with its band, from the purchase model the settings choose (Pareto/NBD by
 * default, or BG/NBD) and Gamma-Gamma for the spend.
 *
 * @example
 * customerValue(model, { x: 2, tx: 200, T: 270, mx: 5200 }, settings);
 */
export function customerValue(
  model: ScoringModel,
  history: BuyerHistory,
  settings: Pick<
    ScoringSettings,
    'model' | 'horizonMonths' | 'margin' | 'monthlyDiscountRate' | 'churnBands'
  >,
): CustomerValue {
  const purchases = purchaseModelOf(model, settings.model);
  const pAlive = purchases.pAlive(history);
  const expectedOrders90d = purchases.expectedPurchases(90, history);
  const expectedSpend = gammaGammaExpectedSpend(model.gammaGamma, { x: history.x, mx: history.mx });
  let clv = 0;
  let before = 0;
  for (let month = 1; month <= settings.horizonMonths; month += 1) {
    const cumulative = purchases.expectedPurchases(month * 30, history);
    clv +=
      (settings.margin * expectedSpend * (cumulative - before)) / (1 + settings.monthlyDiscountRate) ** month;
    before = cumulative;
  }
  const churnRisk = 1 - pAlive;
  return {
    pAlive: round(pAlive, 4),
    expectedOrders90d: round(expectedOrders90d, 3),
    clv: Math.round(clv),
    churnRisk: round(churnRisk, 4),
    churnBand: churnBandOf(churnRisk, settings.churnBands),
    expectedSpend: Math.round(expectedSpend),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
