/** The score-owned part of a profile, as the stream's images hold it. */
export interface ScoreSnapshot {
  lifecycleStage: string;
  stats: Record<string, unknown>;
  scores: Record<string, unknown>;
}

/**
 * True when a rescoring changed something a marketer acts on, so that `customer.scored` is
 * published: the stage, the segment or the churn band; the orders or revenue; P(alive) by 0.05 or
 * more; CLV or engagement by 10% or more (or from or to nothing). Small drifts (engagement decaying
 * by a few percent between two messages) are stored but not published.
 *
 * @example
 * materialScoreChange(before, after); // true when the segment moved from loyal to at_risk
 */
export function materialScoreChange(before: ScoreSnapshot, after: ScoreSnapshot): boolean {
  if (before.lifecycleStage !== after.lifecycleStage) return true;
  const b = before.scores;
  const a = after.scores;
  if (b.segment !== a.segment || b.churnBand !== a.churnBand) return true;
  if (before.stats.orders !== after.stats.orders) return true;
  if (amount(before.stats.revenue) !== amount(after.stats.revenue)) return true;
  if (Math.abs(number(b.pAlive) - number(a.pAlive)) >= 0.05) return true;
  return (
    relativeChange(amount(b.clv), amount(a.clv)) || relativeChange(number(b.engagement), number(a.engagement))
  );
}

function number(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function amount(value: unknown): number {
  return number((value as { amount?: unknown } | undefined)?.amount);
}

function relativeChange(before: number, after: number): boolean {
  if (before === after) return false;
  if (before === 0 || after === 0) return true;
  return Math.abs(after - before) / Math.abs(before) >= 0.1;
}
