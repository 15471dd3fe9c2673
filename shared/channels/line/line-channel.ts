import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import type { MessageFact } from '../../domain/facts';
import type { ChannelAdapter } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';

const lineEvent = z.looseObject({
  type: z.string(),
  timestamp: z.number(),
  webhookEventId: z.optional(z.string()),
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
 * Verifies `X-Line-Signature`: base64 HMAC-SHA256 of the raw body with the channel secret. The
 * decoded bytes are compared in constant time, so the same signature with or without base64
 * padding passes and a case change does not.
 *
 * @example
 * verifyLineSignature(Buffer.from('{"hello":"world"}'), 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=', 'test_secret'); // true
 */
export function verifyLineSignature(
  rawBody: Buffer,
  header: string | undefined,
  channelSecret: string,
): boolean {
  if (!header || header.length > 100 || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const received = Buffer.from(header.trim(), 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/**
 * Reads a LINE webhook into facts: messages and postbacks from users become messages; `follow`
 * (added as a friend or unblocked) grants consent to messages and `unfollow` (blocked) denies it;
 * the console's verification request (no events) is answered 200 with nothing stored.
 *
 * @example
 * readLineWebhook(rawBody);
 */
export function readLineWebhook(rawBody: Buffer) {
  const envelope = readJsonEnvelope(rawBody, lineWebhookSchema, 'line');
  if (!envelope.ok) return envelope.result;
  const batch = new FactBatch();
  if (envelope.value.events.length === 0) return { kind: 'unhandled' as const, topic: 'verification' };
  envelope.value.events.forEach((raw, index) => {
    const event = lineEvent.safeParse(raw);
    if (!event.success) {
      batch.problem(`events.${index}`, event.error.issues);
      return;
    }
    const { type, source, timestamp } = event.data;
    const userId = source?.userId;
    const occurredAt = epochToIso(timestamp);
    if (!userId || !occurredAt) {
      batch.ignore(`${type}:no-user`);
      return;
    }
    const customer = messagingCustomer({ kind: 'line', value: userId });
    const conversationId = source?.groupId ?? source?.roomId ?? userId;
    // Without webhookEventId (older payloads), the message id or the user and time identify the event.
    const eventId = event.data.webhookEventId ?? event.data.message?.id ?? `${type}:${userId}:${timestamp}`;
    const content = lineContent(event.data);
    if (content) {
      batch.add({
        kind: 'message',
        customer,
        message: {
          eventType: 'message.received',
          platform: 'line',
          id: eventId,
          conversationId,
          occurredAt,
          ...content,
        },
      });
    } else if (type === 'follow' || type === 'unfollow') {
      // Following (adding as a friend, or unblocking) lets the account push to the user; unfollowing is blocking it.
      batch.add({
        kind: 'consent',
        customer,
        consent: {
          platform: 'line',
          consent: type === 'follow' ? 'granted' : 'denied',
          scope: 'all',
          source: `line ${type}`,
          occurredAt,
          id: eventId,
        },
      });
    } else {
      batch.ignore(type);
    }
  });
  return batch.result('line');
}

/** What a message or postback event says; `undefined` for other events. */
function lineContent(
  event: z.infer<typeof lineEvent>,
): Pick<MessageFact, 'text' | 'kind' | 'media'> | undefined {
  if (event.type === 'message' && event.message) {
    const message = event.message;
    const text =
      message.text ??
      message.fileName ??
      message.title ??
      message.address ??
      (message.stickerId ? `sticker ${message.stickerId}` : '');
    const media = ['image', 'video', 'audio', 'file'].includes(message.type) ? [message.id] : [];
    return { text, kind: message.type, media };
  }
  if (event.type === 'postback' && event.postback)
    return { text: event.postback.data, kind: 'postback', media: [] };
  return undefined;
}

/**
 * The LINE channel.
 *
 * @example
 * lineChannel.verify(request, { LINE_CHANNEL_SECRET: 'secret' }, { now: new Date() });
 */
export const lineChannel: ChannelAdapter = {
  channel: 'line',
  secretSettings: channelSecretSettings.line.required,
  verify: (request, secrets) =>
    verifyLineSignature(
      request.rawBody,
      request.headers['x-line-signature'],
      secrets.LINE_CHANNEL_SECRET ?? '',
    ),
  read: (request) => readLineWebhook(request.rawBody),
  replayHeaders: ['x-line-signature'],
};
