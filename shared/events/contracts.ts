import '../config/zod-messages';
import * as z from 'zod/mini';
import { $ZodRealError } from 'zod/v4/core';
import { mergeReasons } from '../domain/customer-merges';

/**
 * The EventBridge `source` of every canonical event.
 *
 * @example
 * { Source: eventSource, DetailType: event.type, Detail: JSON.stringify(event) }
 */
export const eventSource = 'rapport';

/**
 * Every canonical event type (public contract, "Canonical events").
 *
 * @example
 * eventTypes.includes('order.placed'); // true
 */
export const eventTypes = [
  'customer.created',
  'customer.merged',
  'customer.unmerged',
  'customer.linked',
  'message.received',
  'comment.received',
  'checkout.started',
  'checkout.abandoned',
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.refunded',
  'customer.scored',
  'alert.sent',
  'campaign.enrolled',
  'message.queued',
  'message.sent',
  'message.status_changed',
  'consent.changed',
] as const;

export type EventType = (typeof eventTypes)[number];

/**
 * The events a campaign's goal can be: what a customer does that the campaign hoped for. The
 * campaign consumer is routed these (to count conversions) besides `customer.scored` and
 * `campaign.enrolled`.
 *
 * @example
 * goalEventTypes.includes('order.placed'); // true
 */
export const goalEventTypes = [
  'order.placed',
  'order.paid',
  'message.received',
  'comment.received',
  'checkout.started',
] as const satisfies ReadonlyArray<EventType>;

const money = z.object({ amount: z.int(), currency: z.string().check(z.length(3)) });

const base = {
  id: z.string().check(z.minLength(1)),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }),
  customerId: z.string().check(z.minLength(1)),
  channel: z.string().check(z.minLength(1)),
};

const orderDetail = z.object({
  id: z.string().check(z.minLength(1)),
  platform: z.string().check(z.minLength(1)),
  status: z.enum(['placed', 'paid', 'fulfilled', 'partially_refunded', 'refunded', 'cancelled']),
  total: money,
  refunded: z.optional(money),
  name: z.optional(z.string()),
  placedAt: z.optional(z.iso.datetime({ offset: true })),
});

const messageDetail = z.object({
  id: z.string().check(z.minLength(1)),
  platform: z.optional(z.string().check(z.minLength(1))),
  kind: z.optional(z.string().check(z.minLength(1))),
  conversationId: z.optional(z.string()),
  text: z.string(),
  media: z._default(z.array(z.string()), []),
  sentiment: z.number().check(z.minimum(-1), z.maximum(1)),
  complaint: z.boolean(),
  edited: z.optional(z.boolean()),
  /** Present when the text was trimmed to Rapport's limit: the original size in UTF-8 bytes. */
  originalTextBytes: z.optional(z.int().check(z.positive())),
});

const identityDetail = z.object({ kind: z.string().check(z.minLength(1)), value: z.string() });

const mergeReason = z.enum(mergeReasons);

const scoreSnapshot = z.object({
  lifecycleStage: z.string(),
  stats: z.record(z.string(), z.unknown()),
  scores: z.record(z.string(), z.unknown()),
});

const orderEvent = <T extends EventType>(type: T) =>
  z.object({ ...base, type: z.literal(type), order: orderDetail });

/**
 * One zod schema per canonical event type, keyed by type.
 *
 * @example
 * eventSchemas['order.placed'].parse(detail);
 */
