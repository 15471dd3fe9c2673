import * as z from 'zod';

/**
 * The EventBridge `source` of every canonical event.
 *
 * @example
 * { Source: eventSource, DetailType: event.type, Detail: JSON.stringify(event) }
 */
export const eventSource = 'rapport';

/**
 * Every canonical event type (DESIGN.md "Canonical events").
 *
 * @example
 * eventTypes.includes('order.placed'); // true
 */
export const eventTypes = [
  'customer.created',
  'customer.merged',
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
] as const;

export type EventType = (typeof eventTypes)[number];

const money = z.object({ amount: z.number().int(), currency: z.string().length(3) });

const base = {
  id: z.string().min(1),
  version: z.literal(1),
  occurredAt: z.iso.datetime({ offset: true }),
  customerId: z.string().min(1),
  channel: z.string().min(1),
};

const orderDetail = z.object({
  id: z.string().min(1),
  platform: z.string().min(1),
  status: z.enum(['placed', 'paid', 'fulfilled', 'partially_refunded', 'refunded', 'cancelled']),
  total: money,
  refunded: money.optional(),
  name: z.string().optional(),
  placedAt: z.iso.datetime({ offset: true }).optional(),
});

const messageDetail = z.object({
  id: z.string().min(1),
  platform: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  conversationId: z.string().optional(),
  text: z.string(),
  media: z.array(z.string()).default([]),
  sentiment: z.number().min(-1).max(1),
  complaint: z.boolean(),
  edited: z.boolean().optional(),
  /** Present when the text was trimmed to Rapport's limit: the original size in UTF-8 bytes. */
  originalTextBytes: z.number().int().positive().optional(),
});

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
  'customer.merged': z.object({ ...base, type: z.literal('customer.merged'), mergedId: z.string() }),
  'message.received': z.object({ ...base, type: z.literal('message.received'), message: messageDetail }),
  'comment.received': z.object({ ...base, type: z.literal('comment.received'), message: messageDetail }),
  'checkout.started': z.object({
    ...base,
    type: z.literal('checkout.started'),
    checkout: z.object({ id: z.string(), total: money.optional() }),
  }),
  'checkout.abandoned': z.object({
    ...base,
    type: z.literal('checkout.abandoned'),
    checkout: z.object({ id: z.string(), total: money.optional() }),
  }),
  'order.placed': orderEvent('order.placed'),
  'order.paid': orderEvent('order.paid'),
  'order.cancelled': orderEvent('order.cancelled'),
  'order.refunded': orderEvent('order.refunded'),
  'customer.scored': z.object({
    ...base,
    type: z.literal('customer.scored'),
    before: scoreSnapshot.nullable(),
    after: scoreSnapshot,
  }),
  'alert.sent': z.object({ ...base, type: z.literal('alert.sent'), alertId: z.string(), ruleId: z.string() }),
} satisfies Record<EventType, z.ZodType>;

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
 * Validates a canonical event detail against the schema of its type; throws a `ZodError` otherwise.
 * Producers call it before publishing and consumers before acting.
 *
 * @example
 * const event = parseCanonicalEvent(record.detail);
 * if (event.type === 'order.placed') event.order.total.amount;
 */
export function parseCanonicalEvent(detail: unknown): CanonicalEvent {
  const type = (detail as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in eventSchemas)) {
    throw new z.ZodError([
      { code: 'custom', path: ['type'], message: `Unknown event type ${String(type)}`, input: type },
    ]);
  }
  return eventSchemas[type as EventType].parse(detail) as CanonicalEvent;
}
