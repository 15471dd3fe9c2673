import * as z from 'zod/mini';
import type { CustomerFacts } from '../../domain/customer';
import type { ReadResult, RefundFact } from '../../domain/facts';
import { MoneyParseError, parseMoney } from '../../domain/money';
import type { OrderMilestone } from '../../domain/order-state';
import type { ChannelAdapter, ReadContext } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { contactCustomer, FactBatch, readJsonEnvelope } from '../facts-builder';
import { hmac, safeEqual } from '../verify-hmac';

const id = z.pipe(
  z.union([z.number().check(z.int()), z.string().check(z.regex(/^\d+$/))]),
  z.transform(String),
);
/** WooCommerce writes GMT times without a zone: `2017-03-22T19:28:08`. */
const gmt = z.pipe(
  z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)),
  z.transform((text) => `${text}Z`),
);
const contact = z.looseObject({
  email: z.nullish(z.string()),
  phone: z.nullish(z.string()),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
  country: z.nullish(z.string()),
});

/**
 * A WooCommerce order (REST API v3 shape, which webhooks deliver).
 *
 * @example
 * wooOrderSchema.safeParse(body);
 */
export const wooOrderSchema = z.looseObject({
  id,
  status: z.string(),
  currency: z.string().check(z.length(3)),
  total: z.string(),
  customer_id: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  date_created_gmt: gmt,
  date_modified_gmt: gmt,
  billing: z.nullish(contact),
  number: z.optional(z.string()),
  refunds: z._default(z.array(z.looseObject({ id, total: z.string() })), []),
});

/**
 * A WooCommerce customer.
 *
 * @example
 * wooCustomerSchema.safeParse(body);
 */
export const wooCustomerSchema = z.looseObject({
  id,
  email: z.nullish(z.string()),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
  billing: z.nullish(contact),
});

/** Order statuses and the milestones they mean. */
const statusMilestones: Record<string, OrderMilestone[]> = {
  pending: [],
  'on-hold': [],
  failed: [],
  processing: ['paid'],
  completed: ['paid', 'fulfilled'],
  refunded: ['paid'],
  cancelled: ['cancelled'],
  'checkout-draft': [],
};

function wooCustomer(
  customerId: string | undefined,
  person: z.infer<typeof contact> | null | undefined,
  fallbackEmail: string | null | undefined,
  defaultRegion: string | undefined,
): CustomerFacts {
  const name = [person?.first_name, person?.last_name].filter(Boolean).join(' ');
  return contactCustomer(
    customerId && customerId !== '0' ? { kind: 'woocommerce', value: customerId } : undefined,
    {
      emails: [person?.email, fallbackEmail],
      phones: [person?.phone],
      name,
      country: person?.country,
      ...(defaultRegion ? { defaultRegion } : {}),
    },
  );
}

/**
 * Reads a verified WooCommerce webhook by its `X-WC-Webhook-Topic`. Order statuses map onto
 * milestones (processing → paid; completed → paid and fulfilled; cancelled); the order's own
 * `refunds` (negative totals) count once each; `order.deleted` (trash) is a cancellation.
 *
 * @example
 * readWooCommerceWebhook(rawBody, 'order.updated');
 */
