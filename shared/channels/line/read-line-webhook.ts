import type { MessageFact } from '../../domain/facts';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { type LineEvent, lineEventSchema, lineWebhookSchema } from './line-payloads';

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
    const event = lineEventSchema.safeParse(raw);
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
          // Only a one-to-one chat's token answers the user; a group's would answer the group.
          // A redelivered event's token is stale by the time it arrives.
          ...(event.data.replyToken &&
          !source?.groupId &&
          !source?.roomId &&
          !event.data.deliveryContext?.isRedelivery
            ? { replyToken: event.data.replyToken }
            : {}),
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
function lineContent(event: LineEvent): Pick<MessageFact, 'text' | 'kind' | 'media'> | undefined {
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
