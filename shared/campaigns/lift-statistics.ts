import { logGamma } from '../scoring/special-functions';

/**
 * The statistics of a campaign's lift, chosen to hold at a small shop's sizes:
 * - conversion difference: Newcombe's hybrid score interval (Newcombe 1998, method 10), built from
 *   Wilson intervals, which keep their coverage with few conversions and never leave [-1, 1]
 *   (the Wald interval collapses to zero width with no conversions);
 * - its p-value: Fisher's exact test, two-sided (exact at any size, no normal approximation);
 * - relative conversion lift: the risk ratio's log interval (Katz), undefined while a group has no
 *   conversions;
 * - revenue per customer: Welch's t interval and test (unequal variances; revenue is skewed, so it
 *   needs a few dozen members per group before its interval means much);
 * - the minimum detectable conversion lift at 80% power and 5% two-sided significance.
 */

/** z for a two-sided 95% interval, Φ⁻¹(0.975) (scipy.stats.norm.ppf(0.975)). */
export const z975 = 1.959963984540054;
/** z for 80% power, Φ⁻¹(0.8) (scipy.stats.norm.ppf(0.8)). */
export const z80 = 0.8416212335729143;

/**
 * Wilson's score interval for a proportion x/n at 95%.
 *
 * @example
 * wilsonInterval(3, 10); // [0.1078, 0.6032]
 */
export function wilsonInterval(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const z2 = z975 * z975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z975 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score 95% interval for the difference of two proportions x1/n1 − x2/n2.
 *
 * @example
 * newcombeInterval(56, 70, 48, 80); // [0.0524, 0.3339] (Newcombe 1998, Table II)
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number): [number, number] {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1);
  const [l2, u2] = wilsonInterval(x2, n2);
  const difference = p1 - p2;
  return [
    difference - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    difference + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
  ];
}

/**
 * Fisher's exact test, two-sided, of x1/n1 against x2/n2: the probability, with the margins
 * fixed, of a table at most as likely as the one observed (as scipy.stats.fisher_exact computes it).
 *
 * @example
 * fisherExactTwoSided(3, 4, 1, 4); // 0.4857 (Fisher's tea tasting)
 */
export function fisherExactTwoSided(x1: number, n1: number, x2: number, n2: number): number {
  const successes = x1 + x2;
  const total = n1 + n2;
  const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  const logDenominator = logChoose(total, successes);
  const probability = (k: number) =>
    Math.exp(logChoose(n1, k) + logChoose(n2, successes - k) - logDenominator);
  const observed = probability(x1);
  let p = 0;
  for (let k = Math.max(0, successes - n2); k <= Math.min(n1, successes); k += 1) {
    const pk = probability(k);
    // The relative tolerance scipy uses, so that tables as likely as the observed one count.
    if (pk <= observed * (1 + 1e-7)) p += pk;
  }
  return Math.min(1, p);
}

/**
 * The regularized incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes §6.4).
 *
 * @example
 * regularizedBeta(0.5, 2, 3); // 0.6875
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= 300; m += 1) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + even / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + odd / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    result *= step;
    if (Math.abs(step - 1) < 3e-16) break;
  }
  return result;
}

/**
 * Student's t cumulative distribution with `df` degrees of freedom (any positive real).
 *
 * @example
 * studentTCdf(2.1, 7.5); // 0.96438
 */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Student's t quantile (bisection on the CDF, to 1e-12).
 *
 * @example
 * studentTQuantile(0.975, 3); // 3.18245
 */
export function studentTQuantile(p: number, df: number): number {
  let low = -1e3;
  let high = 1e3;
  for (let step = 0; step < 200 && high - low > 1e-12; step += 1) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/** A group's revenue figures: members, and the sum and sum of squares of each member's revenue. */
export interface RevenueMoments {
  n: number;
  sum: number;
  sumSquares: number;
}

/**
 * Welch's t interval (95%) and two-sided p-value for the difference of two means, from each
 * group's count, sum and sum of squares. Undefined with fewer than two members in a group or no
 * variance at all.
 *
 * @example
 * welch({ n: 12, sum: 540, sumSquares: … }, { n: 15, sum: 450, sumSquares: … });
 */
export function welch(
  treatment: RevenueMoments,
  control: RevenueMoments,
): { difference: number; ci95: [number, number]; pValue: number } | undefined {
  if (treatment.n < 2 || control.n < 2) return undefined;
  const moments = ({ n, sum, sumSquares }: RevenueMoments) => {
    const mean = sum / n;
    return { mean, variance: Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) };
  };
  const a = moments(treatment);
  const b = moments(control);
  const va = a.variance / treatment.n;
  const vb = b.variance / control.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return undefined;
  const df = (va + vb) ** 2 / (va ** 2 / (treatment.n - 1) + vb ** 2 / (control.n - 1));
  const difference = a.mean - b.mean;
  const quantile = studentTQuantile(0.975, df);
  return {
    difference,
    ci95: [difference - quantile * se, difference + quantile * se],
    pValue: Math.min(1, 2 * (1 - studentTCdf(Math.abs(difference / se), df))),
  };
}

/**
 * The smallest absolute conversion lift the groups' sizes can show at 80% power and 5% two-sided
 * significance, around the rate seen so far (Agresti–Caffo adjusted, so that it is not zero before
 * the first conversion).
 *
 * @example
 * minimumDetectableLift(200, 200, 10, 10); // ≈ 0.063
 */
export function minimumDetectableLift(n1: number, n2: number, x1: number, x2: number): number | undefined {
  if (n1 === 0 || n2 === 0) return undefined;
  const rate = (x1 + x2 + 2) / (n1 + n2 + 4);
  return (z975 + z80) * Math.sqrt(rate * (1 - rate) * (1 / n1 + 1 / n2));
}

/**
 * The risk ratio's 95% interval (Katz log method) as a relative lift (ratio − 1); undefined while
 * a group has no conversion (the ratio is then 0 or unbounded).
 *
 * @example
 * relativeLiftInterval(30, 100, 20, 100); // [-0.06, 1.39] about
 */
export function relativeLiftInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): [number, number] | undefined {
  if (x1 === 0 || x2 === 0) return undefined;
  const logRatio = Math.log(x1 / n1 / (x2 / n2));
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return [Math.exp(logRatio - z975 * se) - 1, Math.exp(logRatio + z975 * se) - 1];
}
