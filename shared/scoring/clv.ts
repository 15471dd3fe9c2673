import { nelderMead } from './nelder-mead';
import { hypergeometric2F1, logGamma } from './special-functions';
import { valueIndexer } from './value-indexer';

/**
 * The customer-base models of Fader, Hardie & Lee (2005): BG/NBD ("Counting your customers the
 * easy way") for how many more purchases a customer makes and whether they are still active, and
 * Gamma-Gamma ("RFM and CLV: using iso-value curves") for how much they spend. Pure functions in
 * any time unit the caller chooses: x = repeat purchases, tx = time of the last purchase since
 * the first, T = time since the first purchase, mx = mean repeat order value.
 */

/** One customer's purchase history. */
export interface PurchaseHistory {
  x: number;
  tx: number;
  T: number;
}

/** BG/NBD parameters and the log-likelihood of the fit. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
}

/** Gamma-Gamma parameters and the log-likelihood of the fit. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
  logLikelihood: number;
}

/**
 * The BG/NBD log-likelihood of a sample (equation 6 of the paper), summed stably: the per-x
 * gamma terms are computed once per distinct x, and the two branches of the likelihood are added
 * in log space.
 *
 * @example
 * bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, rows); // ≈ -9582.4 on CDNOW
 */
export function bgNbdLogLikelihood(
  params: Omit<BgNbdParams, 'logLikelihood'>,
  rows: ReadonlyArray<PurchaseHistory>,
): number {
  return columnarLogLikelihood(params, columns(rows));
}

/**
 * A sample compressed for the likelihood loop: identical histories counted once with a weight,
 * and the distinct values of x, tx and T indexed, so that each evaluation takes one logarithm per
 * distinct time rather than per customer. Real histories are counted in whole days, so 100,000
 * customers have a few thousand distinct times.
 */
interface Columns {
  weight: Float64Array;
  x: Float64Array;
  xIndex: Uint32Array;
  txIndex: Uint32Array;
  tIndex: Uint32Array;
  distinctX: number[];
  distinctTx: number[];
  distinctT: number[];
}

function columns(rows: ReadonlyArray<PurchaseHistory>): Columns {
  const xs = valueIndexer();
  const txs = valueIndexer();
  const ts = valueIndexer();
  const unique = new Map<string, { x: number; xi: number; txi: number; ti: number; weight: number }>();
  for (const row of rows) {
    const key = `${row.x}|${row.tx}|${row.T}`;
    const found = unique.get(key);
    if (found) found.weight += 1;
    else unique.set(key, { x: row.x, xi: xs.of(row.x), txi: txs.of(row.tx), ti: ts.of(row.T), weight: 1 });
  }
  const entries = [...unique.values()];
  return {
    weight: Float64Array.from(entries, (entry) => entry.weight),
    x: Float64Array.from(entries, (entry) => entry.x),
    xIndex: Uint32Array.from(entries, (entry) => entry.xi),
    txIndex: Uint32Array.from(entries, (entry) => entry.txi),
    tIndex: Uint32Array.from(entries, (entry) => entry.ti),
    distinctX: xs.values,
    distinctTx: txs.values,
    distinctT: ts.values,
  };
}

function columnarLogLikelihood(params: Omit<BgNbdParams, 'logLikelihood'>, data: Columns): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  const base = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
  const gammaTerms = data.distinctX.map(
    (x) => base + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x),
  );
  const dropTerms = data.distinctX.map((x) => (x > 0 ? Math.log(a) - Math.log(b + x - 1) : 0));
  const logAlphaT = data.distinctT.map((T) => Math.log(alpha + T));
  const logAlphaTx = data.distinctTx.map((tx) => Math.log(alpha + tx));
  const { weight, x, xIndex, txIndex, tIndex } = data;
  let total = 0;
  for (let i = 0; i < x.length; i += 1) {
    const xi = x[i] as number;
    const k = xIndex[i] as number;
    const alive = -(r + xi) * (logAlphaT[tIndex[i] as number] as number);
    let contribution: number;
    if (xi > 0) {
      const dropped = (dropTerms[k] as number) - (r + xi) * (logAlphaTx[txIndex[i] as number] as number);
      // ln(e^alive + e^dropped), stably.
      contribution =
        (gammaTerms[k] as number) +
        Math.max(alive, dropped) +
        Math.log1p(Math.exp(Math.min(alive, dropped) - Math.max(alive, dropped)));
    } else {
      contribution = (gammaTerms[k] as number) + alive;
    }
    total += (weight[i] as number) * contribution;
  }
  return total;
}

