import type * as z from 'zod/mini';
import type { MessageFact } from '../../domain/facts';
import { FactBatch, messagingCustomer, readJsonEnvelope } from '../facts-builder';
import { epochToIso } from '../timestamps';
import {
  instagramCommentSchema,
  type Messaging,
  messagingSchema,
  metaWebhookSchema,
  type WhatsappMessage,
  whatsappValueSchema,
} from './meta-payloads';

/**
 * Reads a verified Meta webhook (WhatsApp, Messenger or Instagram) into facts. One delivery can
 * batch many entries and messages: each becomes its own fact, deduplicated later by its id.
 * WhatsApp `statuses` become delivery receipts, never messages; echoes of the business's own
 * messages are skipped. Never throws.
 *
 * @example
 * const result = readMetaWebhook(rawBody);
 */
export function readMetaWebhook(rawBody: Buffer) {
  const envelope = readJsonEnvelope(rawBody, metaWebhookSchema, 'meta');
  if (!envelope.ok) return envelope.result;
  const { object, entry } = envelope.value;
  const batch = new FactBatch();
  entry.forEach((item, entryIndex) => {
    const where = `entry.${entryIndex}`;
    if (object === 'whatsapp_business_account') {
      for (const change of item.changes ?? []) {
        if (change.field !== 'messages') batch.ignore(change.field);
        else readWhatsappValue(batch, change.value, where);
      }
      return;
    }
    if (object === 'page' || object === 'instagram') {
      const platform = object === 'page' ? 'messenger' : 'instagram';
      const events = [...(item.messaging ?? []), ...(item.standby ?? [])];
      events.forEach((event, index) => {
        readMessaging(batch, platform, event, `${where}.messaging.${index}`);
      });
      for (const change of item.changes ?? []) {
        if (object === 'instagram' && (change.field === 'comments' || change.field === 'live_comments')) {
          readInstagramComment(batch, change.value, where, epochToIso(item.time));
        } else {
          // Mentions carry only media and comment ids, no author: nothing to attribute without a Graph API call.
          batch.ignore(change.field);
        }
      }
      return;
    }
    batch.ignore(object);
  });
  return batch.result(object);
}

function parse<T>(batch: FactBatch, schema: z.ZodMiniType<T>, value: unknown, where: string): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  batch.problem(where, parsed.error.issues);
  return undefined;
}

function readWhatsappValue(batch: FactBatch, raw: unknown, where: string): void {
  const value = parse(batch, whatsappValueSchema, raw, `${where}.value`);
  if (!value) return;
  const names = new Map((value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name]));
  const business = value.metadata?.phone_number_id ?? 'whatsapp';
  for (const message of value.messages ?? []) {
    const occurredAt = epochToIso(message.timestamp);
    if (!occurredAt) {
      batch.problem(where, [{ path: ['timestamp'], message: 'not an epoch time' }]);
      continue;
    }
    if (message.type === 'system' || message.type === 'unsupported') {
      batch.ignore(`whatsapp:${message.type}`);
      continue;
    }
    const name = names.get(message.from);
    batch.add({
      kind: 'message',
      customer: messagingCustomer(
        { kind: 'whatsapp', value: message.from },
        { phone: `+${message.from}`, ...(name ? { name } : {}) },
      ),
      message: {
        eventType: 'message.received',
        platform: 'whatsapp',
        id: message.id,
        conversationId: `${business}:${message.from}`,
        occurredAt,
        ...whatsappContent(message),
      },
    });
  }
  for (const status of value.statuses ?? []) {
    const occurredAt = epochToIso(status.timestamp);
    if (!occurredAt) continue;
    const error = status.errors?.[0];
    batch.add({
      kind: 'receipt',
      customer: messagingCustomer(
        { kind: 'whatsapp', value: status.recipient_id },
        { phone: `+${status.recipient_id}` },
      ),
      receipt: {
        platform: 'whatsapp',
        messageId: status.id,
        status: status.status,
        occurredAt,
        ...(error ? { error: `${error.code ?? ''} ${error.title ?? ''}`.trim() } : {}),
      },
    });
  }
}

