import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { groupCustomerIds } from '../../shared/customers/customer-item';
import type { CustomerRepository } from '../../shared/customers/customer-repository';
import type { TimelineRepository } from '../../shared/customers/timeline-repository';
import type { CurrencyRates } from '../../shared/domain/currency-conversion';
import type { CustomerScores, CustomerStats, LifecycleStage, OrderStats } from '../../shared/domain/customer';
import { lifecycleStages } from '../../shared/domain/customer';
import { type OrderStats as ComputedOrderStats, computeOrderStats } from '../../shared/domain/order-stats';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import type { OrderRepository } from '../../shared/orders/order-repository';
import { scoreProfile, stagesReached } from '../../shared/scoring/customer-scores';
import { engagementWindowStart } from '../../shared/scoring/engagement';
import type { ScoringState } from '../../shared/scoring/scoring-state';
import { counterShardOf } from '../../shared/store/counter-shards';

/** What scoring needs. */
export interface ScoreDeps {
  customers: Pick<CustomerRepository, 'writeScores'>;
  groups: Pick<CustomerGroupRepository, 'get'>;
  orders: Pick<OrderRepository, 'listForCustomer'>;
  timeline: Pick<TimelineRepository, 'hasEventOfType' | 'interactionsSince'>;
  state: ScoringState;
  baseCurrency: string;
  /** Rates into the base currency (`CURRENCY_RATES`). */
  rates?: CurrencyRates;
  log: Logger;
  now: () => Date;
}

/** What makes a customer be scored: an event about them, or time passing (the daily job). */
export type ScoreTrigger = CanonicalEvent | { type: 'time'; id: string; customerId: string };

/** How scoring one event ended. */
export type ScoreResult =
  | { kind: 'scored'; customerId: string; lifecycleStage: LifecycleStage; stats: CustomerStats }
  | { kind: 'unchanged'; customerId: string }
  | { kind: 'ignored'; reason: string };

const maxAttempts = 8;

/**
 * Scores a customer after an event (or when time alone changes a score): every figure is
 * recomputed from its sources — the orders of every customer of the group, the receivers' message,
 * comment and checkout counts, the timeline within the engagement window — so replays,
 * duplicates and reordering give the same result (idempotent per event). The write is conditional
 * on the score revision read; segment and funnel counters move in the same transaction. After an
 * unmerge the stage is recomputed from the customer's own evidence (it may go back); otherwise a
 * later stage wins. The relay publishes `customer.scored` when something material changed.
 *
 * @example
 * const result = await scoreCustomer(deps, event);
 */
