/** Options of a Nelder–Mead minimization. */
export interface NelderMeadOptions {
  maxEvaluations?: number;
  /** Stop when the simplex's values differ by less than this. */
  tolerance?: number;
  /** The initial simplex's step along each axis. */
  step?: number;
}

/** The best point found and its value. */
export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimizes `f` with the Nelder–Mead simplex method (standard coefficients; restarted once from
 * its result so a collapsed simplex does not stop it early). Derivative-free, robust to the
 * flat ridges of likelihoods; a non-finite value counts as +∞.
 *
 * @example
 * nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).point; // ≈ [1, -2]
 */
export function nelderMead(
  f: (point: number[]) => number,
  start: number[],
  options: NelderMeadOptions = {},
): Minimum {
  const maxEvaluations = options.maxEvaluations ?? 4000;
  const tolerance = options.tolerance ?? 1e-10;
  let evaluations = 0;
  const value = (point: number[]) => {
    evaluations += 1;
    const result = f(point);
    return Number.isFinite(result) ? result : Number.POSITIVE_INFINITY;
  };
  let best: Minimum = { point: start, value: value(start), evaluations: 0 };
  for (let restart = 0; restart < 2; restart += 1) {
    best = simplexSearch(
      value,
      best.point,
      options.step ?? 0.5,
      tolerance,
      () => evaluations < maxEvaluations,
    );
  }
  return { ...best, evaluations };
}

function simplexSearch(
  value: (point: number[]) => number,
  start: number[],
  step: number,
  tolerance: number,
  budgetLeft: () => boolean,
): Minimum {
  const n = start.length;
  let simplex = [start, ...start.map((_, axis) => start.map((v, i) => (i === axis ? v + step : v)))].map(
    (point) => ({ point, value: value(point) }),
  );
  while (budgetLeft()) {
    simplex.sort((p, q) => p.value - q.value);
    const bestPoint = simplex[0] as { point: number[]; value: number };
    const worst = simplex[n] as { point: number[]; value: number };
    if (Math.abs(worst.value - bestPoint.value) <= tolerance * (Math.abs(bestPoint.value) + tolerance)) break;
    const centroid = Array.from(
      { length: n },
      (_, i) => simplex.slice(0, n).reduce((sum, vertex) => sum + (vertex.point[i] as number), 0) / n,
    );
    const along = (t: number) => centroid.map((c, i) => c + t * ((worst.point[i] as number) - c));
    const reflected = { point: along(-1), value: 0 };
    reflected.value = value(reflected.point);
    const secondWorst = simplex[n - 1] as { value: number };
    if (reflected.value < bestPoint.value) {
      const expanded = { point: along(-2), value: 0 };
      expanded.value = value(expanded.point);
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[n] = reflected;
    } else {
      const contracted = { point: along(reflected.value < worst.value ? -0.5 : 0.5), value: 0 };
      contracted.value = value(contracted.point);
      if (contracted.value < Math.min(worst.value, reflected.value)) {
        simplex[n] = contracted;
      } else {
        simplex = simplex.map((vertex, index) => {
          if (index === 0) return vertex;
          const point = vertex.point.map(
            (v, i) => (bestPoint.point[i] as number) + 0.5 * (v - (bestPoint.point[i] as number)),
          );
          return { point, value: value(point) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const found = simplex[0] as { point: number[]; value: number };
  return { point: found.point, value: found.value, evaluations: 0 };
}