/**
 * Fits BG/NBD by maximum likelihood: Nelder–Mead on the logarithms of the parameters (so they
 * stay positive), from several starting points, keeping the best.
 *
 * @example
 * fitBgNbd(rows); // { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 } on CDNOW
 */
export function fitBgNbd(rows: ReadonlyArray<PurchaseHistory>): BgNbdParams {
  if (rows.length === 0) throw new RangeError('fitBgNbd needs at least one customer');
  const meanT = rows.reduce((sum, row) => sum + row.T, 0) / rows.length;
  const starts = [
    [1, meanT, 1, 1],
    [0.5, meanT / 4, 0.5, 2],
    [2, meanT * 2, 2, 5],
  ].map((start) => start.map(Math.log));
  const data = columns(rows);
  const negative = ([lr, lalpha, la, lb]: number[]) =>
    -columnarLogLikelihood(
      {
        r: Math.exp(lr as number),
        alpha: Math.exp(lalpha as number),
        a: Math.exp(la as number),
        b: Math.exp(lb as number),
      },
      data,
    );
  const best = minimizeFromStarts(negative, starts);
  const [r, alpha, a, b] = best.point.map(Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -best.value };
}

/**
 * A robust minimum: a coarse search from each start (a likelihood can have flat ridges and poor
 * local optima far from the data's scale), then the best one refined to a tight tolerance.
 */
function minimizeFromStarts(f: (point: number[]) => number, starts: number[][]) {
  const coarse = starts
    .map((start) => nelderMead(f, start, { tolerance: 1e-6, maxEvaluations: 400 }))
    .reduce((p, q) => (q.value < p.value ? q : p));
  return nelderMead(f, coarse.point, { tolerance: 1e-11, step: 0.1 });
}

/**
 * P(alive): the probability that a customer with this history is still active (equation 13).
 * One with no repeat purchase is certainly alive in the model (P = 1).
 *
 * @example
 * bgNbdPAlive(params, { x: 2, tx: 30.43, T: 38.86 }); // ≈ 0.72 on CDNOW
 */
export function bgNbdPAlive(params: Omit<BgNbdParams, 'logLikelihood'>, history: PurchaseHistory): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = history;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * The expected number of purchases in the next `t` time units, given the history (equation 10).
 *
 * @example
 * bgNbdExpectedPurchases(params, 39, { x: 2, tx: 30.43, T: 38.86 }); // ≈ 1.226 on CDNOW
 */
export function bgNbdExpectedPurchases(
  params: Omit<BgNbdParams, 'logLikelihood'>,
  t: number,
  history: PurchaseHistory,
): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = history;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const hyper = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const decay = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - decay * hyper);
  const denominator =
    x > 0
      ? 1 +
        Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)))
      : 1;
  return numerator / denominator;
}

/**
 * The Gamma-Gamma log-likelihood of the mean repeat spend of customers with x ≥ 1.
 *
 * @example
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, rows);
 */
export function gammaGammaLogLikelihood(
  params: Omit<GammaGammaParams, 'logLikelihood'>,
  rows: ReadonlyArray<{ x: number; mx: number }>,
): number {
  return spendLogLikelihood(params, spendColumns(rows));
}

