import * as z from 'zod/mini';

/**
 * zod schemas of Meta webhook bodies: WhatsApp Cloud API (`whatsapp_business_account`),
 * Messenger (`page`) and Instagram (`instagram`). Only what Rapport reads is required; unknown
 * fields and message types pass through.
 */

const digits = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const timestamp = z.union([z.string(), z.number()]);

const whatsappMedia = z.looseObject({
  id: z.optional(z.string()),
  caption: z.optional(z.string()),
  link: z.optional(z.string()),
});

/**
 * One WhatsApp message (`value.messages[]`).
 *
 * @example
 * whatsappMessageSchema.safeParse(body);
 */
export const whatsappMessageSchema = z.looseObject({
  from: digits,
  id: z.string().check(z.minLength(1)),
  timestamp,
  type: z.string(),
  context: z.optional(z.looseObject({ id: z.optional(z.string()), from: z.optional(z.string()) })),
  text: z.optional(z.looseObject({ body: z.string() })),
  image: z.optional(whatsappMedia),
  audio: z.optional(whatsappMedia),
  video: z.optional(whatsappMedia),
  document: z.optional(z.extend(whatsappMedia, { filename: z.optional(z.string()) })),
  sticker: z.optional(whatsappMedia),
  location: z.optional(
    z.looseObject({
      latitude: z.optional(z.number()),
      longitude: z.optional(z.number()),
      name: z.optional(z.string()),
      address: z.optional(z.string()),
    }),
  ),
  contacts: z.optional(
    z.array(z.looseObject({ name: z.optional(z.looseObject({ formatted_name: z.optional(z.string()) })) })),
  ),
  interactive: z.optional(
    z.looseObject({
      type: z.optional(z.string()),
      button_reply: z.optional(z.looseObject({ id: z.optional(z.string()), title: z.optional(z.string()) })),
      list_reply: z.optional(z.looseObject({ id: z.optional(z.string()), title: z.optional(z.string()) })),
    }),
  ),
  button: z.optional(z.looseObject({ text: z.optional(z.string()), payload: z.optional(z.string()) })),
  reaction: z.optional(z.looseObject({ message_id: z.optional(z.string()), emoji: z.optional(z.string()) })),
});

/**
 * One WhatsApp status receipt (`value.statuses[]`).
 *
 * @example
 * whatsappStatusSchema.safeParse(body);
 */
export const whatsappStatusSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  status: z.string().check(z.minLength(1)),
  timestamp,
  recipient_id: digits,
  /** Echoed from the send request: Rapport puts its own message id there. */
  biz_opaque_callback_data: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.looseObject({
        code: z.optional(z.union([z.number(), z.string()])),
        title: z.optional(z.string()),
      }),
    ),
  ),
});

/**
 * One WhatsApp marketing preference change (`user_preferences` field, `value.user_preferences[]`):
 * the user stopped or resumed marketing messages ("Offers and announcements").
 *
 * @example
 * whatsappUserPreferenceSchema.safeParse({ wa_id: '16505551234', category: 'marketing_messages', value: 'stop', timestamp: 1731705721 });
 */
export const whatsappUserPreferenceSchema = z.looseObject({
  wa_id: digits,
  detail: z.optional(z.string()),
  category: z.string(),
  value: z.string(),
  timestamp,
});

const whatsappValue = z.looseObject({
  messaging_product: z.optional(z.string()),
  metadata: z.optional(z.looseObject({ phone_number_id: z.optional(z.string()) })),
  contacts: z.optional(
    z.array(
      z.looseObject({ wa_id: digits, profile: z.optional(z.looseObject({ name: z.optional(z.string()) })) }),
    ),
  ),
  messages: z.optional(z.array(whatsappMessageSchema)),
  statuses: z.optional(z.array(whatsappStatusSchema)),
  user_preferences: z.optional(z.array(z.unknown())),
});

/**
 * One Messenger / Instagram `messaging[]` (or `standby[]`) item.
 *
 * @example
 * messagingSchema.safeParse(body);
 */
export const messagingSchema = z.looseObject({
  sender: z.looseObject({ id: digits }),
  recipient: z.optional(z.looseObject({ id: digits })),
  // Meta's own `message_deliveries` example has no timestamp: the watermark says when.
  timestamp: z.optional(timestamp),
  message: z.optional(
    z.looseObject({
      mid: z.string().check(z.minLength(1)),
      text: z.optional(z.string()),
      is_echo: z.optional(z.boolean()),
      attachments: z.optional(
        z.array(
          z.looseObject({
            type: z.optional(z.string()),
            payload: z.nullish(z.looseObject({ url: z.optional(z.string()) })),
          }),
        ),
      ),
      quick_reply: z.optional(z.looseObject({ payload: z.optional(z.string()) })),
    }),
  ),
  postback: z.optional(
    z.looseObject({
      mid: z.optional(z.string()),
      title: z.optional(z.string()),
      payload: z.optional(z.string()),
    }),
  ),
  referral: z.optional(
    z.looseObject({
      ref: z.optional(z.string()),
      source: z.optional(z.string()),
      type: z.optional(z.string()),
    }),
  ),
  /** Messenger `message_reads` (`watermark`); Instagram `messaging_seen` (`mid`). */
  read: z.optional(z.looseObject({ watermark: z.optional(timestamp), mid: z.optional(z.string()) })),
  /** Messenger `message_deliveries`: `mids` only sometimes, `watermark` always. */
  delivery: z.optional(
    z.looseObject({ mids: z.optional(z.array(z.string())), watermark: z.optional(timestamp) }),
  ),
});

/**
 * An Instagram `comments` / `live_comments` change value.
 *
 * @example
 * instagramCommentSchema.safeParse(body);
 */
export const instagramCommentSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  text: z._default(z.string(), ''),
  from: z.looseObject({ id: digits, username: z.optional(z.string()) }),
  media: z.optional(z.looseObject({ id: z.optional(z.string()) })),
  parent_id: z.optional(z.string()),
});

/**
 * The envelope of every Meta webhook.
 *
 * @example
 * metaWebhookSchema.safeParse(body);
 */
export const metaWebhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.optional(digits),
      time: z.optional(timestamp),
      changes: z.optional(z.array(z.looseObject({ field: z.string(), value: z.unknown() }))),
      messaging: z.optional(z.array(z.unknown())),
      standby: z.optional(z.array(z.unknown())),
    }),
  ),
});

export { whatsappValue as whatsappValueSchema };
export type WhatsappMessage = z.infer<typeof whatsappMessageSchema>;
export type Messaging = z.infer<typeof messagingSchema>;
export type WhatsappStatus = z.infer<typeof whatsappStatusSchema>;
