import type * as z from 'zod/mini';
import type { CustomerFacts } from '../../domain/customer';
import type { Fact, ReadResult, RefundFact } from '../../domain/facts';
import { type Money, MoneyParseError, parseMoney } from '../../domain/money';
import type { OrderMilestone, OrderSnapshot } from '../../domain/order-state';
import type { ReadContext } from '../channel-adapter';
import { contactCustomer } from '../facts-builder';
import { JsonTooDeepError, parseJsonExact } from '../parse-json';
import {
  type ShopifyCheckout,
  type ShopifyCustomer,
  type ShopifyOrder,
  type ShopifyRefund,
  shopifyCheckoutSchema,
  shopifyCustomerSchema,
  shopifyOrderSchema,
  shopifyRefundSchema,
} from './shopify-payloads';

/** Topics Rapport reads, by the kind of resource their body is. */
const orderTopics = new Set([
  'orders/create',
  'orders/paid',
  'orders/updated',
  'orders/cancelled',
  'orders/fulfilled',
]);
const customerTopics = new Set(['customers/create', 'customers/update']);
const checkoutTopics = new Set(['checkouts/create', 'checkouts/update']);
const refundTopics = new Set(['refunds/create']);

/**
 * Reads a verified Shopify webhook (topic from `X-Shopify-Topic`) into canonical facts.
 * Never throws: a body that does not match its topic's schema is `invalid` (quarantined by the caller).
 *
 * @example
 * const result = readShopifyWebhook(rawBody, { 'x-shopify-topic': 'orders/create' });
 * if (result.kind === 'facts') result.facts[0]?.kind; // 'order'
 */
export function readShopifyWebhook(
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
  context: ReadContext = {},
): ReadResult {
  const topic = headers['x-shopify-topic']?.trim() ?? '';
  const deliveryId = headers['x-shopify-webhook-id'];
  if (
    !orderTopics.has(topic) &&
    !customerTopics.has(topic) &&
    !checkoutTopics.has(topic) &&
    !refundTopics.has(topic)
  ) {
    return { kind: 'unhandled', topic: topic || '(none)' };
  }
  let body: unknown;
  try {
    body = parseJsonExact(rawBody.toString('utf8'));
  } catch (error) {
    return {
      kind: 'invalid',
      topic,
      reason: error instanceof JsonTooDeepError ? error.message : 'body is not JSON',
    };
  }
  try {
    const facts = readTopic(topic, body, context.defaultPhoneRegion);
    if (facts.kind === 'invalid') return { ...facts, topic };
    return { kind: 'facts', facts: facts.facts, topic, ...(deliveryId ? { deliveryId } : {}) };
  } catch (error) {
    if (error instanceof MoneyParseError) return { kind: 'invalid', topic, reason: error.message };
    throw error;
  }
}

type TopicResult = { kind: 'facts'; facts: Fact[] } | { kind: 'invalid'; reason: string };

function readTopic(topic: string, body: unknown, region: string | undefined): TopicResult {
  if (orderTopics.has(topic))
    return withSchema(shopifyOrderSchema, body, (order) => orderFacts(topic, order, region));
  if (refundTopics.has(topic)) {
    return withSchema(shopifyRefundSchema, body, (refund) => [
      { kind: 'refund', refund: refundFact(refund) },
    ]);
  }
  if (checkoutTopics.has(topic)) {
    return withSchema(shopifyCheckoutSchema, body, (checkout) => checkoutFacts(checkout, region));
  }
  return withSchema(shopifyCustomerSchema, body, (customer) => {
    const facts = customerFacts(customer, {}, region);
    return facts.identities.length ? [{ kind: 'customer', customer: facts }] : [];
  });
}

function withSchema<T>(
  schema: z.ZodMiniType<T>,
  body: unknown,
  toFacts: (value: T) => Fact[] | string,
): TopicResult {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return { kind: 'invalid', reason };
  }
  const facts = toFacts(parsed.data);
  return typeof facts === 'string' ? { kind: 'invalid', reason: facts } : { kind: 'facts', facts };
}

