import { nelderMead } from './nelder-mead';
import { logGamma } from './special-functions';
import { valueIndexer } from './value-indexer';

/**
 * The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), as Fader & Hardie derive it in
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions" (2005): while alive a customer
 * buys at a Poisson rate λ ~ Gamma(r, α) and drops out after an exponential lifetime of rate
 * μ ~ Gamma(s, β), at any time, so unlike BG/NBD a customer who never bought again may be gone.
 * Pure functions in any time unit the caller chooses: x = repeat purchases, tx = time of the last
 * purchase since the first (0 when x = 0), T = time since the first purchase.
 */

/** Pareto/NBD parameters and the log-likelihood of the fit. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
  logLikelihood: number;
}

/** One customer's purchase history (the same shape as BG/NBD's). */
export interface ParetoNbdHistory {
  x: number;
  tx: number;
  T: number;
}

type Parameters = Omit<ParetoNbdParams, 'logLikelihood'>;

/**
 * ln ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1: every factor Fader & Hardie's A₀ needs, once
 * Euler's transformation ₂F₁(a, b; a + 1; z) = (1 − z)^(1 − b) ₂F₁(1, a + 1 − b; a + 1; z) has
 * taken out the (1 − z) power that overflows for large x. What is left lies in [1, 1/(1 − z)].
 * Its power series has positive terms whose ratios z (b + j)/(c + j) grow towards z, so the
 * remainder after a term is at most that term × z / (1 − z): summed until that bound is
 * negligible, it converges in a few terms when c − b is large (many purchases) or z is small.
 * When it has not within 300 terms (z near 1, which needs thousands), Gauss's continued fraction
 * (the one of the incomplete beta function, by the modified Lentz method) converges in far fewer.
 */
function logHypergeometric1(b: number, c: number, z: number): number {
  if (z <= 0) return 0;
  let term = 1;
  let sum = 1;
  for (let j = 0; j < 300; j += 1) {
    const ratio = (z * (b + j)) / (c + j);
    term *= ratio;
    sum += term;
    if (term * z <= 1e-16 * (1 - z) * sum) return Math.log(sum);
  }
  return Math.log(betaContinuedFraction(c - 1, b - c + 1, z));
}

/**
 * The continued fraction of the incomplete beta function, B_z(p, q) = z^p (1 − z)^q / p × CF,
 * which is ₂F₁(1, p + q; p + 1; z). Valid for p > 0 and any q; here q ≤ 0.
 */
function betaContinuedFraction(p: number, q: number, z: number): number {
  const tiny = 1e-300;
  const guard = (value: number) => (Math.abs(value) < tiny ? tiny : value);
  let c = 1;
  let d = 1 / guard(1 - ((p + q) * z) / (p + 1));
  let h = d;
  for (let m = 1; m < 1_000_000; m += 1) {
    const m2 = 2 * m;
    let numerator = (m * (q - m) * z) / ((p - 1 + m2) * (p + m2));
    d = 1 / guard(1 + numerator * d);
    c = guard(1 + numerator / c);
    h *= d * c;
    numerator = (-(p + m) * (p + q + m) * z) / ((p + m2) * (p + 1 + m2));
    d = 1 / guard(1 + numerator * d);
    c = guard(1 + numerator / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= 1e-16) break;
  }
  return h;
}

/**
 * One end y of Fader & Hardie's A₀, in logs. With
 * E(y) = (α + y)^−(r+x) (β + y)^−s, the integral ∫_y^∞ (α + τ)^−(r+x) (β + τ)^−(s+1) dτ is
 * E(y) K(y) / (r + s + x), where K = ₂F₁(1, r + x; r + s + x + 1; (α − β)/(α + y)) when α ≥ β and
 * K = (α + y)/(β + y) × ₂F₁(1, s + 1; r + s + x + 1; (β − α)/(β + y)) when α < β: the note's two
 * cases, so the argument always lies in [0, 1). Returns ln E(y) and ln E(y) + ln K(y).
 */
function logEnd(params: Parameters, x: number, y: number): { logE: number; logEK: number } {
  const { r, alpha, s, beta } = params;
  const logAlpha = Math.log(alpha + y);
  const logBeta = Math.log(beta + y);
  const logE = -(r + x) * logAlpha - s * logBeta;
  const c = r + s + x + 1;
  const logK =
    alpha >= beta
      ? logHypergeometric1(r + x, c, (alpha - beta) / (alpha + y))
      : logAlpha - logBeta + logHypergeometric1(s + 1, c, (beta - alpha) / (beta + y));
  return { logE, logEK: logE + logK };
}

