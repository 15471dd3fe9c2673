import '../config/zod-messages';
import * as z from 'zod/mini';
import { durationMs } from '../domain/durations';
import { eventTypes } from '../events/contracts';

/**
 * The operators of a rule's conditions (public contract, "Alert rule").
 *
 * @example
 * conditionOperators.includes('changed_to'); // true
 */
export const conditionOperators = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'exists',
  'changed_to',
] as const;

const duration = z.string().check(
  z.refine(
    (text) => {
      try {
        const ms = durationMs(text);
        return ms > 0 && ms <= 30 * 86_400_000;
      } catch {
        return false;
      }
    },
    { message: 'an ISO 8601 duration between PT1S and P30D, such as PT1H' },
  ),
);

/** One condition: a path into the event or the customer, an operator and a value. */
export const conditionSchema = z
  .object({
    path: z
      .string()
      .check(
        z.regex(
          /^(event|customer)(\.[A-Za-z0-9_]+)+$/,
          'a path into `event.…` or `customer.…`, such as customer.scores.segment',
        ),
        z.maxLength(200),
      ),
    op: z.enum(conditionOperators),
    value: z.optional(z.unknown()),
  })
  .check(
    z.refine((condition) => condition.op === 'exists' || condition.value !== undefined, {
      message: 'this operator needs a value',
      path: ['value'],
    }),
    z.refine((condition) => condition.op !== 'in' || Array.isArray(condition.value), {
      message: '`in` needs a list of values',
      path: ['value'],
    }),
    z.refine(
      (condition) =>
        !['gt', 'gte', 'lt', 'lte'].includes(condition.op) ||
        typeof condition.value === 'number' ||
        typeof condition.value === 'string',
      { message: 'comparisons need a number (or an ISO date)', path: ['value'] },
    ),
    z.refine((condition) => condition.op !== 'changed_to' || condition.path.startsWith('customer.'), {
      message: '`changed_to` compares the customer before and after: use a `customer.…` path',
      path: ['path'],
    }),
  );

/**
 * An alert rule (public contract): when an event of type `on` arrives and every condition holds, each
 * destination is alerted, at most once per customer within the throttle window.
 *
 * @example
 * alertRuleSchema.parse({ name: 'VIP wrote to us', on: 'message.received', if: [...], destinations: ['d1'], enabled: true });
 */
export const alertRuleSchema = z
  .object({
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    on: z.enum(eventTypes),
    if: z._default(z.array(conditionSchema).check(z.maxLength(20)), []),
    destinations: z
      .array(z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'not a destination id')))
      .check(z.minLength(1), z.maxLength(10)),
    throttle: z.optional(z.object({ perCustomer: duration })),
    digest: z.optional(z.object({ every: duration })),
    enabled: z._default(z.boolean(), true),
  })
  .check(
    z.refine(
      (rule) => rule.on === 'customer.scored' || !rule.if.some((condition) => condition.op === 'changed_to'),
      {
        message: '`changed_to` is only for rules on customer.scored (which carry before and after)',
        path: ['if'],
      },
    ),
  );

export type AlertRule = z.infer<typeof alertRuleSchema>;
export type Condition = z.infer<typeof conditionSchema>;