export const eventSchemas = {
  'customer.created': z.object({ ...base, type: z.literal('customer.created') }),
  'customer.merged': z.object({
    ...base,
    type: z.literal('customer.merged'),
    /** The customer merged into `customerId` (the survivor); its id keeps answering with the survivor. */
    mergedId: z.string().check(z.minLength(1)),
    reason: mergeReason,
    /** The identity both held, when the merge came from one (not for a manual merge). */
    linkedBy: z.optional(identityDetail),
    /** Who decided, for a merge a person made (manual or an accepted possible duplicate). */
    by: z.optional(z.string()),
  }),
  'customer.unmerged': z.object({
    ...base,
    type: z.literal('customer.unmerged'),
    /** The other customer of the split: each of the two gets its own event. */
    separatedFrom: z.string().check(z.minLength(1)),
    by: z.optional(z.string()),
  }),
  'customer.linked': z.object({
    ...base,
    type: z.literal('customer.linked'),
    /** Another customer holding an identity of the same delivery: the two are merged or proposed. */
    linkedId: z.string().check(z.minLength(1)),
    linkedBy: identityDetail,
  }),
  'message.received': z.object({ ...base, type: z.literal('message.received'), message: messageDetail }),
  'comment.received': z.object({ ...base, type: z.literal('comment.received'), message: messageDetail }),
  'checkout.started': z.object({
    ...base,
    type: z.literal('checkout.started'),
    checkout: z.object({ id: z.string(), total: z.optional(money) }),
  }),
  'checkout.abandoned': z.object({
    ...base,
    type: z.literal('checkout.abandoned'),
    checkout: z.object({ id: z.string(), total: z.optional(money) }),
  }),
  'order.placed': orderEvent('order.placed'),
  'order.paid': orderEvent('order.paid'),
  'order.cancelled': orderEvent('order.cancelled'),
  'order.refunded': orderEvent('order.refunded'),
  'customer.scored': z.object({
    ...base,
    type: z.literal('customer.scored'),
    before: z.nullable(scoreSnapshot),
    after: scoreSnapshot,
  }),
  'alert.sent': z.object({
    ...base,
    type: z.literal('alert.sent'),
    alertId: z.string(),
    ruleId: z.string(),
    destinationId: z.optional(z.string()),
    destinationType: z.optional(z.string()),
    /** The event the alert was about. */
    aboutEventId: z.optional(z.string()),
  }),
  'campaign.enrolled': z.object({
    ...base,
    type: z.literal('campaign.enrolled'),
    campaign: z.object({ id: z.string().check(z.minLength(1)), name: z.string() }),
    /** Treatment members are acted on (sent to the campaign's destinations); control members never. */
    group: z.enum(['treatment', 'control']),
  }),
  /**
   * A reply (or campaign message) stored `queued`: routed to the sender only. Published from the
   * message item's insert, so a message is sent if and only if it was stored.
   */
  'message.queued': z.object({
    ...base,
    type: z.literal('message.queued'),
    message: z.object({
      id: z.string().check(z.minLength(1)),
      conversationId: z.string().check(z.minLength(1)),
      platform: z.string().check(z.minLength(1)),
    }),
  }),
  /** A message to the customer the platform accepted (on the customer's timeline, with who sent it). */
  'message.sent': z.object({
    ...base,
    type: z.literal('message.sent'),
    message: z.object({
      id: z.string().check(z.minLength(1)),
      platform: z.string().check(z.minLength(1)),
      conversationId: z.optional(z.string()),
      text: z.optional(z.string()),
      template: z.optional(
        z.object({ name: z.string(), language: z.string(), parameters: z.optional(z.array(z.string())) }),
      ),
      by: z.optional(z.string()),
      campaignId: z.optional(z.string()),
      /** The campaign member it went to (the enrolled customer). */
      campaignMemberId: z.optional(z.string()),
    }),
  }),
  /** A sent message's status moved forward (a platform's callback), or it failed. */
  'message.status_changed': z.object({
    ...base,
    type: z.literal('message.status_changed'),
    message: z.object({
      id: z.string().check(z.minLength(1)),
      platform: z.string().check(z.minLength(1)),
      conversationId: z.optional(z.string()),
      campaignId: z.optional(z.string()),
      campaignMemberId: z.optional(z.string()),
    }),
    status: z.enum(['delivered', 'read', 'failed']),
    error: z.optional(z.string()),
  }),
  /** The customer's consent to messages on one platform changed (STOP, unfollow, a platform's refusal…). */
  'consent.changed': z.object({
    ...base,
    type: z.literal('consent.changed'),
    platform: z.string().check(z.minLength(1)),
    consent: z.enum(['granted', 'denied']),
    scope: z._default(z.enum(['all', 'marketing']), 'all'),
    source: z.string(),
  }),
} satisfies Record<EventType, z.ZodMiniType>;

/**
 * Any canonical event detail, discriminated by `type`.
 *
 * @example
 * canonicalEventSchema.safeParse(body);
 */
export const canonicalEventSchema = z.discriminatedUnion('type', Object.values(eventSchemas) as never);

export type CanonicalEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
export type EventOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

/**
 * Validates a canonical event detail against the schema of its type; throws a `$ZodError` otherwise.
 * Producers call it before publishing and consumers before acting.
 *
 * @example
 * const event = parseCanonicalEvent(record.detail);
 * if (event.type === 'order.placed') event.order.total.amount;
 */
export function parseCanonicalEvent(detail: unknown): CanonicalEvent {
  const type = (detail as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in eventSchemas)) {
    throw new $ZodRealError([
      { code: 'custom', path: ['type'], message: `Unknown event type ${String(type)}`, input: type },
    ]);
  }
  return eventSchemas[type as EventType].parse(detail) as CanonicalEvent;
}
