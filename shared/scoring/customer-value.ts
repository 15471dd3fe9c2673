import {
  type BgNbdParams,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  type GammaGammaParams,
  gammaGammaExpectedSpend,
} from './clv';
import type { ScoringSettings } from './scoring-settings';

/** The model parameters in use: fitted on this customer base, or the stated defaults. Time in days, money in minor units. */
export interface ScoringModel {
  bgNbd: Omit<BgNbdParams, 'logLikelihood'>;
  gammaGamma: Omit<GammaGammaParams, 'logLikelihood'>;
  source: 'fitted' | 'default';
  fittedAt?: string;
  buyers?: number;
  repeatBuyers?: number;
  bgNbdLogLikelihood?: number;
  gammaGammaLogLikelihood?: number;
}

/**
 * The parameters used before enough buyers exist to fit: the CDNOW fit of Fader, Hardie & Lee
 * (2005), with weeks turned into days (α × 7) and dollars into the base currency's minor units
 * (γ × 10^exponent).
 *
 * @example
 * defaultScoringModel(2).gammaGamma.gamma; // 1544
 */
export function defaultScoringModel(currencyExponent: number): ScoringModel {
  return {
    bgNbd: { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
    gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 * 10 ** currencyExponent },
    source: 'default',
  };
}

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

/** Churn risk bands. */
export type ChurnBand = 'low' | 'medium' | 'high';

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
 * risk (1 − P(alive)) with its band.
 *
 * @example
 * customerValue(model, { x: 2, tx: 200, T: 270, mx: 5200 }, settings);
 */
export function customerValue(
  model: ScoringModel,
  history: BuyerHistory,
  settings: Pick<ScoringSettings, 'horizonMonths' | 'margin' | 'monthlyDiscountRate' | 'churnBands'>,
): CustomerValue {
  const pAlive = bgNbdPAlive(model.bgNbd, history);
  const expectedOrders90d = bgNbdExpectedPurchases(model.bgNbd, 90, history);
  const expectedSpend = gammaGammaExpectedSpend(model.gammaGamma, { x: history.x, mx: history.mx });
  let clv = 0;
  let before = 0;
  for (let month = 1; month <= settings.horizonMonths; month += 1) {
    const cumulative = bgNbdExpectedPurchases(model.bgNbd, month * 30, history);
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
    churnBand:
      churnRisk >= settings.churnBands.high
        ? 'high'
        : churnRisk >= settings.churnBands.medium
          ? 'medium'
          : 'low',
    expectedSpend: Math.round(expectedSpend),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
