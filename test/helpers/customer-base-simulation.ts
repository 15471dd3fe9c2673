import type { PurchaseHistory } from '../../shared/scoring/clv';

/** A seeded uniform random number generator (mulberry32), so simulations are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, rate) draw (Marsaglia–Tsang; boosted for shape < 1). */
export function gammaDraw(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaDraw(random, shape + 1, rate) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = normal(random);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    x = x * x;
    const u = random();
    if (u < 1 - 0.0331 * x * x || Math.log(u) < 0.5 * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/**
 * Simulates a customer base from known BG/NBD and Gamma-Gamma parameters (the models' own
 * story): each customer buys at a Poisson rate λ ~ Gamma(r, α), drops out after any purchase with
 * probability p ~ Beta(a, b), is observed for T units since the first purchase, and spends per
 * transaction z ~ Gamma(p_s, ν) with ν ~ Gamma(q, γ).
 *
 * @example
 * const rows = simulateCustomerBase(10_000, { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { p: 6, q: 4, gamma: 15 }, 1);
 */
export function simulateCustomerBase(
  customers: number,
  bgNbd: { r: number; alpha: number; a: number; b: number },
  gammaGamma: { p: number; q: number; gamma: number },
  seed: number,
  horizon = { min: 26, max: 78 },
  /** Times are observed to this resolution (default a day, in weeks), as purchase dates are. */
  resolution = 1 / 7,
): Array<PurchaseHistory & { mx: number }> {
  const observed = (time: number) => Math.round(time / resolution) * resolution;
  const random = seededRandom(seed);
  const rows: Array<PurchaseHistory & { mx: number }> = [];
  for (let index = 0; index < customers; index += 1) {
    const lambda = gammaDraw(random, bgNbd.r, bgNbd.alpha);
    const g1 = gammaDraw(random, bgNbd.a, 1);
    const dropout = g1 / (g1 + gammaDraw(random, bgNbd.b, 1));
    const nu = gammaDraw(random, gammaGamma.q, gammaGamma.gamma);
    const T = horizon.min + random() * (horizon.max - horizon.min);
    let time = 0;
    let x = 0;
    let tx = 0;
    let spend = 0;
    for (;;) {
      time += -Math.log(1 - random()) / lambda;
      if (time > T) break;
      x += 1;
      tx = time;
      spend += gammaDraw(random, gammaGamma.p, nu);
      if (random() < dropout) break;
    }
    rows.push({ x, tx: observed(tx), T: observed(T), mx: x > 0 ? spend / x : 0 });
  }
  return rows;
}
