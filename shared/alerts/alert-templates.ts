import '../config/zod-messages';
import * as z from 'zod/mini';
import { parseMoney } from '../domain/money';
import type { AlertRule } from './alert-rule';

/** The segments worth a person's attention when they write or drift away. */
const valuableSegments = ['champions', 'loyal', 'potential_loyalist', 'cant_lose', 'at_risk'];

/** What a marketer gives when enabling a template. */
export const templateRequestSchema = z.object({
  destinations: z.array(z.string()).check(z.minLength(1), z.maxLength(10)),
  /** For `big_order`: the smallest order total that alerts, in the currency's major unit (500 = $500.00). */
  amount: z.optional(z.number().check(z.positive())),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD'))),
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  enabled: z.optional(z.boolean()),
});

export type TemplateRequest = z.infer<typeof templateRequestSchema>;

interface AlertTemplate {
  description: string;
  parameters: string[];
  rule(request: TemplateRequest, baseCurrency: string): Omit<AlertRule, 'destinations' | 'enabled'>;
}

/**
 * Ready-made rules a marketer enables in one call (`POST /api/alert-templates/{name}`). Rules
 * that depend on what an event changed (a first order, churn risk turning high) are on
 * `customer.scored`, whose before and after are exact, rather than on the order itself, which
 * `notify` may see before scoring has counted it.
 *
 * @example
 * alertTemplates.big_order.rule({ destinations: ['d1'], amount: 500 }, 'USD');
 */
export const alertTemplates: Record<string, AlertTemplate> = {
  vip_message: {
    description: 'A champion or loyal customer writes to us.',
    parameters: [],
    rule: () => ({
      name: 'VIP wrote to us',
      on: 'message.received',
      if: [{ path: 'customer.scores.segment', op: 'in', value: ['champions', 'loyal'] }],
      throttle: { perCustomer: 'PT1H' },
    }),
  },
  big_order: {
    description: 'An order at or above an amount (default 500 in the base currency).',
    parameters: ['amount', 'currency'],
    rule: (request, baseCurrency) => {
      const currency = request.currency ?? baseCurrency;
      const minimum = parseMoney(request.amount ?? 500, currency);
      return {
        name: `Big order (${request.amount ?? 500} ${currency} or more)`,
        on: 'order.placed',
        if: [
          { path: 'event.order.total.currency', op: 'eq', value: currency },
          { path: 'event.order.total.amount', op: 'gte', value: minimum.amount },
        ],
      };
    },
  },
  churn_risk_rising: {
    description: 'A valuable customer’s churn risk turns high.',
    parameters: [],
    rule: () => ({
      name: 'Valuable customer at risk of churning',
      on: 'customer.scored',
      if: [
        { path: 'customer.scores.churnBand', op: 'changed_to', value: 'high' },
        { path: 'customer.scores.segment', op: 'in', value: valuableSegments },
      ],
      throttle: { perCustomer: 'P7D' },
    }),
  },
  complaint_message: {
    description: 'A message reads as a complaint.',
    parameters: [],
    rule: () => ({
      name: 'Complaint',
      on: 'message.received',
      if: [{ path: 'event.message.complaint', op: 'eq', value: true }],
      throttle: { perCustomer: 'PT1H' },
    }),
  },
  abandoned_checkout: {
    description: 'A checkout was started and not followed by an order.',
    parameters: [],
    rule: () => ({
      name: 'Abandoned checkout',
      on: 'checkout.abandoned',
      if: [],
      throttle: { perCustomer: 'P1D' },
    }),
  },
  first_order: {
    description: 'A customer’s first order is counted.',
    parameters: [],
    rule: () => ({
      name: 'First order',
      on: 'customer.scored',
      if: [{ path: 'customer.lifecycleStage', op: 'changed_to', value: 'buyer' }],
    }),
  },
};
