import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as clv from '../../shared/scoring/clv';
import {
  fitParetoNbd,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from '../../shared/scoring/pareto-nbd';
import { simulateParetoNbd, splitAtCalibration } from '../bench/simulate-purchases';

/** CDNOW sample of Fader, Hardie & Lee (2005): x, t_x and T in weeks (39-week calibration period). */
const cdnow = readFileSync('test/fixtures/cdnow/cdnow_summary.csv', 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [, x, tx, T] = line.split(',').map(Number) as [number, number, number, number];
    return { x, tx, T };
  });

/** Fader & Hardie's (2005) CDNOW estimates. */
const note = { r: 0.5533, alpha: 10.5776, s: 0.6061, beta: 11.665 };

/**
 * P(alive) straight from the model's definition, as an independent check of the closed form:
 * 1 / (1 + s ∫_tx^T (α + τ)^−(r+x) (β + τ)^−(s+1) dτ / E(T)), the integral by Simpson's rule on
 * w = ln(min(α, β) + τ), where the integrand is smooth even when α and β are far apart.
 */
function pAliveByQuadrature(
  params: { r: number; alpha: number; s: number; beta: number },
  history: { x: number; tx: number; T: number },
): number {
  const { r, alpha, s, beta } = params;
  const { x, tx, T } = history;
  const m = Math.min(alpha, beta);
  const logE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const integrand = (w: number) => {
    const tau = Math.exp(w) - m;
    return Math.exp(w - (r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau) - logE);
  };
  const from = Math.log(m + tx);
  const to = Math.log(m + T);
  const n = 20_000;
  const h = (to - from) / n;
  let sum = integrand(from) + integrand(to);
  for (let i = 1; i < n; i += 1) sum += (i % 2 === 1 ? 4 : 2) * integrand(from + i * h);
  return 1 / (1 + (s * sum * h) / 3);
}

describe('Pareto/NBD on CDNOW (Fader & Hardie 2005)', () => {
  it('fits the note’s estimates to within 0.05% and its log-likelihood to within 0.01', () => {
    // Act
    const fit = fitParetoNbd(cdnow);

    // Assess
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit[name] / note[name] - 1), name).toBeLessThan(5e-4);
    }
    expect(Math.abs(fit.logLikelihood - -9594.98)).toBeLessThan(0.01);
  });

  it('gives the note’s parameters the log-likelihood reported for them (−9594.98)', () => {
    // Act
    const logLikelihood = paretoNbdLogLikelihood(note, cdnow);

    // Assess
    expect(Math.abs(logLikelihood - -9594.98)).toBeLessThan(0.01);
  });

  it('gives a one-time buyer P(alive) ≈ 0.58 after 13 weeks, 0.29 after 39 and 0.16 after 78', () => {
    // Prepare: bought once at time 0, observed T weeks later.
    const oneTimeBuyer = (T: number) => ({ x: 0, tx: 0, T });

    // Act
    const alive = [13, 39, 78].map((T) => paretoNbdPAlive(note, oneTimeBuyer(T)));

    // Assess
    expect(alive[0]).toBeCloseTo(0.58, 2);
    expect(alive[1]).toBeCloseTo(0.29, 2);
    expect(alive[2]).toBeCloseTo(0.16, 2);
  });

  it('agrees with R BTYD: P(alive) 0.9979 and 25.46 purchases in 52 weeks for x=26, tx=30.86, T=31', () => {
    // Prepare: BTYD's estimates, and the values its walkthrough prints (also lifetimes' tests).
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    const history = { x: 26, tx: 30.86, T: 31 };

    // Act
    const alive = paretoNbdPAlive(btyd, history);
    const expected = paretoNbdExpectedPurchases(fitParetoNbd(cdnow), 52, history);

    // Assess
    expect(Math.abs(alive - 0.9979)).toBeLessThan(0.0001);
    expect(Math.abs(expected - 25.46)).toBeLessThan(0.01);
  });

  it('agrees with Python lifetimes on a heavy buyer: 6.2061 then 6.2529 purchases in 10 units for x=132, 133', () => {
    // Prepare: the values of lifetimes' underflow test (tx = T = 200).
    const params = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };

    // Act
    const left = paretoNbdExpectedPurchases(params, 10, { x: 132, tx: 200, T: 200 });
    const right = paretoNbdExpectedPurchases(params, 10, { x: 133, tx: 200, T: 200 });

    // Assess
    expect(left).toBeCloseTo(6.2061, 4);
    expect(right).toBeCloseTo(6.2529, 4);
  });

  it('is exported from clv.ts beside BG/NBD', () => {
    expect(clv.fitParetoNbd).toBe(fitParetoNbd);
    expect(clv.paretoNbdPAlive).toBe(paretoNbdPAlive);
    expect(clv.paretoNbdExpectedPurchases).toBe(paretoNbdExpectedPurchases);
  });
});

