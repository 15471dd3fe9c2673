import * as z from 'zod/mini';
import { parseIdentityText } from '../domain/identity';
import { segmentNames } from '../scoring/rfm';

/** RFM segments (DESIGN.md). */
export const segments = segmentNames;

const paging = {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

/**
 * `GET /api/customers` query: exactly one of `identity` or `segment`; a phone written without a
 * country code is read in `defaultPhoneRegion`, as the receivers read it.
 *
 * @example
 * listCustomersQuery('GB').parse({ identity: 'phone:020 7946 0958' });
 */
export const listCustomersQuery = (defaultPhoneRegion?: string) =>
  z
    .object({
      identity: z.optional(
        z.pipe(
          z.string().check(z.maxLength(512)),
          z.transform((text: string, context) => {
            const identity = parseIdentityText(text, defaultPhoneRegion);
            if (!identity) {
              context.issues.push({
                code: 'custom',
                message: 'expected <kind>:<value> with a known kind',
                input: text,
              });
              return z.NEVER;
            }
            return identity;
          }),
        ),
      ),
      segment: z.optional(z.enum(segments)),
      ...paging,
    })
    .check(
      z.refine((query) => Boolean(query.identity) !== Boolean(query.segment), {
        message: 'give exactly one of identity or segment',
      }),
    );

/** Paging query of list routes. */
export const pageQuery = z.object(paging);

/** A customer id in a path. */
export const customerIdParam = z.string().check(z.regex(/^[0-9A-Za-z]{1,64}$/, 'not a customer id'));

/** `POST /api/customers/merge` body. */
export const mergeBody = z.object({ survivorId: customerIdParam, mergedId: customerIdParam });

/** `POST /api/customers/{survivorId}/unmerge` body. */
export const unmergeBody = z.object({ mergedId: customerIdParam });

/** An alert rule's or destination's id in a path. */
export const configIdParam = z.string().check(z.regex(/^[0-9A-Za-z_-]{1,64}$/, 'not an id'));

/** A possible duplicate's id in a path. */
export const duplicateIdParam = z.string().check(z.regex(/^[0-9a-f]{32}$/, 'not a possible duplicate id'));
