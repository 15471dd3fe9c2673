import { type CurrencyRates, convertMoney } from './currency-conversion';
import type { CustomerStats, LifecycleStage } from './customer';
import { lifecycleStages } from './customer';
import type { OrderState } from './order-state';

/** Order statistics derived from every order a customer holds. */
export type OrderStats = Pick<CustomerStats, 'orders' | 'revenue' | 'firstOrderAt' | 'lastOrderAt'> & {
  unconvertedOrders: number;
  /** Orders after the first (the models' x). */
  repeatOrders: number;
  /** Net revenue of the repeat orders that could be converted, in base-currency minor units. */
  repeatRevenue: number;
  /** How many repeat orders `repeatRevenue` covers. */
  repeatOrdersValued: number;
};

/**
 * Recomputes order statistics from the full set of orders, so replays and reordering give the
 * same answer: cancelled orders do not count; revenue is totals less refunds, in the base currency
 * (other currencies converted at the configured rates; orders without a rate are counted apart).
 *
 * @example
 * computeOrderStats(orders, 'USD'); // { orders: 2, revenue: { amount: 61888, currency: 'USD' }, ... }
 */
export function computeOrderStats(
  orders: ReadonlyArray<OrderState>,
  baseCurrency: string,
  rates: CurrencyRates = {},
): OrderStats {
  let count = 0;
  let revenue = 0;
  let unconvertedOrders = 0;
  let firstOrderAt: string | undefined;
  let lastOrderAt: string | undefined;
  const counted: Array<{ placedAt: number; net: number | undefined }> = [];
  for (const order of orders) {
    if (order.milestones.includes('cancelled')) continue;
    count += 1;
    // An order counts in revenue only if its total and every refund can be put in the base currency.
    const amounts = [
      order.total,
      ...Object.values(order.refunds).map((refund) => ({ ...refund, amount: -refund.amount })),
    ].map((money) => convertMoney(money, baseCurrency, rates));
    if (amounts.every((money) => money !== undefined)) {
      const net = amounts.reduce((sum, money) => sum + (money?.amount ?? 0), 0);
      revenue += net;
      counted.push({ placedAt: Date.parse(order.placedAt), net });
    } else {
      unconvertedOrders += 1;
      counted.push({ placedAt: Date.parse(order.placedAt), net: undefined });
    }
    if (!firstOrderAt || Date.parse(order.placedAt) < Date.parse(firstOrderAt)) firstOrderAt = order.placedAt;
    if (!lastOrderAt || Date.parse(order.placedAt) > Date.parse(lastOrderAt)) lastOrderAt = order.placedAt;
  }
  const repeats = counted.sort((a, b) => a.placedAt - b.placedAt).slice(1);
  const valued = repeats.filter((order) => order.net !== undefined);
  return {
    orders: count,
    revenue: { amount: revenue, currency: baseCurrency },
    firstOrderAt,
    lastOrderAt,
    unconvertedOrders,
    repeatOrders: repeats.length,
    repeatRevenue: valued.reduce((sum, order) => sum + (order.net ?? 0), 0),
    repeatOrdersValued: valued.length,
  };
}

/**
 * The lifecycle stage implied by what we know; a later stage never goes back to an earlier one.
 *
 * @example
 * lifecycleStageFor('engaged', { orders: 2, checkouts: 0, messages: 1 }); // 'repeat'
 */
export function lifecycleStageFor(
  current: LifecycleStage,
  activity: { orders: number; checkouts: number; messages: number },
): LifecycleStage {
  let implied: LifecycleStage = 'visitor';
  if (activity.messages > 0) implied = 'engaged';
  if (activity.checkouts > 0) implied = 'shopper';
  if (activity.orders === 1) implied = 'buyer';
  if (activity.orders >= 2) implied = 'repeat';
  return lifecycleStages.indexOf(implied) > lifecycleStages.indexOf(current) ? implied : current;
}
