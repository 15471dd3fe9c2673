import * as z from 'zod/mini';
import type { CustomerFacts } from '../../domain/customer';
import type { Fact, RefundFact } from '../../domain/facts';
import type { Money } from '../../domain/money';
import type { ChannelAdapter, ReadContext } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { contactCustomer, FactBatch, readJsonEnvelope } from '../facts-builder';
import { verifyTimestampedSignature } from '../timestamped-signature';
import { epochToIso } from '../timestamps';

const contact = z.nullish(
  z.looseObject({
    email: z.nullish(z.string()),
    phone: z.nullish(z.string()),
    name: z.nullish(z.string()),
    // Checkout's customer_details.address and a Customer's address: the country reads a national phone.
    address: z.nullish(z.looseObject({ country: z.nullish(z.string()) })),
  }),
);
const amount = z.number().check(z.int(), z.nonnegative());
const currency = z.string().check(z.length(3));

/**
 * A Stripe Event envelope.
 *
 * @example
 * stripeEventSchema.safeParse(body);
 */
export const stripeEventSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  object: z.literal('event'),
  type: z.string(),
  created: z.number().check(z.int(), z.positive()),
  data: z.looseObject({ object: z.looseObject({ id: z.string().check(z.minLength(1)) }) }),
});

const checkoutSession = z.looseObject({
  id: z.string(),
  customer: z.nullish(z.string()),
  customer_details: contact,
  amount_total: z.nullish(amount),
  currency: z.nullish(currency),
  payment_status: z.string(),
  payment_intent: z.nullish(z.string()),
  created: z.optional(z.number().check(z.int())),
});

const paymentIntent = z.looseObject({
  id: z.string(),
  customer: z.nullish(z.string()),
  amount_received: z.optional(amount),
  amount: amount,
  currency,
  created: z.number().check(z.int()),
  receipt_email: z.nullish(z.string()),
});

const refund = z.looseObject({
  id: z.string(),
  amount,
  currency,
  status: z.nullish(z.string()),
  created: z.number().check(z.int()),
  payment_intent: z.nullish(z.string()),
  charge: z.nullish(z.string()),
});

const charge = z.looseObject({
  id: z.string(),
  customer: z.nullish(z.string()),
  billing_details: contact,
  payment_intent: z.nullish(z.string()),
  refunds: z.nullish(z.looseObject({ data: z.array(refund) })),
});

const customer = z.looseObject({
  id: z.string(),
  email: z.nullish(z.string()),
  phone: z.nullish(z.string()),
  name: z.nullish(z.string()),
});

const money = (value: number, code: string): Money => ({ amount: value, currency: code.toUpperCase() });

function stripeCustomer(
  customerId: string | null | undefined,
  details: z.infer<typeof contact>,
  defaultRegion: string | undefined,
): CustomerFacts {
  return contactCustomer(customerId ? { kind: 'stripe', value: customerId } : undefined, {
    emails: [details?.email],
    phones: [details?.phone],
    name: details?.name,
    country: details?.address?.country,
    ...(defaultRegion ? { defaultRegion } : {}),
  });
}

/**
 * Reads a verified Stripe event. Payments are orders keyed by their PaymentIntent (the checkout
 * session and the intent of one purchase are one order); refunds count once each, when succeeded.
 *
 * @example
 * readStripeEvent(rawBody);
 */
