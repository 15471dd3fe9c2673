import type { CustomerFacts } from '../domain/customer';
import type { Fact, RefundFact } from '../domain/facts';
import { OrderNotYetKnownError } from '../domain/order-errors';
import {
  type OrderChange,
  type OrderPlan,
  type OrderSnapshot,
  type OrderState,
  planCancellation,
  planOrderSnapshot,
  planRefund,
} from '../domain/order-state';
import { parseCanonicalEvent } from '../events/contracts';
import { type FoundCustomer, findCustomer, planGuardedClaims } from '../identity/resolve-customer';
import { dueKeys } from '../store/keys';
import { orderChangeEvent } from './order-events';
import type { ReceiverDeps } from './receiver-deps';
import { storeConsent } from './store-conversation';
import { storeMessage, storeReceipt } from './store-message';
import type { StoreContext, StoreOutcome } from './store-outcome';

const maxConcurrentAttempts = 8;

/**
 * Stores one fact. Every write is conditional and keyed by the platform's own ids, so any
 * number of redeliveries, concurrent or late, leaves exactly one copy of each change.
 *
 * @example
 * await storeFact(deps, fact, { channel: 'shopify', receivedAt: now });
 */
export async function storeFact(
  deps: ReceiverDeps,
  fact: Fact,
  context: StoreContext,
): Promise<StoreOutcome> {
  switch (fact.kind) {
    case 'customer': {
      const found = await findCustomer(deps, fact.customer, context.receivedAt);
      const changed = await found.record(deps, context.receivedAt, context.channel);
      return changed ? 'stored' : 'duplicate';
    }
    case 'checkout':
      return storeCheckout(deps, fact.customer, fact, context);
    case 'order':
      return storeOrder(deps, fact.customer, fact.order, fact.refunds, context);
    case 'refund':
      return storeRefund(deps, fact.refund, context);
    case 'cancellation':
      return storeCancellation(deps, fact.platform, fact.platformOrderId, context);
    case 'message':
      return storeMessage(deps, fact.customer, fact.message, context);
    case 'receipt':
      return storeReceipt(deps, fact.customer, fact.receipt, context);
    case 'consent':
      return storeConsent(deps, fact.customer, fact.consent, context);
  }
}

async function storeCheckout(
  deps: ReceiverDeps,
  customer: CustomerFacts,
  fact: Extract<Fact, { kind: 'checkout' }>,
  context: StoreContext,
): Promise<StoreOutcome> {
  const found = await findCustomer(deps, customer, context.receivedAt);
  const { customerId } = found;
  const event = parseCanonicalEvent({
    id: `${context.channel}:checkout:${fact.checkoutId}:started`,
    type: 'checkout.started',
    version: 1,
    occurredAt: fact.occurredAt,
    customerId,
    channel: context.channel,
    checkout: { id: fact.checkoutId, ...(fact.total ? { total: fact.total } : {}) },
  });
  // The started checkout waits on the due-date index until it is ordered or called abandoned.
  const dueAt = new Date(Date.parse(fact.occurredAt) + deps.abandonedCheckoutAfterMs).toISOString();
  const [appended] = await Promise.all([
    deps.timeline.append(
      event,
      provenance(context),
      dueKeys('checkout-abandoned', dueAt, `${customerId}#${fact.checkoutId}`),
    ),
    found.record(deps, context.receivedAt, context.channel),
  ]);
  if (!appended) return 'duplicate';
  await deps.customers.countCheckout(customerId, event.occurredAt);
  return 'stored';
}

async function storeOrder(
  deps: ReceiverDeps,
  customer: CustomerFacts,
  snapshot: OrderSnapshot,
  refunds: RefundFact[],
  context: StoreContext,
): Promise<StoreOutcome> {
  // An order stays with the customer who first held it, even if its contact details change. The
  // owners and the order's pointer are read together; then the claims, the holder's profile and a
  // new order's pointer together; then the order and the profile; then its timeline item.
  const [owners, known] = await Promise.all([
    deps.identities.findOwners(customer.identities),
    deps.orders.findCustomerOf(snapshot.platform, snapshot.platformOrderId),
  ]);
  const planned = await planGuardedClaims(deps, customer, owners);
  const { plan } = planned;
  const find = () => findCustomer(deps, customer, context.receivedAt, owners, planned);
  if (known) {
    const [outcome] = await Promise.all([
      applyOrderSnapshot(deps, known, snapshot, refunds, context, false),
      find().then((found) => found.record(deps, context.receivedAt, context.channel)),
    ]);
    return outcome;
  }
  const [pointer, found] = await Promise.all([
    deps.orders.pointTo(snapshot.platform, snapshot.platformOrderId, plan.ownerId),
    find(),
  ]);
  const [outcome] = await Promise.all([
    applyOrderSnapshot(deps, pointer.customerId, snapshot, refunds, context, pointer.created),
    found.record(deps, context.receivedAt, context.channel),
    pointer.created && pointer.customerId !== found.customerId
      ? holdStrayOrder(deps, pointer.customerId, found, context)
      : undefined,
  ]);
  return outcome;
}

