/**
 * Special functions the customer-base models need, computed in a numerically stable way.
 */

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes / Boost coefficients): ~15 digits.
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0, without overflow for large x (Lanczos; reflection below 0.5).
 *
 * @example
 * logGamma(5); // ln 24 ≈ 3.178
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = lanczos[0] as number;
  for (let i = 1; i < 9; i += 1) sum += (lanczos[i] as number) / (z + i);
  const t = z + 7.5;
  return halfLogTwoPi + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed
 * until a term no longer changes the sum (terms are computed by ratio, so nothing overflows).
 *
 * @example
 * hypergeometric2F1(1, 1, 2, 0.5); // -ln(1 - 0.5) / 0.5 ≈ 1.386
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (z < 0 || z >= 1) throw new RangeError(`2F1 series needs 0 <= z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let j = 0; j < 1_000_000; j += 1) {
    term *= (((a + j) * (b + j)) / ((c + j) * (j + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  return sum;
}