function orderFacts(topic: string, order: ShopifyOrder, region: string | undefined): Fact[] | string {
  const customer = customerFacts(
    order.customer ?? undefined,
    {
      email: order.email ?? order.contact_email,
      phone: order.phone,
      address: order.billing_address ?? order.shipping_address,
    },
    region,
  );
  if (customer.identities.length === 0) return 'order carries no customer, email or phone to attribute it to';
  const snapshot: OrderSnapshot = {
    platform: 'shopify',
    platformOrderId: order.id,
    version: Date.parse(order.updated_at),
    placedAt: new Date(order.created_at).toISOString(),
    total: orderTotal(order),
    milestones: milestonesOf(topic, order),
    ...(order.name ? { name: order.name } : {}),
  };
  const refunds = (order.refunds ?? []).map(refundFact);
  return [{ kind: 'order', customer, order: snapshot, refunds }];
}

function orderTotal(order: ShopifyOrder): Money {
  // shop_money is the shop's own currency, already converted by Shopify from the buyer's.
  const shopMoney = order.total_price_set?.shop_money;
  if (shopMoney) return parseMoney(shopMoney.amount, shopMoney.currency_code);
  return parseMoney(order.total_price, order.currency);
}

function milestonesOf(topic: string, order: ShopifyOrder): OrderMilestone[] {
  const milestones: OrderMilestone[] = [];
  const financial = order.financial_status ?? '';
  if (topic === 'orders/paid' || ['paid', 'partially_refunded', 'refunded'].includes(financial)) {
    milestones.push('paid');
  }
  if (topic === 'orders/fulfilled' || order.fulfillment_status === 'fulfilled') milestones.push('fulfilled');
  if (topic === 'orders/cancelled' || order.cancelled_at) milestones.push('cancelled');
  return milestones;
}

function refundFact(refund: ShopifyRefund): RefundFact {
  let amount: Money | undefined;
  for (const transaction of refund.transactions) {
    if (transaction.kind !== 'refund' || (transaction.status && transaction.status !== 'success')) continue;
    const money = parseMoney(transaction.amount, transaction.currency ?? amount?.currency ?? 'USD');
    amount = amount ? { amount: amount.amount + money.amount, currency: amount.currency } : money;
  }
  return {
    platform: 'shopify',
    platformOrderId: refund.order_id,
    refundId: refund.id,
    amount: amount ?? { amount: 0, currency: refund.transactions[0]?.currency ?? 'USD' },
    occurredAt: new Date(refund.created_at).toISOString(),
  };
}

function checkoutFacts(checkout: ShopifyCheckout, region: string | undefined): Fact[] | string {
  const customer = customerFacts(
    checkout.customer ?? undefined,
    { email: checkout.email, phone: checkout.phone, address: checkout.billing_address },
    region,
  );
  if (customer.identities.length === 0) return 'checkout carries no customer, email or phone';
  const total =
    checkout.total_price != null && checkout.currency
      ? parseMoney(checkout.total_price, checkout.currency)
      : undefined;
  return [
    {
      kind: 'checkout',
      customer,
      checkoutId: checkout.token,
      occurredAt: new Date(checkout.created_at).toISOString(),
      ...(total ? { total } : {}),
    },
  ];
}

/**
 * Identities in priority order: the Shopify customer id first (the strongest link), then email, then phone.
 */
function customerFacts(
  customer: ShopifyCustomer | undefined,
  extra: {
    email?: string | null;
    phone?: string | null;
    address?: { phone?: string | null; country_code?: string | null } | null;
  },
  defaultRegion: string | undefined,
): CustomerFacts {
  return contactCustomer(customer ? { kind: 'shopify', value: customer.id } : undefined, {
    emails: [customer?.email, extra.email],
    phones: [customer?.phone, extra.phone, customer?.default_address?.phone, extra.address?.phone],
    name: [customer?.first_name, customer?.last_name].filter(Boolean).join(' '),
    country: customer?.default_address?.country_code ?? extra.address?.country_code,
    ...(defaultRegion ? { defaultRegion } : {}),
  });
}