/** Applies an order snapshot and the refunds it carries to the order kept by `holderId`. */
async function applyOrderSnapshot(
  deps: ReceiverDeps,
  holderId: string,
  snapshot: OrderSnapshot,
  refunds: RefundFact[],
  context: StoreContext,
  knownAbsent: boolean,
): Promise<StoreOutcome> {
  let outcome = await applyToOrder(
    deps,
    holderId,
    snapshot,
    (stored) => planOrderSnapshot(stored, snapshot, holderId),
    context,
    knownAbsent,
  );
  for (const refund of refunds) {
    const refundOutcome = await applyToOrder(
      deps,
      holderId,
      snapshot,
      (stored) => refundPlan(stored, refund),
      context,
    );
    if (refundOutcome === 'stored') outcome = 'stored';
  }
  return outcome;
}

async function storeRefund(
  deps: ReceiverDeps,
  refund: RefundFact,
  context: StoreContext,
): Promise<StoreOutcome> {
  const holderId = await deps.orders.findCustomerOf(refund.platform, refund.platformOrderId);
  if (!holderId) throw new OrderNotYetKnownError(`order ${refund.platformOrderId} has not been received yet`);
  return applyToOrder(deps, holderId, refund, (stored) => refundPlan(stored, refund), context);
}

async function storeCancellation(
  deps: ReceiverDeps,
  platform: string,
  platformOrderId: string,
  context: StoreContext,
): Promise<StoreOutcome> {
  const holderId = await deps.orders.findCustomerOf(platform, platformOrderId);
  // Deleting an order Rapport never saw changes nothing it knows.
  if (!holderId) return 'stale';
  return applyToOrder(
    deps,
    holderId,
    { platform, platformOrderId },
    (stored) => {
      if (!stored) throw new OrderNotYetKnownError(`order ${platformOrderId} has not been stored yet`);
      return planCancellation(stored, context.receivedAt);
    },
    context,
  );
}

/**
 * A concurrent delivery won the first identity while this one created the order's pointer for
 * the customer it planned: that customer keeps the order, gets a profile, and is linked to the
 * winner (then merged), so nothing is left unreachable.
 */
async function holdStrayOrder(
  deps: ReceiverDeps,
  holderId: string,
  found: FoundCustomer,
  context: StoreContext,
): Promise<void> {
  const { resolved } = found;
  const [primary] = resolved.held.identities;
  if (resolved.stray?.customerId !== holderId) {
    await deps.customers.recordFacts(
      holderId,
      { identities: [], emails: [], phones: [] },
      context.receivedAt,
      context.channel,
    );
  }
  if (primary && !resolved.links.some((link) => link.customerId === holderId)) {
    await deps.links.record({
      customerId: resolved.customerId,
      linkedId: holderId,
      linkedBy: primary,
      channel: context.channel,
      linkedAt: context.receivedAt,
    });
  }
}

function refundPlan(stored: OrderState | undefined, refund: RefundFact): OrderPlan {
  if (!stored) throw new OrderNotYetKnownError(`order ${refund.platformOrderId} has not been stored yet`);
  return planRefund(stored, refund);
}

/**
 * Read, plan, conditionally write, then append the timeline items of the changes. If two
 * deliveries race, the loser re-reads and plans again. A duplicate replays the timeline items of
 * the last change, which restores them if an earlier attempt stopped between the two writes.
 */
async function applyToOrder(
  deps: ReceiverDeps,
  customerId: string,
  order: { platform: string; platformOrderId: string },
  plan: (stored: OrderState | undefined) => OrderPlan,
  context: StoreContext,
  knownAbsent = false,
): Promise<StoreOutcome> {
  for (let attempt = 0; attempt < maxConcurrentAttempts; attempt += 1) {
    // The delivery that just created the order's pointer knows there is no order to read yet.
    const stored =
      attempt === 0 && knownAbsent
        ? undefined
        : await deps.orders.get(customerId, order.platform, order.platformOrderId);
    const decision = plan(stored?.state);
    if (decision.kind === 'stale') return 'stale';
    if (decision.kind === 'duplicate') {
      if (stored) await appendChanges(deps, stored.state, decision.replay, context, 'replay');
      return 'duplicate';
    }
    if (await deps.orders.save(decision.next, stored?.revision)) {
      await appendChanges(deps, decision.next, decision.changes, context, 'new');
      return 'stored';
    }
  }
  throw new Error(`order ${order.platformOrderId} kept changing under ${maxConcurrentAttempts} attempts`);
}

async function appendChanges(
  deps: ReceiverDeps,
  order: OrderState,
  changes: ReadonlyArray<OrderChange>,
  context: StoreContext,
  mode: 'new' | 'replay',
): Promise<void> {
  for (const change of changes) {
    const event = orderChangeEvent(order, change, context.channel);
    if (mode === 'new') await deps.timeline.append(event, provenance(context));
    else await deps.timeline.ensure(event, provenance(context));
  }
}

function provenance(context: StoreContext) {
  return {
    receivedAt: context.receivedAt,
    ...(context.deliveryId ? { deliveryId: context.deliveryId } : {}),
  };
}