/**
 * The likelihood of one history (in the note) is
 * Γ(r + x) α^r β^s / Γ(r) × [E(T) + s/(r + s + x) × (E(tx) K(tx) − E(T) K(T))]: the customer is
 * alive at T, or died between tx and T. Both branches are returned divided by E(tx) K(tx), which
 * keeps them in range for any x and T and takes the difference without cancellation; their sum
 * is the bracket.
 */
function scaledBranches(
  sOverA: number,
  logEAtT: number,
  logEKAtT: number,
  logEKAtTx: number,
): { alive: number; dropped: number } {
  const gap = logEKAtT - logEKAtTx;
  return {
    alive: Math.exp(logEAtT - logEKAtTx),
    // 1 − e^gap rather than −expm1(gap), twice as fast in the likelihood loop: its absolute error
    // (1e-16) is what matters, since the alive branch is of order 1 whenever gap is near 0.
    dropped: gap < 0 ? sOverA * (1 - Math.exp(gap)) : 0,
  };
}

function branchesOf(params: Parameters, history: ParetoNbdHistory) {
  const { r, s } = params;
  const x = history.x;
  // With no repeat purchase the last purchase is the first: tx is 0 by definition.
  const tx = x === 0 ? 0 : history.tx;
  const atT = logEnd(params, x, history.T);
  const atTx = logEnd(params, x, tx);
  return scaledBranches(s / (r + s + x), atT.logE, atT.logEK, atTx.logEK);
}

/**
 * A sample compressed for the likelihood loop: identical histories counted once with a weight,
 * and E(y) and K(y) computed once per distinct pair of x and time y (tx or T). Real histories are
 * counted in whole days, so 100,000 customers have some tens of thousands of distinct histories
 * but only a few thousand (x, y) pairs, where the hypergeometric series is summed.
 */
interface Columns {
  weight: Float64Array;
  xIndex: Uint32Array;
  txPair: Uint32Array;
  tPair: Uint32Array;
  distinctX: Float64Array;
  distinctY: Float64Array;
  pairX: Uint32Array;
  pairY: Uint32Array;
}

function columns(rows: ReadonlyArray<ParetoNbdHistory>): Columns {
  const xs = valueIndexer();
  const ys = valueIndexer();
  const pairs = new Map<number, number>();
  const pairX: number[] = [];
  const pairY: number[] = [];
  const pairOf = (xi: number, yi: number) => {
    const key = xi * 4_294_967_296 + yi;
    let position = pairs.get(key);
    if (position === undefined) {
      position = pairX.length;
      pairs.set(key, position);
      pairX.push(xi);
      pairY.push(yi);
    }
    return position;
  };
  const unique = new Map<string, { xi: number; txp: number; tp: number; weight: number }>();
  for (const row of rows) {
    const tx = row.x === 0 ? 0 : row.tx;
    const key = `${row.x}|${tx}|${row.T}`;
    const found = unique.get(key);
    if (found) {
      found.weight += 1;
      continue;
    }
    const xi = xs.of(row.x);
    unique.set(key, { xi, txp: pairOf(xi, ys.of(tx)), tp: pairOf(xi, ys.of(row.T)), weight: 1 });
  }
  const entries = [...unique.values()];
  return {
    weight: Float64Array.from(entries, (entry) => entry.weight),
    xIndex: Uint32Array.from(entries, (entry) => entry.xi),
    txPair: Uint32Array.from(entries, (entry) => entry.txp),
    tPair: Uint32Array.from(entries, (entry) => entry.tp),
    distinctX: Float64Array.from(xs.values),
    distinctY: Float64Array.from(ys.values),
    pairX: Uint32Array.from(pairX),
    pairY: Uint32Array.from(pairY),
  };
}

function columnarLogLikelihood(params: Parameters, data: Columns): number {
  const { r, alpha, s, beta } = params;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
  const { distinctX, distinctY, pairX, pairY } = data;
  const base = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const gammaTerms = new Float64Array(distinctX.length);
  const sOverA = new Float64Array(distinctX.length);
  for (let k = 0; k < distinctX.length; k += 1) {
    const x = distinctX[k] as number;
    gammaTerms[k] = base + logGamma(r + x);
    sOverA[k] = s / (r + s + x);
  }
  const pairLogE = new Float64Array(pairX.length);
  const pairLogEK = new Float64Array(pairX.length);
  for (let k = 0; k < pairX.length; k += 1) {
    const end = logEnd(
      params,
      distinctX[pairX[k] as number] as number,
      distinctY[pairY[k] as number] as number,
    );
    pairLogE[k] = end.logE;
    pairLogEK[k] = end.logEK;
  }
  const { weight, xIndex, txPair, tPair } = data;
  let total = 0;
  for (let i = 0; i < weight.length; i += 1) {
    const k = xIndex[i] as number;
    const tp = tPair[i] as number;
    const logEKAtTx = pairLogEK[txPair[i] as number] as number;
    const { alive, dropped } = scaledBranches(
      sOverA[k] as number,
      pairLogE[tp] as number,
      pairLogEK[tp] as number,
      logEKAtTx,
    );
    total += (weight[i] as number) * ((gammaTerms[k] as number) + logEKAtTx + Math.log(alive + dropped));
  }
  return total;
}

