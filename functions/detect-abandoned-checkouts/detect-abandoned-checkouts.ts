import type { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { groupCustomerIds } from '../../shared/customers/customer-item';
import type { TimelineRepository } from '../../shared/customers/timeline-repository';
import { type CanonicalEvent, parseCanonicalEvent } from '../../shared/events/contracts';
import type { Logger } from '../../shared/observability/logger';
import type { OrderRepository } from '../../shared/orders/order-repository';

/** What detection needs. */
export interface DetectDeps {
  timeline: TimelineRepository;
  groups: Pick<CustomerGroupRepository, 'get'>;
  orders: OrderRepository;
  log: Logger;
  now: () => Date;
}

/** How many past days of the due-date index each run looks at, so that downtime loses nothing. */
const lookBackDays = 7;

/** What one run did. */
export interface DetectResult {
  abandoned: number;
  ordered: number;
}

/**
 * Finds started checkouts whose wait is over (through the due-date index, never a scan). One
 * followed by an order from the same customer (any customer of its merged group) is closed as ordered; any other becomes a
 * `checkout.abandoned` timeline item with a deterministic id, so however often a run repeats,
 * each checkout is called abandoned exactly once.
 *
 * @example
 * await detectAbandonedCheckouts(deps); // { abandoned: 2, ordered: 5 }
 */
export async function detectAbandonedCheckouts(deps: DetectDeps): Promise<DetectResult> {
  const now = deps.now();
  const result: DetectResult = { abandoned: 0, ordered: 0 };
  for (let back = lookBackDays; back >= 0; back -= 1) {
    const day = new Date(now.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    for (const due of await deps.timeline.listCheckoutsDue(day, now.toISOString())) {
      const started = due.event;
      if (started.type !== 'checkout.started') continue;
      // An order by anyone of the customer's group (merged customers) closes the checkout.
      const group = await deps.groups.get(started.customerId);
      const customerIds = group ? groupCustomerIds(group) : [started.customerId];
      const orders = (await Promise.all(customerIds.map((id) => deps.orders.listForCustomer(id)))).flat();
      const ordered = orders.some(
        (order) => Date.parse(order.placedAt) >= Date.parse(started.occurredAt) - 60_000,
      );
      if (ordered) {
        await deps.timeline.resolveCheckout(due, 'ordered');
        result.ordered += 1;
        continue;
      }
      await deps.timeline.append(abandonedEvent(started, due.dueAt), { receivedAt: now.toISOString() });
      await deps.timeline.resolveCheckout(due, 'abandoned');
      result.abandoned += 1;
    }
  }
  deps.log.info('abandoned checkouts checked', { ...result });
  return result;
}

function abandonedEvent(
  started: Extract<CanonicalEvent, { type: 'checkout.started' }>,
  dueAt: string,
): CanonicalEvent {
  return parseCanonicalEvent({
    id: started.id.replace(/:started$/, ':abandoned'),
    type: 'checkout.abandoned',
    version: 1,
    // When the wait ran out: the same for every run, so the timeline key deduplicates.
    occurredAt: dueAt,
    customerId: started.customerId,
    channel: started.channel,
    checkout: started.checkout,
  });
}
