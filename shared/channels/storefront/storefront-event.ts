import * as z from 'zod/mini';

const decimal = z
  .string()
  .check(
    z.regex(/^\d+(\.\d+)?$/, 'a decimal amount as a string, such as "49.90"'),
    z.describe('Amount as a decimal string in the currency’s own units, e.g. "49.90" (never a float).'),
  );
const currency = z.string().check(z.regex(/^[A-Z]{3}$/), z.describe('ISO 4217 currency code, e.g. "EUR".'));
const timestamp = z.iso
  .datetime({ offset: true })
  .check(z.describe('ISO 8601 time with a zone, e.g. "2026-11-23T10:00:00Z".'));
const reference = z.string().check(z.minLength(1), z.maxLength(200));

const customer = z
  .object({
    id: reference.check(z.describe('Your shop’s customer id (stable).')),
    email: z.optional(z.email()),
    phone: z
      .optional(z.string().check(z.maxLength(40)))
      .check(z.describe('Phone in E.164 (+4915112345678) or with a country prefix.')),
    name: z.optional(z.string().check(z.maxLength(200))),
  })
  .check(
    z.describe('The person. At least the id; email and phone link them to their messages on other channels.'),
  );

const base = {
  id: reference.check(
    z.describe('Idempotency key: unique per event. Sending the same id again stores nothing new.'),
  ),
  occurredAt: timestamp,
  customer,
};

/**
 * Rapport's own signed storefront event, for shops that are not Shopify, WooCommerce or Stripe.
 * Published as JSON Schema in `docs/storefront-event.schema.json` and in `/api/openapi.json`.
 *
 * @example
 * storefrontEventSchema.parse({ id: 'evt_1', type: 'customer.upserted', occurredAt: '2026-11-23T10:00:00Z', customer: { id: 'c1' } });
 */
export const storefrontEventSchema = z
  .discriminatedUnion('type', [
    z
      .object({ ...base, type: z.literal('customer.upserted') })
      .check(z.describe('A customer was created or changed.')),
    z
      .object({
        ...base,
        type: z.literal('order.upserted'),
        order: z.object({
          id: reference.check(z.describe('Your order id.')),
          number: z
            .optional(z.string().check(z.maxLength(50)))
            .check(z.describe('The order number people see, e.g. "1042".')),
          status: z
            .enum(['placed', 'paid', 'fulfilled', 'cancelled'])
            .check(
              z.describe(
                'The latest state: placed → paid → fulfilled, or cancelled. Orders never move backwards.',
              ),
            ),
          total: decimal,
          currency,
          placedAt: timestamp,
          updatedAt: timestamp.check(
            z.describe('When the order last changed: an older update arriving later is ignored.'),
          ),
        }),
      })
      .check(z.describe('An order was created or changed; send the whole order each time.')),
    z
      .object({
        ...base,
        type: z.literal('order.refunded'),
        refund: z.object({
          id: reference.check(z.describe('Your refund id: each refund counts once.')),
          orderId: reference,
          amount: decimal,
          currency,
        }),
      })
      .check(z.describe('Money was given back on an order (partially or fully).')),
    z
      .object({
        ...base,
        type: z.literal('checkout.started'),
        checkout: z.object({ id: reference, total: z.optional(decimal), currency: z.optional(currency) }),
      })
      .check(
        z.describe('A checkout began; without an order from the customer soon after, it becomes abandoned.'),
      ),
  ])
  .check(z.describe('A Rapport storefront event. POST it to /webhooks/storefront with X-Rapport-Signature.'));

export type StorefrontEvent = z.infer<typeof storefrontEventSchema>;
