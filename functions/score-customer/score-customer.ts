import type { CurrencyRates } from '../../shared/domain/currency-conversion';
import type { CustomerScores, CustomerStats, LifecycleStage } from '../../shared/domain/customer';
import { emptyStats } from '../../shared/domain/customer';
import { formatMoney } from '../../shared/domain/money';
import { computeOrderStats, lifecycleStageFor } from '../../shared/domain/order-stats';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import type { CustomerRepository } from '../../shared/store/customer-repository';
import type { OrderRepository } from '../../shared/store/order-repository';

/** What scoring needs. */
export interface ScoreDeps {
  customers: CustomerRepository;
  orders: OrderRepository;
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
 * Statistics are recomputed from every stored order (not incremented), so replays, duplicates
 * and reordering give the same result; the write is conditional on the score revision read, so
 * two concurrent scorings cannot overwrite newer figures with older ones. A change is published
 * as `customer.scored` by the relay, from the profile's old and new images.
 * RFM, engagement, P(alive) and CLV come with the scoring issue.
 *
 * @example
 * const result = await scoreCustomer(deps, event);
 */
export async function scoreCustomer(deps: ScoreDeps, event: CanonicalEvent): Promise<ScoreResult> {
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const profile = await deps.customers.get(event.customerId);
    if (!profile) return { kind: 'ignored', reason: 'customer not found' };
    const current = profile.stats ?? emptyStats(deps.baseCurrency);
    // Messages and checkouts cannot change order figures: only order and customer events re-read the orders.
    const ordersMayHaveChanged =
      event.type.startsWith('order.') ||
      event.type.startsWith('customer.') ||
      profile.scoreRevision === undefined;
    const orderStats = ordersMayHaveChanged
      ? computeOrderStats(await deps.orders.listForCustomer(event.customerId), deps.baseCurrency, deps.rates)
      : { ...pickOrderStats(current), unconvertedOrders: current.unconvertedOrders ?? 0 };
    const stats: CustomerStats = { ...current, ...pickOrderStats(orderStats) };
    if (!orderStats.firstOrderAt) delete stats.firstOrderAt;
    if (!orderStats.lastOrderAt) delete stats.lastOrderAt;
    const lifecycleStage = lifecycleStageFor(profile.lifecycleStage ?? 'visitor', {
      orders: stats.orders,
      checkouts: event.type === 'checkout.started' ? 1 : 0,
      messages: event.type === 'message.received' || event.type === 'comment.received' ? 1 : stats.messages,
    });
    const scores: CustomerScores = {
      ...(profile.scores ?? {}),
      reasons: reasonsFor(stats, lifecycleStage, orderStats.unconvertedOrders),
    };
    const unchanged =
      profile.scoreRevision !== undefined &&
      profile.lifecycleStage === lifecycleStage &&
      JSON.stringify(pickOrderStats(current)) === JSON.stringify(pickOrderStats(stats)) &&
      JSON.stringify(profile.scores?.reasons) === JSON.stringify(scores.reasons);
    if (unchanged) return { kind: 'unchanged', customerId: event.customerId };
    const written = await deps.customers.writeScores(
      event.customerId,
      { orderStats: pickOrderStats(stats), lifecycleStage, scores },
      profile.scoreRevision,
    );
    if (written) {
      deps.log.info('scored', {
        customerId: event.customerId,
        eventId: event.id,
        lifecycleStage,
        orders: stats.orders,
      });
      return { kind: 'scored', customerId: event.customerId, lifecycleStage, stats };
    }
  }
  throw new Error(`customer ${event.customerId} kept changing during scoring`);
}

function pickOrderStats(
  stats: Pick<CustomerStats, 'orders' | 'revenue' | 'firstOrderAt' | 'lastOrderAt' | 'unconvertedOrders'>,
) {
  return {
    orders: stats.orders,
    revenue: stats.revenue,
    ...(stats.unconvertedOrders ? { unconvertedOrders: stats.unconvertedOrders } : {}),
    ...(stats.firstOrderAt ? { firstOrderAt: stats.firstOrderAt } : {}),
    ...(stats.lastOrderAt ? { lastOrderAt: stats.lastOrderAt } : {}),
  };
}

function reasonsFor(stats: CustomerStats, stage: LifecycleStage, unconverted: number): string[] {
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
