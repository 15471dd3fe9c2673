import type { Money } from './money';

/** Milestones an order reaches; each is reached at most once and never undone. */
export type OrderMilestone = 'paid' | 'fulfilled' | 'cancelled';

/** What a platform told us about an order at one moment (its version). */
export interface OrderSnapshot {
  platform: string;
  platformOrderId: string;
  /** The platform's own last-modified time (ms since epoch); orders never move backwards in it. */
  version: number;
  placedAt: string;
  name?: string;
  total: Money;
  milestones: OrderMilestone[];
}

/** An order as Rapport keeps it. */
export interface OrderState {
  platform: string;
  platformOrderId: string;
  customerId: string;
  version: number;
  placedAt: string;
  name?: string;
  total: Money;
  milestones: OrderMilestone[];
  /** Refunds by the platform's refund id, each counted once. */
  refunds: Record<string, Money>;
  /** The changes made by the last applied update, replayed when a duplicate arrives. */
  lastChanges: OrderChange[];
}

/** A state change that becomes one timeline item and one canonical event. */
export interface OrderChange {
  eventType: 'order.placed' | 'order.paid' | 'order.cancelled' | 'order.refunded';
  /** Deterministic: the same change from any delivery has the same id. */
  eventId: string;
  occurredAt: string;
}

/** Display status, derived from milestones and refunds. */
export type OrderStatus = 'placed' | 'paid' | 'fulfilled' | 'partially_refunded' | 'refunded' | 'cancelled';

/** The outcome of applying a snapshot or a refund to the stored order. */
export type OrderPlan =
  | { kind: 'apply'; next: OrderState; changes: OrderChange[] }
  | { kind: 'duplicate'; replay: OrderChange[] }
  | { kind: 'stale' };

const milestoneEvents: Record<OrderMilestone, OrderChange['eventType'] | undefined> = {
  paid: 'order.paid',
  cancelled: 'order.cancelled',
  fulfilled: undefined,
};

function orderEventId(snapshot: Pick<OrderSnapshot, 'platform' | 'platformOrderId'>, what: string): string {
  return `${snapshot.platform}:order:${snapshot.platformOrderId}:${what}`;
}

/**
 * Decides what a platform's order snapshot changes. Milestones only accumulate, so an older
 * snapshot arriving late can add a milestone it carries but never remove one; amounts and names
 * follow the newest version only.
 *
 * @example
 * const plan = planOrderSnapshot(undefined, snapshot, 'cus_1');
 * if (plan.kind === 'apply') plan.changes; // [{ eventType: 'order.placed', ... }]
 */
export function planOrderSnapshot(
  stored: OrderState | undefined,
  incoming: OrderSnapshot,
  customerId: string,
): OrderPlan {
  const occurredAt = new Date(incoming.version).toISOString();
  const changes: OrderChange[] = [];
  if (!stored) {
    changes.push({
      eventType: 'order.placed',
      eventId: orderEventId(incoming, 'placed'),
      occurredAt: incoming.placedAt,
    });
  }
  const known = new Set(stored?.milestones ?? []);
  const milestones = [...known];
  for (const milestone of incoming.milestones) {
    if (known.has(milestone)) continue;
    known.add(milestone);
    milestones.push(milestone);
    const eventType = milestoneEvents[milestone];
    if (eventType) changes.push({ eventType, eventId: orderEventId(incoming, milestone), occurredAt });
  }
  const newer = !stored || incoming.version > stored.version;
  if (stored && changes.length === 0 && milestones.length === stored.milestones.length && !newer) {
    return incoming.version === stored.version
      ? { kind: 'duplicate', replay: stored.lastChanges }
      : { kind: 'stale' };
  }
  const base = newer ? incoming : (stored as OrderState);
  const next: OrderState = {
    platform: incoming.platform,
    platformOrderId: incoming.platformOrderId,
    customerId: stored?.customerId ?? customerId,
    version: Math.max(incoming.version, stored?.version ?? 0),
    placedAt: stored?.placedAt ?? incoming.placedAt,
    name: base.name,
    total: base.total,
    milestones,
    refunds: stored?.refunds ?? {},
    lastChanges: changes,
  };
  return { kind: 'apply', next, changes };
}

/**
 * Applies one refund exactly once: a refund id already counted is a duplicate.
 *
 * @example
 * planRefund(order, { refundId: '509562969', amount: { amount: 20900, currency: 'USD' }, occurredAt });
 */
export function planRefund(
  stored: OrderState,
  refund: { refundId: string; amount: Money; occurredAt: string },
): OrderPlan {
  const change: OrderChange = {
    eventType: 'order.refunded',
    eventId: orderEventId(stored, `refund:${refund.refundId}`),
    occurredAt: refund.occurredAt,
  };
  if (stored.refunds[refund.refundId]) return { kind: 'duplicate', replay: [change] };
  const next: OrderState = {
    ...stored,
    refunds: { ...stored.refunds, [refund.refundId]: refund.amount },
    lastChanges: [change],
  };
  return { kind: 'apply', next, changes: [change] };
}

/**
 * Cancels an order known only by its id, once.
 *
 * @example
 * planCancellation(order, '2026-11-23T10:00:00.000Z');
 */
export function planCancellation(stored: OrderState, occurredAt: string): OrderPlan {
  if (stored.milestones.includes('cancelled')) return { kind: 'duplicate', replay: stored.lastChanges };
  const change: OrderChange = {
    eventType: 'order.cancelled',
    eventId: orderEventId(stored, 'cancelled'),
    occurredAt,
  };
  return {
    kind: 'apply',
    next: { ...stored, milestones: [...stored.milestones, 'cancelled'], lastChanges: [change] },
    changes: [change],
  };
}

/**
 * Total refunded on an order, in the order's currency (refunds in another currency are not summed).
 *
 * @example
 * refundedAmount(order); // { amount: 20900, currency: 'USD' }
 */
export function refundedAmount(order: Pick<OrderState, 'refunds' | 'total'>): Money {
  let amount = 0;
  for (const refund of Object.values(order.refunds)) {
    if (refund.currency === order.total.currency) amount += refund.amount;
  }
  return { amount, currency: order.total.currency };
}

/**
 * The order's display status, the latest stage it reached.
 *
 * @example
 * orderStatus(order); // 'partially_refunded'
 */
export function orderStatus(order: Pick<OrderState, 'milestones' | 'refunds' | 'total'>): OrderStatus {
  if (order.milestones.includes('cancelled')) return 'cancelled';
  const refunded = refundedAmount(order).amount;
  if (refunded > 0) return refunded >= order.total.amount ? 'refunded' : 'partially_refunded';
  if (order.milestones.includes('fulfilled')) return 'fulfilled';
  if (order.milestones.includes('paid')) return 'paid';
  return 'placed';
}