export async function scoreCustomer(deps: ScoreDeps, trigger: ScoreTrigger): Promise<ScoreResult> {
  const [settings, model, boundaries] = await Promise.all([
    deps.state.settings(),
    deps.state.model(),
    deps.state.boundaries(),
  ]);
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    // Concurrent scorings of one customer: spread out before reading again.
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    const now = deps.now();
    const group = await deps.groups.get(trigger.customerId);
    if (!group) return { kind: 'ignored', reason: 'customer not found' };
    const profile = group.survivor;
    const customerId = profile.id;
    const customerIds = groupCustomerIds(group);
    const everyone = [profile, ...group.members];
    const recount = trigger.type === 'customer.unmerged';
    // Messages, comments and checkouts cannot change order figures: only order and customer
    // events (and a customer never scored) read the orders again.
    const ordersMayHaveChanged =
      trigger.type.startsWith('order.') ||
      trigger.type.startsWith('customer.') ||
      profile.scoreRevision === undefined;
    const [orderStats, interactions, startedCheckout] = await Promise.all([
      ordersMayHaveChanged
        ? Promise.all(customerIds.map((id) => deps.orders.listForCustomer(id))).then((lists) =>
            computeOrderStats(lists.flat(), deps.baseCurrency, deps.rates),
          )
        : Promise.resolve(storedOrderStats(profile.stats, deps.baseCurrency)),
      deps.timeline.interactionsSince(customerIds, engagementWindowStart(now, settings)),
      recount ? deps.timeline.hasEventOfType(customerIds, 'checkout.started') : Promise.resolve(false),
    ]);
    const sum = (pick: (item: (typeof everyone)[number]) => number | undefined) =>
      everyone.reduce((total, item) => total + (pick(item) ?? 0), 0);
    const counts = {
      messages: sum((item) => item.messageCount),
      comments: sum((item) => item.commentCount),
      checkouts: Math.max(
        sum((item) => item.checkoutCount),
        startedCheckout || trigger.type === 'checkout.started' ? 1 : 0,
      ),
    };
    const previousStage: LifecycleStage = recount
      ? 'visitor'
      : everyone
          .map((item) => item.lifecycleStage ?? 'visitor')
          .reduce((best, next) =>
            lifecycleStages.indexOf(next) > lifecycleStages.indexOf(best) ? next : best,
          );
    const outcome = scoreProfile({
      now,
      orderStats,
      counts,
      interactions,
      previousStage,
      settings,
      model,
      boundaries,
    });
    // A rescoring for time always writes: it moves the customer's next due date. Otherwise a write
    // that would only move engagement by less than 10% is skipped: a burst of messages from one
    // customer does not become a burst of competing writes (the daily job refreshes engagement).
    const unchanged =
      trigger.type !== 'time' &&
      profile.scoreRevision !== undefined &&
      profile.lifecycleStage === outcome.lifecycleStage &&
      stableJson(profile.stats ?? {}) === stableJson(outcome.orderStats) &&
      stableJson(withoutEngagement(profile.scores)) === stableJson(withoutEngagement(outcome.scores)) &&
      !movedMaterially(profile.scores?.engagement, outcome.scores.engagement);
    if (unchanged) return { kind: 'unchanged', customerId };
    const storedSegment = profile.scores?.segment;
    const reached =
      profile.scoreRevision === undefined
        ? stagesReached(undefined, outcome.lifecycleStage)
        : stagesReached(profile.lifecycleStage ?? 'visitor', outcome.lifecycleStage);
    const written = await deps.customers.writeScores(
      customerId,
      {
        orderStats: outcome.orderStats,
        lifecycleStage: outcome.lifecycleStage,
        scores: outcome.scores,
        ...(outcome.segmentRank ? { segmentRank: outcome.segmentRank } : {}),
        ...(outcome.rescoreDueAt ? { rescoreDueAt: outcome.rescoreDueAt } : {}),
        counters: {
          shard: counterShardOf(customerId),
          segment: {
            ...(storedSegment ? { from: storedSegment } : {}),
            ...(outcome.scores.segment ? { to: outcome.scores.segment } : {}),
          },
          stagesReached: reached,
          day: now.toISOString().slice(0, 10),
        },
      },
      profile.scoreRevision,
    );
    if (written) {
      deps.log.info('scored', {
        customerId,
        eventId: trigger.id,
        lifecycleStage: outcome.lifecycleStage,
        segment: outcome.scores.segment,
        orders: outcome.orderStats.orders,
      });
      return {
        kind: 'scored',
        customerId,
        lifecycleStage: outcome.lifecycleStage,
        stats: { ...outcome.orderStats, messages: counts.messages },
      };
    }
  }
  throw new Error(`customer ${trigger.customerId} kept changing during scoring`);
}

/** The order figures as `score` stored them last, in the shape `computeOrderStats` gives. */
function storedOrderStats(stats: OrderStats | undefined, baseCurrency: string): ComputedOrderStats {
  const repeatOrders = stats?.repeatOrders ?? 0;
  const valued = stats?.meanRepeatOrderValue ? repeatOrders : 0;
  return {
    orders: stats?.orders ?? 0,
    revenue: stats?.revenue ?? { amount: 0, currency: baseCurrency },
    ...(stats?.firstOrderAt ? { firstOrderAt: stats.firstOrderAt } : {}),
    ...(stats?.lastOrderAt ? { lastOrderAt: stats.lastOrderAt } : {}),
    unconvertedOrders: stats?.unconvertedOrders ?? 0,
    repeatOrders,
    repeatRevenue: (stats?.meanRepeatOrderValue?.amount ?? 0) * valued,
    repeatOrdersValued: valued,
  };
}

/** The scores without engagement and its reason, which drift with every interaction. */
function withoutEngagement(scores: CustomerScores | undefined) {
  const { engagement: _engagement, reasons = [], ...rest } = scores ?? { reasons: [] };
  return { ...rest, reasons: reasons.filter((reason) => !reason.startsWith('engagement ')) };
}

function movedMaterially(before: number | undefined, after: number | undefined): boolean {
  if (before === after) return false;
  if (!before || !after) return true;
  return Math.abs(after - before) / before >= 0.1;
}

/** JSON with object keys sorted: stored maps come back from DynamoDB in any key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
