import * as z from 'zod/mini';
import { parseIdentityText } from '../domain/identity';
import { segmentNames } from '../scoring/rfm';
import { scoringSettingsSchema } from '../scoring/scoring-settings';
import { RequestError } from './request-error';

/** RFM segments (public contract). */
export const segments = segmentNames;

const paging = {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

/**
 * `GET /api/customers` query: exactly one of `identity` (`kind:value`, read by the handler: a phone
 * written without a country code is read in the operator's default region, as the receivers read
 * it) or `segment`.
 *
 * @example
 * listCustomersQuery.parse({ identity: 'phone:020 7946 0958' });
 */
export const listCustomersQuery = z
  .object({
    identity: z.optional(
      z.string().check(z.maxLength(512), z.regex(/^[a-z]+:.+$/, 'expected <kind>:<value>')),
    ),
    segment: z.optional(z.enum(segments)),
    ...paging,
  })
  .check(
    z.refine((query) => Boolean(query.identity) !== Boolean(query.segment), {
      message: 'give exactly one of identity or segment',
    }),
  );

/**
 * An identity written as `kind:value` in a query, read in `defaultPhoneRegion`; unknown kinds and
 * unreadable values are a 400.
 *
 * @example
 * identityInQuery('phone:020 7946 0958', 'GB'); // { kind: 'phone', value: '+442079460958' }
 */
export function identityInQuery(text: string, defaultPhoneRegion?: string) {
  const identity = parseIdentityText(text, defaultPhoneRegion);
  if (!identity) {
    throw new RequestError(400, 'invalid_identity', 'identity: expected <kind>:<value> with a known kind');
  }
  return identity;
}

const isoDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD'));

/** `GET /api/funnel` query: the first and last day of the period (UTC, inclusive). */
export const funnelQuery = z.object({ from: isoDay, to: isoDay });

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

/** A quarantined payload's id in a path. */
export const quarantineIdParam = z.string().check(z.regex(/^[0-9a-f]{32}$/, 'not a quarantined payload id'));

/** An alert template's name in a path. */
export const templateNameParam = z.string().check(z.regex(/^[a-z_]{1,40}$/, 'not a template name'));

/**
 * `PUT /api/settings/scoring` body: any subset of the settings, `weights` and `churnBands` by
 * field too; the settings that result are validated whole.
 */
export const scoringSettingsChange = z.partial(
  z.extend(scoringSettingsSchema, {
    weights: z.partial(scoringSettingsSchema.shape.weights),
    churnBands: z.partial(z.object({ medium: z.number(), high: z.number() })),
  }),
);

/** `GET /api/campaigns/{id}/members` query: the group, and paging. */
export const campaignMembersQuery = z.object({ group: z.enum(['treatment', 'control']), ...paging });
