import * as z from 'zod/mini';

const id = z.pipe(
  z.union([z.number().check(z.int()), z.string().check(z.regex(/^-?\d+$/))]),
  z.transform(String),
);
const user = z.looseObject({
  id,
  is_bot: z.optional(z.boolean()),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  username: z.optional(z.string()),
});
const file = z.looseObject({ file_id: z.string() });
const message = z.looseObject({
  message_id: z.number().check(z.int()),
  date: z.number().check(z.int()),
  edit_date: z.optional(z.number().check(z.int())),
  chat: z.looseObject({ id, type: z.optional(z.string()) }),
  from: z.optional(user),
  text: z.optional(z.string()),
  caption: z.optional(z.string()),
  photo: z.optional(z.array(file)),
  voice: z.optional(file),
  audio: z.optional(file),
  video: z.optional(file),
  document: z.optional(z.extend(file, { file_name: z.optional(z.string()) })),
  sticker: z.optional(z.extend(file, { emoji: z.optional(z.string()) })),
  location: z.optional(z.looseObject({ latitude: z.number(), longitude: z.number() })),
  contact: z.optional(z.looseObject({ phone_number: z.string(), user_id: z.optional(z.number()) })),
});

/**
 * A Telegram `Update` (only the kinds Rapport reads are described; others pass through).
 *
 * @example
 * telegramUpdateSchema.safeParse(body);
 */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().check(z.int()),
  message: z.optional(message),
  edited_message: z.optional(message),
  channel_post: z.optional(z.unknown()),
  callback_query: z.optional(
    z.looseObject({ id: z.string(), from: user, data: z.optional(z.string()), message: z.optional(message) }),
  ),
  my_chat_member: z.optional(z.unknown()),
});

/**
 * A `ChatMemberUpdated` (`my_chat_member`): the bot's own membership in a chat changed. In a
 * private chat, `from` is the user and `new_chat_member.status` is `kicked` when they blocked the
 * bot, `member` when they started or unblocked it.
 *
 * @example
 * telegramChatMemberUpdatedSchema.safeParse(update.my_chat_member);
 */
export const telegramChatMemberUpdatedSchema = z.looseObject({
  chat: z.looseObject({ id, type: z.string() }),
  from: user,
  date: z.number().check(z.int()),
  new_chat_member: z.looseObject({ status: z.string() }),
});

/**
 * A Telegram `Message` as Rapport reads it.
 *
 * @example
 * const text = (update.message as TelegramMessage | undefined)?.text;
 */
export type TelegramMessage = z.infer<typeof message>;

/**
 * A Telegram `User` as Rapport reads it.
 *
 * @example
 * const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
 */
export type TelegramUser = z.infer<typeof user>;