export function readStripeEvent(rawBody: Buffer, context: ReadContext = {}) {
  const region = context.defaultPhoneRegion;
  const envelope = readJsonEnvelope(rawBody, stripeEventSchema, 'stripe');
  if (!envelope.ok) return envelope.result;
  const event = envelope.value;
  const batch = new FactBatch();
  const version = event.created * 1000;
  const parse = <T>(schema: z.ZodMiniType<T>): T | undefined => {
    const parsed = schema.safeParse(event.data.object);
    if (!parsed.success) batch.problem(`data.object (${event.type})`, parsed.error.issues);
    return parsed.success ? parsed.data : undefined;
  };
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = parse(checkoutSession);
      if (!session) break;
      const facts = stripeCustomer(session.customer, session.customer_details, region);
      if (!facts.identities.length || session.amount_total == null || !session.currency) {
        batch.problem('checkout.session', [
          { path: ['customer_details'], message: 'a completed session needs a customer and an amount' },
        ]);
        break;
      }
      const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
      batch.add(
        paymentOrder(
          facts,
          session.payment_intent ?? session.id,
          version,
          session.created ?? event.created,
          money(session.amount_total, session.currency),
          paid,
        ),
      );
      break;
    }
    case 'payment_intent.succeeded': {
      const intent = parse(paymentIntent);
      if (!intent) break;
      const facts = stripeCustomer(intent.customer, { email: intent.receipt_email }, region);
      if (!facts.identities.length) {
        batch.ignore('payment_intent.succeeded:anonymous');
        break;
      }
      batch.add(
        paymentOrder(
          facts,
          intent.id,
          version,
          intent.created,
          money(intent.amount_received ?? intent.amount, intent.currency),
          true,
        ),
      );
      break;
    }
    case 'charge.refunded': {
      const refunded = parse(charge);
      if (!refunded) break;
      for (const item of refunded.refunds?.data ?? []) {
        const fact = refundFact(item, refunded.payment_intent ?? refunded.id);
        if (fact) batch.add({ kind: 'refund', refund: fact });
      }
      if (batch.facts.length === 0) batch.ignore('charge.refunded:no-succeeded-refund');
      break;
    }
    case 'charge.refund.updated': {
      const item = parse(refund);
      if (!item) break;
      const fact = refundFact(item, item.payment_intent ?? item.charge ?? '');
      if (fact) batch.add({ kind: 'refund', refund: fact });
      else batch.ignore(`refund:${item.status}`);
      break;
    }
    case 'customer.created':
    case 'customer.updated': {
      const person = parse(customer);
      if (!person) break;
      batch.add({ kind: 'customer', customer: stripeCustomer(person.id, person, region) });
      break;
    }
    default:
      batch.ignore(event.type);
  }
  return batch.result(event.type, event.id);
}

/** One Stripe payment as an order: the session and the intent of a purchase share the intent's id. */
function paymentOrder(
  customer: CustomerFacts,
  orderId: string,
  version: number,
  createdSeconds: number,
  total: Money,
  paid: boolean,
): Fact {
  return {
    kind: 'order',
    customer,
    order: {
      platform: 'stripe',
      platformOrderId: orderId,
      version,
      placedAt: epochToIso(createdSeconds) ?? new Date(version).toISOString(),
      total,
      milestones: paid ? ['paid'] : [],
    },
    refunds: [],
  };
}

function refundFact(item: z.infer<typeof refund>, orderId: string): RefundFact | undefined {
  if (item.status !== 'succeeded' || !orderId) return undefined;
  return {
    platform: 'stripe',
    platformOrderId: orderId,
    refundId: item.id,
    amount: money(item.amount, item.currency),
    occurredAt: epochToIso(item.created) ?? new Date(0).toISOString(),
  };
}

/**
 * The Stripe channel: `Stripe-Signature` with a 300-second tolerance and secret rotation.
 *
 * @example
 * stripeChannel.verify(request, { STRIPE_WEBHOOK_SECRET: 'whsec_...' }, { now: new Date() });
 */
export const stripeChannel: ChannelAdapter = {
  channel: 'stripe',
  secretSettings: channelSecretSettings.stripe.required,
  verify: (request, secrets, context) =>
    verifyTimestampedSignature(
      request.rawBody,
      request.headers['stripe-signature'],
      secrets.STRIPE_WEBHOOK_SECRET ?? '',
      context.now,
    ),
  read: (request, _secrets, context) => readStripeEvent(request.rawBody, context),
  replayHeaders: ['stripe-signature'],
};
