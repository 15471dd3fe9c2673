import {
  type BgNbdParams,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  type GammaGammaParams,
  type PurchaseHistory,
} from './clv';
import { type ParetoNbdParams, paretoNbdExpectedPurchases, paretoNbdPAlive } from './pareto-nbd';
import type { PurchaseModelName } from './scoring-settings';

/**
 * The model parameters in use: fitted on this customer base by the weekly job (both purchase
 * models and Gamma-Gamma, from one read of the buyers), or the stated defaults. Time in days,
 * money in minor units.
 */
export interface ScoringModel {
  bgNbd: Omit<BgNbdParams, 'logLikelihood'>;
  /**
   * Absent only from a fit stored before Pareto/NBD was fitted too: its defaults apply until the
   * next weekly fit (and the reasons say so).
   */
  paretoNbd?: Omit<ParetoNbdParams, 'logLikelihood'>;
  gammaGamma: Omit<GammaGammaParams, 'logLikelihood'>;
  source: 'fitted' | 'default';
  fittedAt?: string;
  buyers?: number;
  repeatBuyers?: number;
  bgNbdLogLikelihood?: number;
  paretoNbdLogLikelihood?: number;
  gammaGammaLogLikelihood?: number;
}

/**
 * Pareto/NBD on CDNOW (Fader & Hardie's 2005 note: r 0.5533, α 10.5776, s 0.6061, β 11.6650, in
 * weeks), with α and β × 7 for days.
 */
const cdnowParetoNbdInDays = { r: 0.5533, alpha: 10.5776 * 7, s: 0.6061, beta: 11.665 * 7 };

/**
 * The parameters used before enough buyers exist to fit: the CDNOW fits of Fader & Hardie (2005:
 * Pareto/NBD in their note, BG/NBD and Gamma-Gamma in Fader, Hardie & Lee), with weeks turned
 * into days (α and β × 7) and dollars into the base currency's minor units (γ × 10^exponent).
 *
 * @example
 * defaultScoringModel(2).gammaGamma.gamma; // 1544
 * defaultScoringModel(2).paretoNbd?.alpha; // 74.0432
 */
export function defaultScoringModel(currencyExponent: number): ScoringModel {
  return {
    bgNbd: { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
    paretoNbd: { ...cdnowParetoNbdInDays },
    gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 * 10 ** currencyExponent },
    source: 'default',
  };
}

/** Where the parameters of the purchase model in use come from. */
export type PurchaseModelSource =
  | { kind: 'fitted'; buyers: number; fittedAt: string }
  | { kind: 'default' }
  /** A fit stored before this model was fitted too: its defaults until the next weekly fit. */
  | { kind: 'default-until-next-fit'; fittedAt: string };

/** The purchase model chosen in the settings, ready to predict. Time in days. */
export interface PurchaseModel {
  name: PurchaseModelName;
  /** The model's name as the papers write it (Pareto/NBD, BG/NBD). */
  label: string;
  source: PurchaseModelSource;
  /** The probability that a customer with this history is still active. */
  pAlive(history: PurchaseHistory): number;
  /** Expected purchases in the next `days`, given the history. */
  expectedPurchases(days: number, history: PurchaseHistory): number;
}

/**
 * The purchase model an operator chose (`model` in the scoring settings), with the parameters in
 * use for it: fitted on this customer base when the stored fit has them, the CDNOW defaults
 * otherwise.
 *
 * @example
 * const purchases = purchaseModelOf(defaultScoringModel(2), 'pareto-nbd');
 * purchases.pAlive({ x: 0, tx: 0, T: 400 }); // ≈ 0.21: a one-time buyer 400 days on
 */
export function purchaseModelOf(model: ScoringModel, name: PurchaseModelName): PurchaseModel {
  const fitted: PurchaseModelSource =
    model.source === 'fitted'
      ? { kind: 'fitted', buyers: model.buyers ?? 0, fittedAt: model.fittedAt ?? '' }
      : { kind: 'default' };
  if (name === 'bg-nbd') {
    const params = model.bgNbd;
    return {
      name,
      label: 'BG/NBD',
      source: fitted,
      pAlive: (history) => bgNbdPAlive(params, history),
      expectedPurchases: (days, history) => bgNbdExpectedPurchases(params, days, history),
    };
  }
  const params = model.paretoNbd ?? cdnowParetoNbdInDays;
  return {
    name,
    label: 'Pareto/NBD',
    source: model.paretoNbd ? fitted : { kind: 'default-until-next-fit', fittedAt: model.fittedAt ?? '' },
    pAlive: (history) => paretoNbdPAlive(params, history),
    expectedPurchases: (days, history) => paretoNbdExpectedPurchases(params, days, history),
  };
}
