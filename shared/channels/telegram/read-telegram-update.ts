import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import {
  type TelegramMessage,
  type TelegramUser,
  telegramChatMemberUpdatedSchema,
  telegramUpdateSchema,
} from './telegram-payloads';

const privateChatConsent: Record<string, 'granted' | 'denied'> = { kicked: 'denied', member: 'granted' };

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

function telegramCustomer(from: TelegramUser, phone?: string) {
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
