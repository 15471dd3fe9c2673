import * as z from 'zod';
import { parseIdentityText } from '../../shared/domain/identity';

/** RFM segments (DESIGN.md). */
export const segments = [
  'champions',
  'loyal',
  'potential_loyalist',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
  'lost',
] as const;

const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
};

/** `GET /api/customers` query: exactly one of `identity` or `segment`. */
export const listCustomersQuery = z
  .object({
    identity: z
      .string()
      .max(512)
      .transform((text, context) => {
        const identity = parseIdentityText(text);
        if (!identity) {
          context.addIssue({ code: 'custom', message: 'expected <kind>:<value> with a known kind' });
          return z.NEVER;
        }
        return identity;
      })
      .optional(),
    segment: z.enum(segments).optional(),
    ...paging,
  })
  .refine((query) => Boolean(query.identity) !== Boolean(query.segment), {
    message: 'give exactly one of identity or segment',
  });

/** Paging query of list routes. */
export const pageQuery = z.object(paging);

/** A customer id in a path. */
export const customerIdParam = z.string().regex(/^[0-9A-Za-z]{1,64}$/, 'not a customer id');