describe('Pareto/NBD numerics', () => {
  const cases = [
    { name: 'α < β (CDNOW)', params: note },
    { name: 'α ≥ β', params: { r: 0.8, alpha: 30, s: 1.4, beta: 4 } },
    { name: 'α ≪ β (the series’ argument near 1)', params: { r: 0.4, alpha: 0.01, s: 0.7, beta: 500 } },
    { name: 'α ≫ β (the series’ argument near 1)', params: { r: 2, alpha: 800, s: 0.3, beta: 0.02 } },
  ];
  const histories = [
    { x: 0, tx: 0, T: 40 },
    { x: 1, tx: 2, T: 40 },
    { x: 7, tx: 35, T: 40 },
    { x: 30, tx: 10, T: 300 },
    { x: 200, tx: 30, T: 40 },
  ];

  it.each(cases)('matches P(alive) integrated from the definition when $name', ({ params }) => {
    for (const history of histories) {
      // Act
      const closedForm = paretoNbdPAlive(params, history);
      const integrated = pAliveByQuadrature(params, history);

      // Assess
      expect(Math.abs(closedForm - integrated), JSON.stringify(history)).toBeLessThan(1e-7);
    }
  });

  it('is continuous where the note switches from the α < β form to the α ≥ β form', () => {
    // Prepare
    const below = { r: 0.6, alpha: 12 * (1 - 1e-9), s: 0.6, beta: 12 };
    const equal = { r: 0.6, alpha: 12, s: 0.6, beta: 12 };
    const above = { r: 0.6, alpha: 12 * (1 + 1e-9), s: 0.6, beta: 12 };

    // Act
    const alive = [below, equal, above].map((params) => paretoNbdPAlive(params, { x: 3, tx: 20, T: 39 }));
    const likelihood = [below, equal, above].map((params) => paretoNbdLogLikelihood(params, cdnow));

    // Assess
    expect(Math.abs((alive[0] as number) - (alive[2] as number))).toBeLessThan(1e-8);
    expect(Math.abs((alive[1] as number) - (alive[2] as number))).toBeLessThan(1e-8);
    expect(Math.abs((likelihood[0] as number) - (likelihood[2] as number))).toBeLessThan(1e-5);
  });

  it('stays finite and a probability for tens of thousands of purchases over decades, in days', () => {
    // Prepare
    const params = { r: 0.55, alpha: 74, s: 0.61, beta: 82 };
    const heavy = [
      { x: 10_000, tx: 9_124, T: 9_125 },
      { x: 50_000, tx: 36_000, T: 36_500 },
      { x: 0, tx: 0, T: 36_500 },
      { x: 400, tx: 1, T: 36_500 },
    ];

    // Act
    const alive = heavy.map((history) => paretoNbdPAlive(params, history));
    const expected = heavy.map((history) => paretoNbdExpectedPurchases(params, 90, history));
    const logLikelihood = paretoNbdLogLikelihood(params, heavy);

    // Assess
    for (const value of alive) expect(value >= 0 && value <= 1).toBe(true);
    for (const value of expected) expect(Number.isFinite(value) && value >= 0).toBe(true);
    expect(Number.isFinite(logLikelihood)).toBe(true);
    // Buying about daily for 25 years, last yesterday: alive, and about a purchase a day ahead.
    expect(alive[0]).toBeGreaterThan(0.99);
    expect(expected[0]).toBeGreaterThan(80);
    // Buying 1.4 times a day, then silent for 500 days; or 400 purchases on day one, then a
    // century of silence: gone.
    expect(alive[1]).toBeLessThan(1e-100);
    expect(alive[3]).toBeLessThan(1e-100);
  });

  it('survives the inputs that overflowed lifetimes (x = 400–500 in 6–37 units, α ≈ 0.008)', () => {
    // Prepare
    const params = { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.82 };
    const rows = [
      { x: 400, tx: 5, T: 6 },
      { x: 500, tx: 1, T: 37 },
      { x: 500, tx: 4, T: 37 },
    ];

    // Act
    const alive = rows.map((history) => paretoNbdPAlive(params, history));
    const logLikelihood = paretoNbdLogLikelihood(params, rows);

    // Assess
    for (const value of alive) expect(value >= 0 && value <= 1).toBe(true);
    expect(Number.isFinite(logLikelihood)).toBe(true);
  });

  it('takes the limit ln(1 + t/(β + T)) when s = 1 exactly', () => {
    // Prepare
    const at = (s: number) =>
      paretoNbdExpectedPurchases({ r: 0.5, alpha: 10, s, beta: 12 }, 26, { x: 2, tx: 20, T: 39 });

    // Act
    const exact = at(1);

    // Assess
    expect(Number.isFinite(exact)).toBe(true);
    expect(exact).toBeCloseTo(at(1 + 1e-9), 7);
    expect(exact).toBeCloseTo(at(1 - 1e-9), 7);
  });

  it('refuses to fit an empty sample', () => {
    expect(() => fitParetoNbd([])).toThrow(RangeError);
  });
});

