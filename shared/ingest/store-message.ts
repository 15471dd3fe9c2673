import type { CustomerFacts } from '../domain/customer';
import type { MessageFact, ReceiptFact } from '../domain/facts';
import { sentimentOf } from '../domain/sentiment';
import { parseCanonicalEvent } from '../events/contracts';
import { claimPlanned, findCustomer, planGuardedClaims, recordLinks } from '../identity/resolve-customer';
import type { ReceiverDeps } from './receiver-deps';
import { applyReceipt, recordInConversation } from './store-conversation';
import type { StoreContext, StoreOutcome } from './store-outcome';

/**
 * Stores one inbound message or comment as a timeline item (its canonical event, with sentiment)
 * keyed by the platform's message id, in the partition of the customer holding the sender's
 * first identity, then records it on that profile. A redelivery fails the conditional put and
 * writes nothing else.
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
  const eventId = `${context.channel}:${message.platform}:${message.eventType === 'comment.received' ? 'comment' : 'message'}:${message.id}`;
  // A known customer's message costs three round trips: the owners (with the time first seen, for
  // platforms that send none), the timeline item, the profile with the message counted.
  const [owners, occurredAt] = await Promise.all([
    deps.identities.findOwners(customer.identities),
    message.occurredAt ?? deps.timeline.firstSeen(eventId, context.receivedAt),
  ]);
  const { plan } = await planGuardedClaims(deps, customer, owners);
  // With every identity known, claiming is a no-op without a round trip.
  const resolved = await claimPlanned(deps, customer, plan, owners, context.receivedAt);
  const { customerId } = resolved;
  const sentiment = sentimentOf(message.text);
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
  const [appended] = await Promise.all([
    deps.timeline.append(event, {
      receivedAt: context.receivedAt,
      ...(context.deliveryId ? { deliveryId: context.deliveryId } : {}),
    }),
    recordLinks(deps, resolved, context.receivedAt, context.channel),
  ]);
  const recordMessage = () =>
    deps.customers.recordMessage(
      customerId,
      resolved.held,
      event.occurredAt,
      context.receivedAt,
      context.channel,
      message.eventType === 'comment.received' ? 'comment' : 'message',
    );
  // Idempotent, so a redelivery completes a conversation a first delivery did not reach.
  const inConversation = () =>
    recordInConversation(deps, customerId, customer, message, event.occurredAt, context);
  if (appended) {
    await Promise.all([recordMessage(), inConversation()]);
    return 'stored';
  }
  await inConversation();
  // A redelivery. If the first delivery stopped after its timeline item, before the profile (a
  // new customer's first message), the profile is missing: written now, with the message counted.
  const profile = await deps.customers.get(customerId);
  if (!profile) {
    await recordMessage();
    return 'stored';
  }
  if (resolved.claimed.length > 0) {
    await deps.customers.recordFacts(customerId, resolved.held, context.receivedAt, context.channel);
  }
  return 'duplicate';
}

/**
 * Records a delivery receipt (sent, delivered, read, failed) for a message the business sent, and
 * moves that message's status forward in its conversation (published as `message.status_changed`).
 * Receipts are not customer messages: they are kept on the customer's partition.
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
  const found = await findCustomer(deps, customer, context.receivedAt);
  const [recorded, changed, applied] = await Promise.all([
    deps.receipts.record(found.customerId, receipt),
    found.record(deps, context.receivedAt, context.channel),
    applyReceipt(deps, found.customerId, customer, receipt),
  ]);
  return recorded || changed || applied ? 'stored' : 'duplicate';
}
