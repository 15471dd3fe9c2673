import type { CustomerFacts } from '../../shared/domain/customer';
import type { MessageFact, ReceiptFact } from '../../shared/domain/facts';
import { sentimentOf } from '../../shared/domain/sentiment';
import { parseCanonicalEvent } from '../../shared/events/contracts';
import type { ReceiverDeps } from './receiver-deps';
import { resolveCustomer } from './resolve-customer';
import type { StoreContext, StoreOutcome } from './store-facts';

/**
 * Stores one inbound message or comment as a timeline item (its canonical event, with sentiment)
 * keyed by the platform's message id, then counts it on the profile. A redelivery fails the
 * conditional put and writes nothing else.
 *
 * @example
 * await storeMessage(deps, customer, message, { channel: 'meta', receivedAt });
 */
export async function storeMessage(
  deps: ReceiverDeps,
  customer: CustomerFacts,
  message: MessageFact,
  context: StoreContext,
): Promise<StoreOutcome> {
  const customerId = await resolveCustomer(deps, customer, context.receivedAt, context.channel);
  const sentiment = sentimentOf(message.text);
  const eventId = `${context.channel}:${message.platform}:${message.eventType === 'comment.received' ? 'comment' : 'message'}:${message.id}`;
  const occurredAt = message.occurredAt ?? (await deps.timeline.firstSeen(eventId, context.receivedAt));
  const event = parseCanonicalEvent({
    id: eventId,
    type: message.eventType,
    version: 1,
    occurredAt,
    customerId,
    channel: context.channel,
    message: {
      id: message.id,
      platform: message.platform,
      kind: message.kind,
      ...(message.conversationId ? { conversationId: message.conversationId } : {}),
      text: message.text,
      media: message.media,
      sentiment: sentiment.score,
      complaint: sentiment.complaint,
      ...(message.edited ? { edited: true } : {}),
      ...(message.originalTextBytes ? { originalTextBytes: message.originalTextBytes } : {}),
    },
  });
  const appended = await deps.timeline.append(event, {
    receivedAt: context.receivedAt,
    ...(context.deliveryId ? { deliveryId: context.deliveryId } : {}),
  });
  if (!appended) return 'duplicate';
  await deps.customers.countMessage(customerId, event.occurredAt);
  return 'stored';
}

/**
 * Records a delivery receipt (sent, delivered, read, failed) for a message the business sent.
 * Receipts are not customer messages: they are kept on the customer's partition, never published.
 *
 * @example
 * await storeReceipt(deps, customer, receipt, context);
 */
export async function storeReceipt(
  deps: ReceiverDeps,
  customer: CustomerFacts,
  receipt: ReceiptFact,
  context: StoreContext,
): Promise<StoreOutcome> {
  const customerId = await resolveCustomer(deps, customer, context.receivedAt, context.channel);
  return (await deps.receipts.record(customerId, receipt)) ? 'stored' : 'duplicate';
}
