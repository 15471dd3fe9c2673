import * as z from 'zod/mini';

/**
 * One LINE webhook event (`events[]`): message, postback, follow, unfollow, ... Only what Rapport
 * reads is described; other fields pass through.
 *
 * @example
 * lineEventSchema.safeParse(body.events[0]);
 */
export const lineEventSchema = z.looseObject({
  type: z.string(),
  timestamp: z.number(),
  webhookEventId: z.optional(z.string()),
  /** Single use, about a minute: a free reply to this event (push otherwise). */
  replyToken: z.optional(z.string()),
  deliveryContext: z.optional(z.looseObject({ isRedelivery: z.optional(z.boolean()) })),
  source: z.optional(
    z.looseObject({
      type: z.string(),
      userId: z.optional(z.string()),
      groupId: z.optional(z.string()),
      roomId: z.optional(z.string()),
    }),
  ),
  message: z.optional(
    z.looseObject({
      id: z.string(),
      type: z.string(),
      text: z.optional(z.string()),
      fileName: z.optional(z.string()),
      title: z.optional(z.string()),
      address: z.optional(z.string()),
      packageId: z.optional(z.string()),
      stickerId: z.optional(z.string()),
    }),
  ),
  postback: z.optional(z.looseObject({ data: z.string() })),
});

/**
 * A LINE webhook body: `{destination, events[]}`.
 *
 * @example
 * lineWebhookSchema.safeParse(body);
 */
export const lineWebhookSchema = z.looseObject({
  destination: z.optional(z.string()),
  events: z.array(z.unknown()),
});

/**
 * A parsed LINE event.
 *
 * @example
 * const event: LineEvent = lineEventSchema.parse(raw);
 */
export type LineEvent = z.infer<typeof lineEventSchema>;
