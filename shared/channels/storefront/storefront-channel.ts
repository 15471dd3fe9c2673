import type { CustomerFacts } from '../../domain/customer';
import type { ReadResult } from '../../domain/facts';
import { MoneyParseError, parseMoney } from '../../domain/money';
import type { OrderMilestone } from '../../domain/order-state';
import type { ChannelAdapter, ReadContext } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { contactCustomer, FactBatch, readJsonEnvelope } from '../facts-builder';
import { verifyTimestampedSignature } from '../timestamped-signature';
import { type StorefrontEvent, storefrontEventSchema } from './storefront-event';

const milestones: Record<'placed' | 'paid' | 'fulfilled' | 'cancelled', OrderMilestone[]> = {
  placed: [],
  paid: ['paid'],
  fulfilled: ['paid', 'fulfilled'],
  cancelled: ['cancelled'],
};

function storefrontCustomer(
  person: StorefrontEvent['customer'],
  defaultRegion: string | undefined,
): CustomerFacts {
  return contactCustomer(
    { kind: 'storefront', value: person.id },
    {
      emails: [person.email],
      phones: [person.phone],
      name: person.name,
      ...(defaultRegion ? { defaultRegion } : {}),
    },
  );
}

/**
 * Reads a verified storefront event (see `storefront-event.ts` and docs/storefront-webhook.md).
 *
 * @example
 * readStorefrontEvent(rawBody);
 */
function readStorefrontEventUnsafe(rawBody: Buffer, region: string | undefined) {
  const envelope = readJsonEnvelope(rawBody, storefrontEventSchema, 'storefront');
  if (!envelope.ok) return envelope.result;
  const event = envelope.value;
  const batch = new FactBatch();
  const customer = storefrontCustomer(event.customer, region);
  switch (event.type) {
    case 'customer.upserted':
      batch.add({ kind: 'customer', customer });
      break;
    case 'order.upserted':
      batch.add({
        kind: 'order',
        customer,
        order: {
          platform: 'storefront',
          platformOrderId: event.order.id,
          version: Date.parse(event.order.updatedAt),
          placedAt: new Date(event.order.placedAt).toISOString(),
          total: parseMoney(event.order.total, event.order.currency),
          milestones: milestones[event.order.status],
          ...(event.order.number ? { name: `#${event.order.number}` } : {}),
        },
        refunds: [],
      });
      break;
    case 'order.refunded':
      batch.add({
        kind: 'refund',
        refund: {
          platform: 'storefront',
          platformOrderId: event.refund.orderId,
          refundId: event.refund.id,
          amount: parseMoney(event.refund.amount, event.refund.currency),
          occurredAt: new Date(event.occurredAt).toISOString(),
        },
      });
      break;
    case 'checkout.started': {
      const { total, currency } = event.checkout;
      batch.add({
        kind: 'checkout',
        customer,
        checkoutId: event.checkout.id,
        occurredAt: new Date(event.occurredAt).toISOString(),
        ...(total && currency ? { total: parseMoney(total, currency) } : {}),
      });
      break;
    }
  }
  return batch.result(event.type, event.id);
}

/**
 * The storefront channel: Rapport's own signed JSON events, `X-Rapport-Signature:
 * t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with a 300-second tolerance (as outbound webhooks).
 *
 * @example
 * storefrontChannel.verify(request, { STOREFRONT_WEBHOOK_SECRET: 'secret' }, { now: new Date() });
 */
export const storefrontChannel: ChannelAdapter = {
  channel: 'storefront',
  secretSettings: channelSecretSettings.storefront.required,
  verify: (request, secrets, context) =>
    verifyTimestampedSignature(
      request.rawBody,
      request.headers['x-rapport-signature'],
      secrets.STOREFRONT_WEBHOOK_SECRET ?? '',
      context.now,
    ),
  read: (request, _secrets, context) => readStorefrontEvent(request.rawBody, context),
  replayHeaders: ['x-rapport-signature'],
};

/**
 * Reads StorefrontEvent without ever throwing: an amount the currency cannot hold is an invalid payload.
 *
 * @example
 * readStorefrontEvent(rawBody);
 */
export function readStorefrontEvent(rawBody: Buffer, context: ReadContext = {}): ReadResult {
  try {
    return readStorefrontEventUnsafe(rawBody, context.defaultPhoneRegion);
  } catch (error) {
    if (error instanceof MoneyParseError) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}
