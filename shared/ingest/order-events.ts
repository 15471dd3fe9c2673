import { type OrderChange, type OrderState, orderStatus, refundedAmount } from '../domain/order-state';
import { type CanonicalEvent, parseCanonicalEvent } from '../events/contracts';

/**
 * The canonical event of one order change, validated against its contract before it is stored.
 *
 * @example
 * const event = orderChangeEvent(order, change, 'shopify');
 */
export function orderChangeEvent(order: OrderState, change: OrderChange, channel: string): CanonicalEvent {
  const refunded = refundedAmount(order);
  return parseCanonicalEvent({
    id: change.eventId,
    type: change.eventType,
    version: 1,
    occurredAt: new Date(change.occurredAt).toISOString(),
    customerId: order.customerId,
    channel,
    order: {
      id: order.platformOrderId,
      platform: order.platform,
      status: orderStatus(order),
      total: order.total,
      ...(refunded.amount > 0 ? { refunded } : {}),
      ...(order.name ? { name: order.name } : {}),
      placedAt: order.placedAt,
    },
  });
}
