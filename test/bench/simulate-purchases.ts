import type { PurchaseHistory } from '../../shared/scoring/clv';
import { gammaDraw, seededRandom } from '../helpers/customer-base-simulation';

/**
 * One simulated customer: the calendar time of the first purchase, of each repeat purchase, and
 * of the (unobservable) drop-out, Infinity if it is after the end of the simulation.
 */
export interface SimulatedCustomer {
  first: number;
  repeats: number[];
  death: number;
}

/** Who is simulated and for how long, in the caller's time unit. */
export interface SimulationWindow {
  /** First purchases fall uniformly in [firstFrom, firstTo] (a cohort acquired over a quarter, say). */
  firstFrom: number;
  firstTo: number;
  /** Purchases are simulated up to this calendar time (the end of the holdout period). */
  end: number;
}

/**
 * Simulates customers from the Pareto/NBD story (Schmittlein, Morrison & Colombo 1987): each buys
 * at a Poisson rate λ ~ Gamma(r, α) while alive and dies after an exponential lifetime of rate
 * μ ~ Gamma(s, β) counted from the first purchase, at any time, even before a second purchase.
 * Seeded, so a study is reproducible.
 *
 * @example
 * const base = simulateParetoNbd(2357, { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, 7, { firstFrom: 0, firstTo: 12, end: 78 });
 */
export function simulateParetoNbd(
  customers: number,
  params: { r: number; alpha: number; s: number; beta: number },
  seed: number,
  window: SimulationWindow,
): SimulatedCustomer[] {
  const random = seededRandom(seed);
  return Array.from({ length: customers }, () => {
    const lambda = gammaDraw(random, params.r, params.alpha);
    const mu = gammaDraw(random, params.s, params.beta);
    const first = window.firstFrom + random() * (window.firstTo - window.firstFrom);
    const death = first - Math.log(1 - random()) / mu;
    const stop = Math.min(death, window.end);
    const repeats: number[] = [];
    for (let time = first - Math.log(1 - random()) / lambda; time <= stop; ) {
      repeats.push(time);
      time -= Math.log(1 - random()) / lambda;
    }
    return { first, repeats, death: death <= window.end ? death : Number.POSITIVE_INFINITY };
  });
}

/**
 * Simulates customers from the BG/NBD story (Fader, Hardie & Lee 2005): each buys at a Poisson
 * rate λ ~ Gamma(r, α) and, after each repeat purchase, drops out with probability p ~ Beta(a, b);
 * so nobody drops out before a second purchase.
 *
 * @example
 * const base = simulateBgNbd(2357, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, 7, { firstFrom: 0, firstTo: 12, end: 78 });
 */
export function simulateBgNbd(
  customers: number,
  params: { r: number; alpha: number; a: number; b: number },
  seed: number,
  window: SimulationWindow,
): SimulatedCustomer[] {
  const random = seededRandom(seed);
  return Array.from({ length: customers }, () => {
    const lambda = gammaDraw(random, params.r, params.alpha);
    const g = gammaDraw(random, params.a, 1);
    const dropout = g / (g + gammaDraw(random, params.b, 1));
    const first = window.firstFrom + random() * (window.firstTo - window.firstFrom);
    const repeats: number[] = [];
    let death = Number.POSITIVE_INFINITY;
    for (let time = first - Math.log(1 - random()) / lambda; time <= window.end; ) {
      repeats.push(time);
      if (random() < dropout) {
        death = time;
        break;
      }
      time -= Math.log(1 - random()) / lambda;
    }
    return { first, repeats, death };
  });
}

/** A customer seen at the end of the calibration period, and what they did after it. */
export interface CalibrationAndHoldout {
  calibration: PurchaseHistory;
  /** Calendar times of the repeat purchases after the calibration period, up to the end. */
  holdout: number[];
  /** When the customer first bought (calendar time). */
  first: number;
  /** The truth no shop sees: whether the customer was still active when the calibration ended. */
  aliveAtCalibrationEnd: boolean;
}

/**
 * Splits purchase histories at `calibrationEnd`: x, tx and T over the calibration period (times
 * observed to `resolution`, as dates are), and the holdout purchases after it. Customers whose
 * first purchase is after the calibration period are left out, as in the papers.
 *
 * @example
 * const split = splitAtCalibration(base, 39, 1 / 7);
 */
export function splitAtCalibration(
  customers: ReadonlyArray<SimulatedCustomer>,
  calibrationEnd: number,
  resolution = 0,
): CalibrationAndHoldout[] {
  const observed = (time: number) => (resolution > 0 ? Math.round(time / resolution) * resolution : time);
  return customers
    .filter((customer) => customer.first <= calibrationEnd)
    .map(({ first, repeats, death }) => {
      const before = repeats.filter((time) => time <= calibrationEnd);
      const last = before.length > 0 ? (before[before.length - 1] as number) : first;
      return {
        first,
        calibration: {
          x: before.length,
          tx: observed(last - first),
          T: observed(calibrationEnd - first),
        },
        holdout: repeats.filter((time) => time > calibrationEnd),
        aliveAtCalibrationEnd: death > calibrationEnd,
      };
    });
}