describe('Pareto/NBD against its own story, simulated', () => {
  it('gives one-time buyers the P(alive) that simulated one-time buyers really have, 13 to 78 weeks on', () => {
    for (const T of [13, 39, 78]) {
      // Prepare: 40,000 customers who first bought at time 0, seen T weeks later.
      const customers = simulateParetoNbd(40_000, note, T, { firstFrom: 0, firstTo: 0, end: T });
      const oneTimeBuyers = splitAtCalibration(customers, T).filter(
        (customer) => customer.calibration.x === 0,
      );

      // Act
      const predicted = paretoNbdPAlive(note, { x: 0, tx: 0, T });
      const alive =
        oneTimeBuyers.filter((customer) => customer.aliveAtCalibrationEnd).length / oneTimeBuyers.length;

      // Assess
      expect(Math.abs(predicted - alive), `T = ${T}`).toBeLessThan(0.015);
    }
  });
});

describe('Pareto/NBD parameter recovery', () => {
  it.each([
    { name: 'α < β', truth: { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 } },
    { name: 'α ≥ β', truth: { r: 1.2, alpha: 20, s: 0.9, beta: 6 } },
  ])('recovers known parameters ($name) from 20,000 simulated customers within 20%', ({ truth }) => {
    // Prepare: first purchases over half a year, observed for 78 weeks, dates to the day.
    const customers = simulateParetoNbd(20_000, truth, 42, { firstFrom: 0, firstTo: 26, end: 78 });
    const rows = splitAtCalibration(customers, 78, 1 / 7).map((customer) => customer.calibration);

    // Act
    const fit = fitParetoNbd(rows);

    // Assess
    for (const [name, value] of Object.entries(truth)) {
      expect(Math.abs(fit[name as keyof typeof truth] / value - 1), name).toBeLessThan(0.2);
    }
  });
});

describe('Pareto/NBD properties', () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 500, noNaN: true }),
    s: fc.double({ min: 0.05, max: 5, noNaN: true }),
    beta: fc.double({ min: 0.1, max: 500, noNaN: true }),
  });
  const history = fc
    .record({
      x: fc.integer({ min: 0, max: 200 }),
      T: fc.double({ min: 0.1, max: 2000, noNaN: true }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ x, T, share }) => ({ x, T, tx: x === 0 ? 0 : share * T }));

  it('P(alive) is a probability', () => {
    fc.assert(
      fc.property(params, history, (p, h) => {
        const alive = paretoNbdPAlive(p, h);
        return alive >= 0 && alive <= 1;
      }),
      { numRuns: 500 },
    );
  });

  it('P(alive) falls as time passes without a purchase (T grows, x and tx fixed), one-time buyers included', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0.01, max: 500, noNaN: true }), (p, h, wait) => {
        const now = paretoNbdPAlive(p, h);
        const later = paretoNbdPAlive(p, { ...h, T: h.T + wait });
        return later <= now + 1e-12;
      }),
      { numRuns: 500 },
    );
  });

  it('expected purchases are non-negative and grow with the horizon', () => {
    fc.assert(
      fc.property(
        params,
        history,
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (p, h, t, more) => {
          const shorter = paretoNbdExpectedPurchases(p, t, h);
          const longer = paretoNbdExpectedPurchases(p, t + more, h);
          return shorter >= 0 && longer >= shorter * (1 - 1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });
});
