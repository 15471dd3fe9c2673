import { describe, expect, it } from 'vitest';
import {
  fisherExactTwoSided,
  minimumDetectableLift,
  newcombeInterval,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
  welch,
  wilsonInterval,
} from '../../shared/campaigns/lift-statistics';

// Constants computed independently with scipy 1.17.1 (scipy.stats.fisher_exact, t.ppf, t.cdf,
// ttest_ind_from_stats(equal_var=False)) on 2026-11-24, or taken from the published worked examples named.

describe('the lift statistics against published examples and scipy', () => {
  it('Newcombe’s hybrid score interval matches Newcombe (1998), Statistics in Medicine 17:873, Table II, method 10', () => {
    const [low, high] = newcombeInterval(56, 70, 48, 80);
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
    const [low2, high2] = newcombeInterval(9, 10, 3, 10);
    expect(low2).toBeCloseTo(0.1705, 4);
    expect(high2).toBeCloseTo(0.809, 4);
  });

  it('Wilson’s interval stays inside [0, 1] with no or all successes', () => {
    expect(wilsonInterval(0, 10)[0]).toBe(0);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)[1]).toBeCloseTo(1, 12);
    expect(wilsonInterval(10, 10)[1]).toBeLessThanOrEqual(1);
  });

  it('Fisher’s exact test (two-sided) matches scipy.stats.fisher_exact', () => {
    const cases: Array<[number, number, number, number, number]> = [
      [7, 20, 2, 20, 0.12738612738612737],
      [3, 4, 1, 4, 0.48571428571428565],
      [0, 10, 5, 10, 0.032507739938080496],
      [56, 70, 48, 80, 0.012521129749209154],
      [12, 150, 5, 160, 0.07981333685821959],
    ];
    for (const [x1, n1, x2, n2, expected] of cases) {
      expect(fisherExactTwoSided(x1, n1, x2, n2), `${x1}/${n1} vs ${x2}/${n2}`).toBeCloseTo(expected, 10);
    }
  });

  it('Student’s t distribution matches scipy.stats.t', () => {
    expect(regularizedBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 12);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.1824463052837078, 8);
    expect(studentTQuantile(0.975, 24.6)).toBeCloseTo(2.0612379365449294, 8);
    expect(studentTCdf(2.1, 7.5)).toBeCloseTo(0.9643814642709609, 10);
  });

  it('Welch’s interval and p-value match scipy.stats.ttest_ind_from_stats(equal_var=False)', () => {
    // Groups given as mean, standard deviation, size: turned into count, sum and sum of squares.
    const moments = (mean: number, sd: number, n: number) => ({
      n,
      sum: mean * n,
      sumSquares: sd * sd * (n - 1) + n * mean * mean,
    });
    const small = welch(moments(45, 30, 12), moments(30, 25, 15));
    expect(small?.pValue).toBeCloseTo(0.17918570223092098, 8);
    expect(small?.ci95[0]).toBeCloseTo(-7.4354660174711285, 6);
    expect(small?.ci95[1]).toBeCloseTo(37.43546601747113, 6);
    const large = welch(moments(1200, 3400, 400), moments(1000, 3100, 380));
    expect(large?.pValue).toBeCloseTo(0.3905189863892785, 8);
    expect(large?.ci95[0]).toBeCloseTo(-256.96490547648983, 5);
    expect(welch(moments(10, 0, 1), moments(5, 2, 10))).toBeUndefined();
  });

  it('the minimum detectable lift shrinks with the square root of the size', () => {
    const small = minimumDetectableLift(100, 100, 5, 5) as number;
    const large = minimumDetectableLift(400, 400, 20, 20) as number;
    expect(small).toBeGreaterThan(0);
    expect(large / small).toBeCloseTo(0.5, 1);
    expect(minimumDetectableLift(0, 10, 0, 1)).toBeUndefined();
  });
});
