import * as z from 'zod/mini';
import { parseIdentityText } from '../domain/identity';
import { conversationStatuses } from '../outbound/conversation';
import { templatePlatforms } from '../outbound/message-template';
import { outboundPlatforms } from '../outbound/platform-sender';
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

/**
 * A conversation id in a path, read loosely: a malformed id names no conversation, so it is a 404
 * like an unknown one (the handler parses it).
 */
export const conversationIdParam = z.string().check(z.minLength(1), z.maxLength(200));

/**
 * `GET /api/conversations` query: filters (all optional) and paging. `assignee` is a subject,
 * `me` (the caller) or `none` (unassigned); `customerId` lists the whole person's conversations
 * (every customer of their merge group).
 *
 * @example
 * listConversationsQuery.parse({ status: 'open', assignee: 'me' });
 */
export const listConversationsQuery = z.object({
  status: z.optional(z.enum(conversationStatuses)),
  assignee: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  platform: z.optional(z.enum(outboundPlatforms)),
  customerId: z.optional(customerIdParam),
  ...paging,
});

/**
 * `PUT /api/conversations/{id}` body: status, assignee (`null` unassigns) and, with `snoozed`
 * only and then required, `snoozedUntil` (a future time, checked by the handler).
 */
export const changeConversationBody = z
  .strictObject({
    status: z.optional(z.enum(conversationStatuses)),
    assignee: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(256)))),
    snoozedUntil: z.optional(z.iso.datetime({ offset: true })),
  })
  .check(
    z.refine((body) => (body.status === 'snoozed') === (body.snoozedUntil !== undefined), {
      message: 'status snoozed needs snoozedUntil, and snoozedUntil goes only with status snoozed',
      path: ['snoozedUntil'],
    }),
  );

const templateName = z.string().check(z.minLength(1), z.maxLength(512));
const templateLanguage = z.string().check(z.minLength(1), z.maxLength(20));

/**
 * `POST /api/conversations/{id}/messages` body: exactly one of a free text reply, an approved
 * template (its name and language as the platform knows them, and its parameters in order), or a
 * private note.
 *
 * @example
 * postMessageBody.parse({ template: { name: 'order_update', language: 'en_US', parameters: ['4411'] } });
 */
export const postMessageBody = z.union([
  z.strictObject({ text: z.string().check(z.minLength(1), z.maxLength(100_000)) }),
  z.strictObject({
    template: z.strictObject({
      name: templateName,
      language: templateLanguage,
      parameters: z.optional(z.array(z.string().check(z.maxLength(1024))).check(z.maxLength(20))),
    }),
  }),
  z.strictObject({ note: z.string().check(z.minLength(1), z.maxLength(10_000)) }),
]);

/** One approved template the operator registers (`PUT /api/message-templates`). */
export const registeredTemplateSchema = z.strictObject({
  platform: z.enum(templatePlatforms),
  name: templateName,
  language: templateLanguage,
  parameters: z.int().check(z.minimum(0), z.maximum(20)),
  text: z.optional(z.string().check(z.maxLength(4096))),
});

/** `PUT /api/message-templates` body: the whole list, replacing the one registered. */
export const messageTemplatesBody = z.strictObject({
  items: z.array(registeredTemplateSchema).check(z.maxLength(200)),
});