/** Customers with a repeat purchase as columns, ln(mx) taken once. */
interface SpendColumns {
  x: Float64Array;
  mx: Float64Array;
  logMx: Float64Array;
  xIndex: Uint32Array;
  distinctX: number[];
}

function spendColumns(rows: ReadonlyArray<{ x: number; mx: number }>): SpendColumns {
  const usable = rows.filter((row) => row.x >= 1 && row.mx > 0);
  const distinctX = [...new Set(usable.map((row) => row.x))];
  const position = new Map(distinctX.map((x, index) => [x, index]));
  return {
    x: Float64Array.from(usable, (row) => row.x),
    mx: Float64Array.from(usable, (row) => row.mx),
    logMx: Float64Array.from(usable, (row) => Math.log(row.mx)),
    xIndex: Uint32Array.from(usable, (row) => position.get(row.x) as number),
    distinctX,
  };
}

function spendLogLikelihood(params: Omit<GammaGammaParams, 'logLikelihood'>, data: SpendColumns): number {
  const { p, q, gamma } = params;
  if (!(p > 0 && q > 0 && gamma > 0)) return Number.NEGATIVE_INFINITY;
  const common = -logGamma(q) + q * Math.log(gamma);
  const byX = data.distinctX.map((x) => common + logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x));
  let total = 0;
  for (let i = 0; i < data.x.length; i += 1) {
    const x = data.x[i] as number;
    const px = p * x;
    total +=
      (byX[data.xIndex[i] as number] as number) +
      (px - 1) * (data.logMx[i] as number) -
      (px + q) * Math.log(gamma + x * (data.mx[i] as number));
  }
  return total;
}

/**
 * Fits Gamma-Gamma by maximum likelihood on customers with at least one repeat purchase.
 *
 * @example
 * fitGammaGamma(rows); // { p: 6.25, q: 3.74, gamma: 15.44, ... } on CDNOW
 */
export function fitGammaGamma(rows: ReadonlyArray<{ x: number; mx: number }>): GammaGammaParams {
  const usable = rows.filter((row) => row.x >= 1 && row.mx > 0);
  if (usable.length === 0) throw new RangeError('fitGammaGamma needs a customer with a repeat purchase');
  const meanSpend = usable.reduce((sum, row) => sum + row.mx, 0) / usable.length;
  const starts = [
    [1, 1, meanSpend],
    [5, 3, meanSpend / 2],
    [10, 5, meanSpend * 2],
  ].map((start) => start.map(Math.log));
  const data = spendColumns(usable);
  const negative = ([lp, lq, lgamma]: number[]) =>
    -spendLogLikelihood(
      { p: Math.exp(lp as number), q: Math.exp(lq as number), gamma: Math.exp(lgamma as number) },
      data,
    );
  const best = minimizeFromStarts(negative, starts);
  const [p, q, gamma] = best.point.map(Math.exp) as [number, number, number];
  return { p, q, gamma, logLikelihood: -best.value };
}

/**
 * The expected mean spend of a customer's future transactions (equation 5 of "RFM and CLV"):
 * a weighted mean of the population mean and the customer's own mean. With no repeat purchase
 * it is the population mean.
 *
 * @example
 * gammaGammaExpectedSpend(params, { x: 2, mx: 22.35 });
 */
export function gammaGammaExpectedSpend(
  params: Omit<GammaGammaParams, 'logLikelihood'>,
  history: { x: number; mx: number },
): number {
  const { p, q, gamma } = params;
  const { x, mx } = history;
  if (x < 1) return (p * gamma) / (q - 1);
  return ((gamma + x * mx) * p) / (p * x + q - 1);
}

// Pareto/NBD, the model in which a customer may drop out before buying again, lives in a file of
// its own; the customer-base models are reached from here.
export {
  fitParetoNbd,
  type ParetoNbdHistory,
  type ParetoNbdParams,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from './pareto-nbd';
