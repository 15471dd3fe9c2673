import * as z from 'zod';

/**
 * zod schemas of Meta webhook bodies: WhatsApp Cloud API (`whatsapp_business_account`),
 * Messenger (`page`) and Instagram (`instagram`). Only what Rapport reads is required; unknown
 * fields and message types pass through.
 */

const digits = z.union([z.string(), z.number()]).transform(String);
const timestamp = z.union([z.string(), z.number()]);

const whatsappMedia = z.looseObject({
  id: z.string().optional(),
  caption: z.string().optional(),
  link: z.string().optional(),
});

/**
 * One WhatsApp message (`value.messages[]`).
 *
 * @example
 * whatsappMessageSchema.safeParse(body);
 */
export const whatsappMessageSchema = z.looseObject({
  from: digits,
  id: z.string().min(1),
  timestamp,
  type: z.string(),
  context: z.looseObject({ id: z.string().optional(), from: z.string().optional() }).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: whatsappMedia.optional(),
  audio: whatsappMedia.optional(),
  video: whatsappMedia.optional(),
  document: whatsappMedia.extend({ filename: z.string().optional() }).optional(),
  sticker: whatsappMedia.optional(),
  location: z
    .looseObject({
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional() }))
    .optional(),
  interactive: z
    .looseObject({
      type: z.string().optional(),
      button_reply: z.looseObject({ id: z.string().optional(), title: z.string().optional() }).optional(),
      list_reply: z.looseObject({ id: z.string().optional(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
});

/**
 * One WhatsApp status receipt (`value.statuses[]`).
 *
 * @example
 * whatsappStatusSchema.safeParse(body);
 */
export const whatsappStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp,
  recipient_id: digits,
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

const whatsappValue = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
  contacts: z
    .array(
      z.looseObject({ wa_id: digits, profile: z.looseObject({ name: z.string().optional() }).optional() }),
    )
    .optional(),
  messages: z.array(whatsappMessageSchema).optional(),
  statuses: z.array(whatsappStatusSchema).optional(),
});

/**
 * One Messenger / Instagram `messaging[]` (or `standby[]`) item.
 *
 * @example
 * messagingSchema.safeParse(body);
 */
export const messagingSchema = z.looseObject({
  sender: z.looseObject({ id: digits }),
  recipient: z.looseObject({ id: digits }).optional(),
  timestamp,
  message: z
    .looseObject({
      mid: z.string().min(1),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z
        .array(
          z.looseObject({
            type: z.string().optional(),
            payload: z.looseObject({ url: z.string().optional() }).nullish(),
          }),
        )
        .optional(),
      quick_reply: z.looseObject({ payload: z.string().optional() }).optional(),
    })
    .optional(),
  postback: z
    .looseObject({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() })
    .optional(),
  referral: z
    .looseObject({ ref: z.string().optional(), source: z.string().optional(), type: z.string().optional() })
    .optional(),
  read: z.unknown().optional(),
  delivery: z.unknown().optional(),
});

/**
 * An Instagram `comments` / `live_comments` change value.
 *
 * @example
 * instagramCommentSchema.safeParse(body);
 */
export const instagramCommentSchema = z.looseObject({
  id: z.string().min(1),
  text: z.string().default(''),
  from: z.looseObject({ id: digits, username: z.string().optional() }),
  media: z.looseObject({ id: z.string().optional() }).optional(),
  parent_id: z.string().optional(),
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
      id: digits.optional(),
      time: timestamp.optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional(),
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
    }),
  ),
});

export { whatsappValue as whatsappValueSchema };
export type WhatsappMessage = z.infer<typeof whatsappMessageSchema>;
export type Messaging = z.infer<typeof messagingSchema>;