function whatsappContent(message: WhatsappMessage): Pick<MessageFact, 'text' | 'kind' | 'media'> {
  const media = [message.image, message.audio, message.video, message.document, message.sticker]
    .map((item) => item?.id ?? item?.link)
    .filter((id): id is string => Boolean(id));
  const caption = message.image?.caption ?? message.video?.caption ?? message.document?.caption ?? '';
  switch (message.type) {
    case 'text':
      return { kind: 'text', text: message.text?.body ?? '', media };
    case 'location': {
      const place = [message.location?.name, message.location?.address].filter(Boolean).join(', ');
      const where = place || `${message.location?.latitude ?? ''},${message.location?.longitude ?? ''}`;
      return { kind: 'location', text: where, media };
    }
    case 'contacts':
      return {
        kind: 'contacts',
        text: (message.contacts ?? [])
          .map((contact) => contact.name?.formatted_name ?? '')
          .filter(Boolean)
          .join(', '),
        media,
      };
    case 'interactive':
      return {
        kind: 'interactive',
        text: message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title ?? '',
        media,
      };
    case 'button':
      return { kind: 'button', text: message.button?.text ?? message.button?.payload ?? '', media };
    case 'reaction':
      return { kind: 'reaction', text: message.reaction?.emoji ?? '', media };
    default:
      return { kind: message.type, text: caption || (message.document?.filename ?? ''), media };
  }
}

function readMessaging(
  batch: FactBatch,
  platform: 'messenger' | 'instagram',
  raw: unknown,
  where: string,
): void {
  const event = parse(batch, messagingSchema, raw, where);
  if (!event) return;
  const occurredAt = epochToIso(event.timestamp);
  if (!occurredAt) {
    batch.problem(where, [{ path: ['timestamp'], message: 'not an epoch time' }]);
    return;
  }
  if (event.message?.is_echo) {
    batch.ignore('echo');
    return;
  }
  const content = messagingContent(event, occurredAt);
  if (!content) {
    batch.ignore(event.read ? 'read' : event.delivery ? 'delivery' : 'messaging');
    return;
  }
  const account = event.recipient?.id ?? platform;
  batch.add({
    kind: 'message',
    customer: messagingCustomer({ kind: platform, value: event.sender.id }),
    message: {
      eventType: 'message.received',
      platform,
      conversationId: `${account}:${event.sender.id}`,
      occurredAt,
      ...content,
    },
  });
}

function messagingContent(
  event: Messaging,
  occurredAt: string,
): Pick<MessageFact, 'id' | 'text' | 'kind' | 'media'> | undefined {
  if (event.message) {
    const media = (event.message.attachments ?? [])
      .map((attachment) => attachment.payload?.url)
      .filter((url): url is string => Boolean(url));
    const kind =
      event.message.text !== undefined ? 'text' : (event.message.attachments?.[0]?.type ?? 'attachment');
    return { id: event.message.mid, text: event.message.text ?? '', kind, media };
  }
  if (event.postback) {
    return {
      // Older postbacks carry no mid: the sender and time identify the tap.
      id: event.postback.mid ?? `postback:${event.sender.id}:${occurredAt}`,
      text: event.postback.title ?? event.postback.payload ?? '',
      kind: 'postback',
      media: [],
    };
  }
  if (event.referral) {
    return {
      id: `referral:${event.sender.id}:${occurredAt}`,
      text: event.referral.ref ?? event.referral.source ?? '',
      kind: 'referral',
      media: [],
    };
  }
  return undefined;
}

function readInstagramComment(
  batch: FactBatch,
  raw: unknown,
  where: string,
  entryTime: string | undefined,
): void {
  const comment = parse(batch, instagramCommentSchema, raw, `${where}.changes`);
  if (!comment) return;
  if (!entryTime) {
    batch.problem(where, [{ path: ['time'], message: 'a comment entry needs its time' }]);
    return;
  }
  batch.add({
    kind: 'message',
    customer: messagingCustomer({ kind: 'instagram', value: comment.from.id }),
    message: {
      eventType: 'comment.received',
      platform: 'instagram',
      id: comment.id,
      ...(comment.media?.id ? { conversationId: `media:${comment.media.id}` } : {}),
      // Comment values carry no time of their own; the entry's time is when Meta recorded the change.
      occurredAt: entryTime,
      text: comment.text,
      kind: comment.parent_id ? 'reply' : 'comment',
      media: [],
    },
  });
}
