import * as z from 'zod/mini';

/**
 * zod schemas of the Shopify webhook bodies Rapport reads (REST Admin API resources, sent bare,
 * without a wrapper). Only the fields Rapport uses are required; everything else passes through.
 */

const id = z.pipe(
  z.union([z.number().check(z.int()), z.string().check(z.regex(/^\d+$/))]),
  z.transform(String),
);
const timestamp = z.iso.datetime({ offset: true });
const decimal = z.union([z.string(), z.number()]);
const optionalText = z.nullish(z.string());

const moneySet = z.object({
  shop_money: z.object({ amount: decimal, currency_code: z.string().check(z.length(3)) }),
});

const address = z.nullish(
  z.object({
    phone: optionalText,
    country_code: optionalText,
    first_name: optionalText,
    last_name: optionalText,
  }),
);

/**
 * The `customer` object embedded in orders and checkouts, and the body of `customers/*`.
 *
 * @example
 * shopifyCustomerSchema.safeParse(body);
 */
export const shopifyCustomerSchema = z.looseObject({
  id,
  email: optionalText,
  phone: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  default_address: address,
});

const transaction = z.looseObject({
  amount: decimal,
  currency: z.nullish(z.string().check(z.length(3))),
  kind: z.string(),
  status: z.nullish(z.string()),
});

/**
 * A refund: the body of `refunds/create`, and each entry of an order's `refunds`.
 *
 * @example
 * shopifyRefundSchema.safeParse(body);
 */
export const shopifyRefundSchema = z.looseObject({
  id,
  order_id: id,
  created_at: timestamp,
  transactions: z._default(z.array(transaction), []),
});

/**
 * An order: the body of `orders/*`.
 *
 * @example
 * shopifyOrderSchema.safeParse(body);
 */
export const shopifyOrderSchema = z.looseObject({
  id,
  name: optionalText,
  created_at: timestamp,
  updated_at: timestamp,
  cancelled_at: z.nullish(timestamp),
  currency: z.string().check(z.length(3)),
  total_price: decimal,
  total_price_set: z.nullish(moneySet),
  financial_status: optionalText,
  fulfillment_status: optionalText,
  email: optionalText,
  contact_email: optionalText,
  phone: optionalText,
  customer: z.nullish(shopifyCustomerSchema),
  billing_address: address,
  shipping_address: address,
  refunds: z.nullish(z.array(shopifyRefundSchema)),
});

/**
 * A checkout: the body of `checkouts/*`.
 *
 * @example
 * shopifyCheckoutSchema.safeParse(body);
 */
export const shopifyCheckoutSchema = z.looseObject({
  id: z.nullish(id),
  token: z.string().check(z.minLength(1)),
  created_at: timestamp,
  currency: z.nullish(z.string().check(z.length(3))),
  total_price: z.nullish(decimal),
  email: optionalText,
  phone: optionalText,
  customer: z.nullish(shopifyCustomerSchema),
  billing_address: address,
});

export type ShopifyCustomer = z.infer<typeof shopifyCustomerSchema>;
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;
export type ShopifyRefund = z.infer<typeof shopifyRefundSchema>;
export type ShopifyCheckout = z.infer<typeof shopifyCheckoutSchema>;
