import * as z from 'zod';

/**
 * zod schemas of the Shopify webhook bodies Rapport reads (REST Admin API resources, sent bare,
 * without a wrapper). Only the fields Rapport uses are required; everything else passes through.
 */

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const timestamp = z.iso.datetime({ offset: true });
const decimal = z.union([z.string(), z.number()]);
const optionalText = z.string().nullish();

const moneySet = z.object({ shop_money: z.object({ amount: decimal, currency_code: z.string().length(3) }) });

const address = z
  .object({
    phone: optionalText,
    country_code: optionalText,
    first_name: optionalText,
    last_name: optionalText,
  })
  .nullish();

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
  currency: z.string().length(3).nullish(),
  kind: z.string(),
  status: z.string().nullish(),
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
  transactions: z.array(transaction).default([]),
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
  cancelled_at: timestamp.nullish(),
  currency: z.string().length(3),
  total_price: decimal,
  total_price_set: moneySet.nullish(),
  financial_status: optionalText,
  fulfillment_status: optionalText,
  email: optionalText,
  contact_email: optionalText,
  phone: optionalText,
  customer: shopifyCustomerSchema.nullish(),
  billing_address: address,
  shipping_address: address,
  refunds: z.array(shopifyRefundSchema).nullish(),
});

/**
 * A checkout: the body of `checkouts/*`.
 *
 * @example
 * shopifyCheckoutSchema.safeParse(body);
 */
export const shopifyCheckoutSchema = z.looseObject({
  id: id.nullish(),
  token: z.string().min(1),
  created_at: timestamp,
  currency: z.string().length(3).nullish(),
  total_price: decimal.nullish(),
  email: optionalText,
  phone: optionalText,
  customer: shopifyCustomerSchema.nullish(),
  billing_address: address,
});

export type ShopifyCustomer = z.infer<typeof shopifyCustomerSchema>;
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;
export type ShopifyRefund = z.infer<typeof shopifyRefundSchema>;
export type ShopifyCheckout = z.infer<typeof shopifyCheckoutSchema>;
