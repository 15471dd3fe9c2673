import * as z from 'zod/mini';
import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { safeEqual } from '../verify-hmac';

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

const privateChatConsent: Record<string, 'granted' | 'denied'> = { kicked: 'denied', member: 'granted' };

type TelegramMessage = z.infer<typeof message>;

const messageKinds = [
  'photo',
  'voice',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contact',
] as const;

/**
 * Reads a Telegram update into facts: messages, edits and button taps from people (bots and
 * channel posts are not customers); in a private chat, a user blocking the bot (`my_chat_member`
 * `kicked`) denies consent and starting or unblocking it (`member`) grants it. Dedupe comes from
 * the update id inside the message id, and is the update id of a consent.
 *
 * @example
 * readTelegramUpdate(Buffer.from('{"update_id":1,"message":{...}}'));
 */
export function readTelegramUpdate(rawBody: Buffer) {
  const envelope = readJsonEnvelope(rawBody, telegramUpdateSchema, 'telegram');
  if (!envelope.ok) return envelope.result;
  const batch = new FactBatch();
  const update = envelope.value;
  const chatMessage = update.message ?? update.edited_message;
  if (chatMessage?.from && !chatMessage.from.is_bot) {
    const edited = Boolean(update.edited_message);
    const occurredAt = epochToIso(edited ? (chatMessage.edit_date ?? chatMessage.date) : chatMessage.date);
    const content = telegramContent(chatMessage);
    batch.add({
      kind: 'message',
      customer: telegramCustomer(chatMessage.from, chatMessage.contact?.phone_number),
      message: {
        eventType: 'message.received',
        platform: 'telegram',
        id: `${chatMessage.chat.id}:${chatMessage.message_id}${edited ? `:edited:${chatMessage.edit_date ?? update.update_id}` : ''}`,
        conversationId: chatMessage.chat.id,
        ...(occurredAt ? { occurredAt } : {}),
        ...content,
        ...(edited ? { edited: true } : {}),
      },
    });
  } else if (update.callback_query) {
    const tap = update.callback_query;
    // A tap carries no time of its own; the message it belongs to does, when Telegram includes it.
    // Otherwise the receiver keeps the time it first saw the tap.
    const occurredAt = epochToIso(tap.message?.date);
    batch.add({
      kind: 'message',
      customer: telegramCustomer(tap.from),
      message: {
        eventType: 'message.received',
        platform: 'telegram',
        id: `callback:${tap.id}`,
        ...(tap.message ? { conversationId: tap.message.chat.id } : {}),
        ...(occurredAt ? { occurredAt } : {}),
        text: tap.data ?? '',
        kind: 'callback_query',
        media: [],
      },
    });
  } else if (update.my_chat_member !== undefined) {
    readBotMembership(batch, update.update_id, update.my_chat_member);
  } else {
    batch.ignore(update.channel_post ? 'channel_post' : 'update');
  }
  return batch.result('telegram');
}

/** A private chat's user blocking (`kicked`) or starting / unblocking (`member`) the bot. */
function readBotMembership(batch: FactBatch, updateId: number, raw: unknown): void {
  const parsed = telegramChatMemberUpdatedSchema.safeParse(raw);
  // Groups and channels the bot joins or leaves say nothing about one person's consent.
  if (!parsed.success || parsed.data.chat.type !== 'private' || parsed.data.from.is_bot) {
    batch.ignore('my_chat_member');
    return;
  }
  const { from, date, new_chat_member: member } = parsed.data;
  const consent = privateChatConsent[member.status];
  const occurredAt = epochToIso(date);
  if (!consent || !occurredAt) {
    batch.ignore(`my_chat_member:${member.status}`);
    return;
  }
  batch.add({
    kind: 'consent',
    customer: telegramCustomer(from),
    consent: {
      platform: 'telegram',
      consent,
      scope: 'all',
      source: `telegram ${member.status === 'kicked' ? 'bot blocked' : 'bot started'}`,
      occurredAt,
      id: String(updateId),
    },
  });
}

function telegramCustomer(from: z.infer<typeof user>, phone?: string) {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ');
  return messagingCustomer(
    { kind: 'telegram', value: from.id },
    { ...(phone ? { phone } : {}), ...(name ? { name } : {}) },
  );
}

function telegramContent(chatMessage: TelegramMessage) {
  const kind = messageKinds.find((candidate) => chatMessage[candidate] !== undefined) ?? 'text';
  const media = [
    chatMessage.photo?.at(-1)?.file_id,
    chatMessage.voice?.file_id,
    chatMessage.audio?.file_id,
    chatMessage.video?.file_id,
    chatMessage.document?.file_id,
    chatMessage.sticker?.file_id,
  ].filter((fileId): fileId is string => Boolean(fileId));
  const text =
    chatMessage.text ??
    chatMessage.caption ??
    chatMessage.sticker?.emoji ??
    chatMessage.document?.file_name ??
    (chatMessage.location ? `${chatMessage.location.latitude},${chatMessage.location.longitude}` : '');
  return { kind, text, media };
}

/**
 * The Telegram channel: `X-Telegram-Bot-Api-Secret-Token` must equal the `secret_token` given to
 * `setWebhook` (Telegram signs nothing else), compared in constant time.
 *
 * @example
 * telegramChannel.verify(request, { TELEGRAM_SECRET_TOKEN: 'abc' }, { now: new Date() });
 */
export const telegramChannel: ChannelAdapter = {
  channel: 'telegram',
  secretSettings: channelSecretSettings.telegram.required,
  verify: (request, secrets) => {
    const token = request.headers['x-telegram-bot-api-secret-token'];
    return Boolean(token) && safeEqual(secrets.TELEGRAM_SECRET_TOKEN ?? '', token ?? '');
  },
  read: (request) => readTelegramUpdate(request.rawBody),
  replayHeaders: ['x-telegram-bot-api-secret-token'],
};
