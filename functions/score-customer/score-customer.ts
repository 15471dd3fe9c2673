import type { CurrencyRates } from '../../shared/domain/currency-conversion';
import type { CustomerScores, CustomerStats, LifecycleStage, OrderStats } from '../../shared/domain/customer';
import { emptyOrderStats, lifecycleStages } from '../../shared/domain/customer';
import { formatMoney } from '../../shared/domain/money';
import { computeOrderStats, lifecycleStageFor } from '../../shared/domain/order-stats';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import type { CustomerGroupRepository } from '../../shared/store/customer-group-repository';
import { groupCustomerIds } from '../../shared/store/customer-item';
import type { CustomerRepository } from '../../shared/store/customer-repository';
import type { OrderRepository } from '../../shared/store/order-repository';
import type { TimelineRepository } from '../../shared/store/timeline-repository';

/** What scoring needs. */
export interface ScoreDeps {
  customers: Pick<CustomerRepository, 'writeScores'>;
  groups: Pick<CustomerGroupRepository, 'get'>;
  orders: Pick<OrderRepository, 'listForCustomer'>;
  timeline: Pick<TimelineRepository, 'hasEventOfType'>;
  baseCurrency: string;
  /** Rates into the base currency (`CURRENCY_RATES`). */
  rates?: CurrencyRates;
  log: Logger;
}

/** How scoring one event ended. */
export type ScoreResult =
  | { kind: 'scored'; customerId: string; lifecycleStage: LifecycleStage; stats: CustomerStats }
  | { kind: 'unchanged'; customerId: string }
  | { kind: 'ignored'; reason: string };

const maxAttempts = 5;

/**
 * Brings a customer's order statistics and lifecycle stage up to date after an event.
 * The customer is the group the event's customer belongs to (an event may name a merged-away
 * customer: it scores the survivor). Statistics are recomputed from every stored order of every
 * customer of the group (not incremented), so replays, duplicates and reordering give the same
 * result; the write is conditional on the score revision read, so two concurrent scorings cannot
 * overwrite newer figures with older ones. A change is published as `customer.scored` by the
 * relay, from the profile's old and new images. After an unmerge the stage is recomputed from
 * the customer's own evidence (it may go back); otherwise a later stage wins.
 * RFM, engagement, P(alive) and CLV come with the scoring issue.
 *
 * @example
 * const result = await scoreCustomer(deps, event);
 */
export async function scoreCustomer(deps: ScoreDeps, event: CanonicalEvent): Promise<ScoreResult> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const group = await deps.groups.get(event.customerId);
    if (!group) return { kind: 'ignored', reason: 'customer not found' };
    const profile = group.survivor;
    const customerId = profile.id;
    const customerIds = groupCustomerIds(group);
    const everyone = [profile, ...group.members];
    const current = profile.stats ?? emptyOrderStats(deps.baseCurrency);
    const recount = event.type === 'customer.unmerged';
    // Messages and checkouts cannot change order figures: only order and customer events re-read the orders.
    const ordersMayHaveChanged =
      event.type.startsWith('order.') ||
      event.type.startsWith('customer.') ||
      profile.scoreRevision === undefined;
    const orderStats = ordersMayHaveChanged
      ? computeOrderStats(
          (await Promise.all(customerIds.map((id) => deps.orders.listForCustomer(id)))).flat(),
          deps.baseCurrency,
          deps.rates,
        )
      : { ...pickOrderStats(current), unconvertedOrders: current.unconvertedOrders ?? 0 };
    const stats: OrderStats = pickOrderStats(orderStats);
    const messages = everyone.reduce((sum, item) => sum + (item.messageCount ?? 0), 0);
    const checkouts =
      event.type === 'checkout.started' ||
      (recount && (await deps.timeline.hasEventOfType(customerIds, 'checkout.started')));
    const previous: LifecycleStage = recount
      ? 'visitor'
      : everyone
          .map((item) => item.lifecycleStage ?? 'visitor')
          .reduce((best, next) =>
            lifecycleStages.indexOf(next) > lifecycleStages.indexOf(best) ? next : best,
          );
    const lifecycleStage = lifecycleStageFor(previous, {
      orders: stats.orders,
      checkouts: checkouts ? 1 : 0,
      messages: event.type === 'message.received' || event.type === 'comment.received' ? 1 : messages,
    });
    const scores: CustomerScores = {
      ...(profile.scores ?? {}),
      reasons: reasonsFor(stats, lifecycleStage, orderStats.unconvertedOrders ?? 0),
    };
    const unchanged =
      profile.scoreRevision !== undefined &&
      profile.lifecycleStage === lifecycleStage &&
      JSON.stringify(pickOrderStats(current)) === JSON.stringify(stats) &&
      JSON.stringify(profile.scores?.reasons) === JSON.stringify(scores.reasons);
    if (unchanged) return { kind: 'unchanged', customerId };
    const written = await deps.customers.writeScores(
      customerId,
      { orderStats: stats, lifecycleStage, scores },
      profile.scoreRevision,
    );
    if (written) {
      deps.log.info('scored', { customerId, eventId: event.id, lifecycleStage, orders: stats.orders });
      return { kind: 'scored', customerId, lifecycleStage, stats: { ...stats, messages } };
    }
  }
  throw new Error(`customer ${event.customerId} kept changing during scoring`);
}

function pickOrderStats(stats: OrderStats): OrderStats {
  return {
    orders: stats.orders,
    revenue: stats.revenue,
    ...(stats.unconvertedOrders ? { unconvertedOrders: stats.unconvertedOrders } : {}),
    ...(stats.firstOrderAt ? { firstOrderAt: stats.firstOrderAt } : {}),
    ...(stats.lastOrderAt ? { lastOrderAt: stats.lastOrderAt } : {}),
  };
}

function reasonsFor(stats: OrderStats, stage: LifecycleStage, unconverted: number): string[] {
  const reasons = [
    `${stats.orders} order${stats.orders === 1 ? '' : 's'} placed and not cancelled, ${formatMoney(stats.revenue)} ${stats.revenue.currency} after refunds`,
    `lifecycle stage ${stage}`,
  ];
  if (unconverted > 0) {
    reasons.push(
      `${unconverted} order${unconverted === 1 ? '' : 's'} in another currency not counted in revenue`,
    );
  }
  return reasons;
}
