import type { ScoringSettings } from './scoring-settings';

/** An interaction counted in engagement. */
export interface Interaction {
  kind: 'message' | 'comment' | 'checkout' | 'order';
  at: string;
}

/**
 * Engagement: each interaction's weight, halved every `halfLifeDays` since it happened, summed
 * (rounded to two decimals). Interactions older than eight half-lives (under 0.4% of their
 * weight) are not read, nor more than the 200 most recent ones (the cost of scoring one event
 * stays bounded for a customer who writes all day).
 *
 * @example
 * engagementScore([{ kind: 'order', at: '2026-11-09T00:00:00Z' }], new Date('2026-11-23T00:00:00Z'), settings); // 2.5
 */
export function engagementScore(
  interactions: ReadonlyArray<Interaction>,
  now: Date,
  settings: Pick<ScoringSettings, 'halfLifeDays' | 'weights'>,
): number {
  const halfLifeMs = settings.halfLifeDays * 86_400_000;
  const total = interactions.reduce((sum, interaction) => {
    const age = Math.max(0, now.getTime() - Date.parse(interaction.at));
    return sum + settings.weights[interaction.kind] * 2 ** (-age / halfLifeMs);
  }, 0);
  return Math.round(total * 100) / 100;
}

/**
 * How far back engagement reads: eight half-lives.
 *
 * @example
 * engagementWindowStart(now, settings); // ISO time 112 days before now with the default half-life
 */
export function engagementWindowStart(now: Date, settings: Pick<ScoringSettings, 'halfLifeDays'>): string {
  return new Date(now.getTime() - 8 * settings.halfLifeDays * 86_400_000).toISOString();
}
