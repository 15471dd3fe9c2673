import type { CustomerFacts } from '../domain/customer';
import type { ConsentFact, MessageFact, ReceiptFact } from '../domain/facts';
import { findCustomer } from '../identity/resolve-customer';
import { addressIdentityKind, conversationIdOf, threadOf } from '../outbound/conversation-thread';
import { statusFromPlatform } from '../outbound/message-status';
import { type OutboundPlatform, outboundPlatforms } from '../outbound/platform-sender';
import type { ReceiverDeps } from './receiver-deps';
import type { StoreContext, StoreOutcome } from './store-outcome';

/**
 * The platform a customer can be answered on for a message from `platform`, if any.
 *
 * @example
 * answerablePlatform('whatsapp'); // 'whatsapp'
 */
export function answerablePlatform(platform: string): OutboundPlatform | undefined {
  return outboundPlatforms.includes(platform as OutboundPlatform)
    ? (platform as OutboundPlatform)
    : undefined;
}

/**
 * The customer's address on a platform, from the identities a webhook delivered.
 *
 * @example
 * addressOn({ identities: [{ kind: 'phone', value: '+14155550123' }], emails: [], phones: [] }, 'sms'); // '+14155550123'
 */
export function addressOn(customer: CustomerFacts, platform: OutboundPlatform): string | undefined {
  return customer.identities.find((identity) => identity.kind === addressIdentityKind[platform])?.value;
}

/**
 * Opens (or reopens) the conversation of an inbound message and keeps a copy of the message in
 * it, in the partition of the customer the message was stored for. Idempotent: a redelivery
 * writes nothing new. Comments are not conversations.
 *
 * @example
 * await recordInConversation(deps, customerId, customer, message, occurredAt, context);
 */
export async function recordInConversation(
  deps: ReceiverDeps,
  ownerId: string,
  customer: CustomerFacts,
  message: MessageFact,
  occurredAt: string,
  context: StoreContext,
): Promise<void> {
  if (message.eventType !== 'message.received') return;
  const platform = answerablePlatform(message.platform);
  const address = platform && addressOn(customer, platform);
  if (!platform || !address) return;
  await deps.conversations.recordInbound({
    ownerId,
    platform,
    address,
    channel: context.channel,
    id: message.id,
    at: occurredAt,
    text: message.text,
    ...(customer.name ? { customerName: customer.name } : {}),
    // LINE's reply token is the webhook event's; the channel reads it into the conversation id.
    ...(message.replyToken ? { replyToken: message.replyToken } : {}),
  });
}

/**
 * Applies a delivery receipt to the message it reports on, only forward: by Rapport's id when
 * the platform echoes it, by the platform's id, or up to a watermark (Messenger).
 *
 * @example
 * await applyReceipt(deps, customerId, customer, receipt);
 */
export async function applyReceipt(
  deps: ReceiverDeps,
  ownerId: string,
  customer: CustomerFacts,
  receipt: ReceiptFact,
): Promise<boolean> {
  const status = statusFromPlatform(receipt.status);
  const platform = answerablePlatform(receipt.platform);
  const address = platform && addressOn(customer, platform);
  if (!status || !platform || !address) return false;
  const conversationId = conversationIdOf(threadOf(ownerId, platform, address));
  if (receipt.watermark)
    return (
      (await deps.conversations.applyWatermark(
        conversationId,
        receipt.watermark,
        status,
        receipt.occurredAt,
      )) > 0
    );
  const error =
    status === 'failed'
      ? {
          reason: receipt.error ?? `${receipt.platform} reported ${receipt.status}`,
          ...(receipt.errorCode ? { code: receipt.errorCode } : {}),
        }
      : undefined;
  return deps.conversations.applyStatus(
    conversationId,
    {
      platformMessageId: receipt.messageId,
      ...(receipt.rapportMessageId ? { messageId: receipt.rapportMessageId } : {}),
    },
    status,
    receipt.occurredAt,
    error,
  );
}

/**
 * Records a change of consent a platform or the customer stated (STOP, unfollow, "stop
 * promotions") on the customer, with its `consent.changed` event; a repeated or older statement
 * changes nothing.
 *
 * @example
 * await storeConsent(deps, customer, { platform: 'sms', consent: 'denied', scope: 'all', source: 'sms keyword STOP', occurredAt, id: 'SM1' }, context);
 */
export async function storeConsent(
  deps: ReceiverDeps,
  customer: CustomerFacts,
  consent: ConsentFact,
  context: StoreContext,
): Promise<StoreOutcome> {
  const found = await findCustomer(deps, customer, context.receivedAt);
  await found.record(deps, context.receivedAt, context.channel);
  const changed = await deps.consents.record({
    customerId: found.customerId,
    platform: consent.platform,
    consent: {
      status: consent.consent,
      at: consent.occurredAt,
      source: consent.source,
      scope: consent.scope,
    },
    channel: context.channel,
    sourceId: consent.id,
  });
  return changed ? 'stored' : 'duplicate';
}