function readWooCommerceWebhookUnsafe(rawBody: Buffer, topic: string, region: string | undefined) {
  const batch = new FactBatch();
  const [resource, action] = topic.split('.');
  if (resource === 'order') {
    if (action === 'deleted') {
      const envelope = readJsonEnvelope(rawBody, z.looseObject({ id }), topic);
      if (!envelope.ok) return envelope.result;
      batch.add({ kind: 'cancellation', platform: 'woocommerce', platformOrderId: envelope.value.id });
      return batch.result(topic);
    }
    const envelope = readJsonEnvelope(rawBody, wooOrderSchema, topic);
    if (!envelope.ok) return envelope.result;
    const order = envelope.value;
    const customer = wooCustomer(
      order.customer_id ? String(order.customer_id) : undefined,
      order.billing,
      undefined,
      region,
    );
    if (!customer.identities.length) {
      batch.problem('order', [
        { path: ['billing', 'email'], message: 'an order needs a customer, an email or a phone' },
      ]);
      return batch.result(topic);
    }
    const total = parseMoney(order.total, order.currency);
    const refunds: RefundFact[] = order.refunds.map((refund) => ({
      platform: 'woocommerce',
      platformOrderId: order.id,
      refundId: refund.id,
      amount: { amount: Math.abs(parseMoney(refund.total, order.currency).amount), currency: total.currency },
      occurredAt: order.date_modified_gmt,
    }));
    batch.add({
      kind: 'order',
      customer,
      order: {
        platform: 'woocommerce',
        platformOrderId: order.id,
        version: Date.parse(order.date_modified_gmt),
        placedAt: new Date(order.date_created_gmt).toISOString(),
        total,
        milestones: statusMilestones[order.status] ?? [],
        ...(order.number ? { name: `#${order.number}` } : {}),
      },
      refunds,
    });
    return batch.result(topic);
  }
  if (resource === 'customer' && (action === 'created' || action === 'updated')) {
    const envelope = readJsonEnvelope(rawBody, wooCustomerSchema, topic);
    if (!envelope.ok) return envelope.result;
    const person = envelope.value;
    const customer = wooCustomer(
      person.id,
      { ...person.billing, first_name: person.first_name, last_name: person.last_name },
      person.email,
      region,
    );
    if (customer.identities.length) batch.add({ kind: 'customer', customer });
    return batch.result(topic);
  }
  batch.ignore(topic || '(none)');
  return batch.result(topic);
}

/**
 * The WooCommerce channel. `X-WC-Webhook-Signature` is base64 HMAC-SHA256 of the raw body. The
 * unsigned form-encoded ping WooCommerce sends when a webhook is created (`webhook_id=<n>`) is
 * answered 200 and stores nothing, so WooCommerce never disables a valid webhook.
 *
 * @example
 * wooCommerceChannel.verify(request, { WOOCOMMERCE_WEBHOOK_SECRET: 'secret' }, { now: new Date() });
 */
export const wooCommerceChannel: ChannelAdapter = {
  channel: 'woocommerce',
  secretSettings: channelSecretSettings.woocommerce.required,
  verify: (request, secrets) => {
    const signature = request.headers['x-wc-webhook-signature'];
    if (!signature || signature.length > 128) return false;
    return safeEqual(
      hmac('sha256', secrets.WOOCOMMERCE_WEBHOOK_SECRET ?? '', request.rawBody, 'base64'),
      signature.trim(),
    );
  },
  isUnsignedPing: (request) =>
    !request.headers['x-wc-webhook-signature'] &&
    request.rawBody.length < 64 &&
    /^webhook_id=\d+$/.test(request.rawBody.toString('utf8')),
  read: (request, _secrets, context) =>
    readWooCommerceWebhook(request.rawBody, request.headers['x-wc-webhook-topic'] ?? '', context),
  replayHeaders: [
    'x-wc-webhook-signature',
    'x-wc-webhook-topic',
    'x-wc-webhook-source',
    'x-wc-webhook-delivery-id',
    'x-wc-webhook-id',
  ],
};

/**
 * Reads WooCommerceWebhook without ever throwing: an amount the currency cannot hold is an invalid payload.
 *
 * @example
 * readWooCommerceWebhook(rawBody, topic);
 */
export function readWooCommerceWebhook(
  rawBody: Buffer,
  topic: string,
  context: ReadContext = {},
): ReadResult {
  try {
    return readWooCommerceWebhookUnsafe(rawBody, topic, context.defaultPhoneRegion);
  } catch (error) {
    if (error instanceof MoneyParseError) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}
