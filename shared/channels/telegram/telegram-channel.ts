import * as z from 'zod';
import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { safeEqual } from '../verify-hmac';

const id = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(String);
const user = z.looseObject({
  id,
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const file = z.looseObject({ file_id: z.string() });
const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  edit_date: z.number().int().optional(),
  chat: z.looseObject({ id, type: z.string().optional() }),
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(file).optional(),
  voice: file.optional(),
  audio: file.optional(),
  video: file.optional(),
  document: file.extend({ file_name: z.string().optional() }).optional(),
  sticker: file.extend({ emoji: z.string().optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: z.number().optional() }).optional(),
});

/**
 * A Telegram `Update` (only the kinds Rapport reads are described; others pass through).
 *
 * @example
 * telegramUpdateSchema.safeParse(body);
 */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int(),
  message: message.optional(),
  edited_message: message.optional(),
  channel_post: z.unknown().optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: message.optional() })
    .optional(),
  my_chat_member: z.unknown().optional(),
});

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
 * channel posts are not customers). Dedupe comes from the update id inside the message id.
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
  } else {
    batch.ignore(update.channel_post ? 'channel_post' : update.my_chat_member ? 'my_chat_member' : 'update');
  }
  return batch.result('telegram');
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