/**
 * The Pareto/NBD log-likelihood of a sample (Fader & Hardie's note), computed in log space.
 *
 * @example
 * paretoNbdLogLikelihood({ r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 }, rows); // ≈ -9594.98 on CDNOW
 */
export function paretoNbdLogLikelihood(params: Parameters, rows: ReadonlyArray<ParetoNbdHistory>): number {
  return columnarLogLikelihood(params, columns(rows));
}

/**
 * Fits Pareto/NBD by maximum likelihood: Nelder–Mead on the logarithms of the parameters (so they
 * stay positive), from several starting points, keeping the best and refining it tightly.
 *
 * @example
 * fitParetoNbd(rows); // { r: 0.5533, alpha: 10.577, s: 0.6062, beta: 11.668, logLikelihood: -9594.974 } on CDNOW
 */
export function fitParetoNbd(rows: ReadonlyArray<ParetoNbdHistory>): ParetoNbdParams {
  if (rows.length === 0) throw new RangeError('fitParetoNbd needs at least one customer');
  const meanT = rows.reduce((sum, row) => sum + row.T, 0) / rows.length;
  const starts = [
    [1, meanT, 1, meanT],
    [0.5, meanT / 3, 0.5, meanT / 3],
    [2, meanT * 2, 0.5, meanT / 2],
  ].map((start) => start.map(Math.log));
  const negativeOn =
    (data: Columns) =>
    ([lr, lalpha, ls, lbeta]: number[]) =>
      -columnarLogLikelihood(
        {
          r: Math.exp(lr as number),
          alpha: Math.exp(lalpha as number),
          s: Math.exp(ls as number),
          beta: Math.exp(lbeta as number),
        },
        data,
      );
  const negative = negativeOn(columns(rows));
  // The coarse search from every start runs on a sample of at most 10,000 customers (a likelihood
  // ten times cheaper to evaluate, with the same basin), the refinement on everyone.
  const stride = Math.ceil(rows.length / 10_000);
  const sample = stride > 1 ? negativeOn(columns(rows.filter((_, index) => index % stride === 0))) : negative;
  const coarse = starts
    .map((start) => nelderMead(sample, start, { tolerance: 1e-6, maxEvaluations: 400 }))
    .reduce((p, q) => (q.value < p.value ? q : p));
  const best = nelderMead(negative, coarse.point, { tolerance: 1e-11, step: 0.1 });
  const [r, alpha, s, beta] = best.point.map(Math.exp) as [number, number, number, number];
  return { r, alpha, s, beta, logLikelihood: -best.value };
}

/**
 * P(alive): the probability that a customer with this history is still active at T,
 * 1 / (1 + s/(r + s + x) (α + T)^(r+x) (β + T)^s A₀) in the note. It falls with the time since the
 * last purchase, for one-time buyers too.
 *
 * @example
 * paretoNbdPAlive(cdnowParams, { x: 0, tx: 0, T: 13 }); // ≈ 0.58: a one-time buyer 13 weeks on
 */
export function paretoNbdPAlive(params: Parameters, history: ParetoNbdHistory): number {
  const { alive, dropped } = branchesOf(params, history);
  return alive / (alive + dropped);
}

/**
 * The expected number of purchases in the next `t` time units, given the history (the note's
 * conditional expectation): P(alive) × (r + x)(β + T) / ((α + T)(s − 1)) × [1 − ((β + T)/(β + T + t))^(s−1)],
 * whose last factor tends to ln(1 + t/(β + T)) as s tends to 1.
 *
 * @example
 * paretoNbdExpectedPurchases(cdnowParams, 52, { x: 26, tx: 30.86, T: 31 }); // ≈ 25.46
 */
export function paretoNbdExpectedPurchases(params: Parameters, t: number, history: ParetoNbdHistory): number {
  const { r, alpha, s, beta } = params;
  const { x, T } = history;
  if (t <= 0) return 0;
  const logGrowth = Math.log1p(t / (beta + T));
  const horizon = s === 1 ? logGrowth : -Math.expm1(-(s - 1) * logGrowth) / (s - 1);
  return paretoNbdPAlive(params, history) * ((r + x) / (alpha + T)) * (beta + T) * horizon;
}
