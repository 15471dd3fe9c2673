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
  type WhatsappStatus,
  whatsappUserPreferenceSchema,
  whatsappValueSchema,
} from './meta-payloads';

/**
 * Reads a verified Meta webhook (WhatsApp, Messenger or Instagram) into facts. One delivery can
 * batch many entries and messages: each becomes its own fact, deduplicated later by its id.
 * WhatsApp `statuses`, Messenger `message_deliveries` / `message_reads` and Instagram
 * `messaging_seen` become delivery receipts, never messages; WhatsApp `user_preferences` (stop or
 * resume marketing messages) become consent facts; echoes of the business's own messages are
 * skipped. Never throws.
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
        if (change.field === 'messages') readWhatsappValue(batch, change.value, where);
        else if (change.field === 'user_preferences') readWhatsappPreferences(batch, change.value, where);
        else batch.ignore(change.field);
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
        ...statusDetail(status),
      },
    });
  }
}

/**
 * Rapport's message ids are ULIDs. Another app on the same WhatsApp number may send its own
 * `biz_opaque_callback_data` (often JSON): that is not a Rapport id, and the wamid still names the message.
 */
const rapportMessageIdPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A status's first error (code and title) and Rapport's own message id, when the platform gives them. */
function statusDetail(status: WhatsappStatus): {
  error?: string;
  errorCode?: string;
  rapportMessageId?: string;
} {
  const error = status.errors?.[0];
  const code = error?.code === undefined ? undefined : String(error.code);
  const text = error ? `${code ?? ''} ${error.title ?? ''}`.trim() : '';
  return {
    ...(text ? { error: text } : {}),
    ...(code ? { errorCode: code } : {}),
    ...(status.biz_opaque_callback_data && rapportMessageIdPattern.test(status.biz_opaque_callback_data)
      ? { rapportMessageId: status.biz_opaque_callback_data }
      : {}),
  };
}

const marketingPreference: Record<string, 'granted' | 'denied'> = { stop: 'denied', resume: 'granted' };

/**
 * WhatsApp `user_preferences`: a user stopped (`stop`) or resumed (`resume`) marketing messages
 * from this business. Only marketing is concerned: service replies and utility templates still go.
 */
function readWhatsappPreferences(batch: FactBatch, raw: unknown, where: string): void {
  const value = parse(batch, whatsappValueSchema, raw, `${where}.value`);
  if (!value) return;
  const names = new Map((value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name]));
  (value.user_preferences ?? []).forEach((item, index) => {
    const at = `${where}.value.user_preferences.${index}`;
    const preference = parse(batch, whatsappUserPreferenceSchema, item, at);
    if (!preference) return;
    const consent = marketingPreference[preference.value];
    if (preference.category !== 'marketing_messages' || !consent) {
      batch.ignore(`user_preferences:${preference.category}:${preference.value}`);
      return;
    }
    const occurredAt = epochToIso(preference.timestamp);
    if (!occurredAt) {
      batch.problem(at, [{ path: ['timestamp'], message: 'not an epoch time' }]);
      return;
    }
    const name = names.get(preference.wa_id);
    batch.add({
      kind: 'consent',
      customer: messagingCustomer(
        { kind: 'whatsapp', value: preference.wa_id },
        { phone: `+${preference.wa_id}`, ...(name ? { name } : {}) },
      ),
      consent: {
        platform: 'whatsapp',
        consent,
        scope: 'marketing',
        source: `whatsapp user_preferences ${preference.value}`,
        occurredAt,
        // Meta gives the change no id of its own: the user, the time and the choice identify it.
        id: `user_preferences:${preference.wa_id}:${Date.parse(occurredAt)}:${preference.value}`,
      },
    });
  });
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
  if (event.message?.is_echo) {
    batch.ignore('echo');
    return;
  }
  if (!event.message && !event.postback && !event.referral) {
    if (event.delivery || event.read) readMessagingReceipts(batch, platform, event, where);
    else batch.ignore('messaging');
    return;
  }
  const occurredAt = epochToIso(event.timestamp);
  if (!occurredAt) {
    batch.problem(where, [{ path: ['timestamp'], message: 'not an epoch time' }]);
    return;
  }
  const content = messagingContent(event, occurredAt);
  if (!content) {
    batch.ignore('messaging');
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

/**
 * Messenger `message_deliveries` (`delivery: {mids?, watermark}`) and `message_reads`
 * (`read: {watermark}`), Instagram `messaging_seen` (`read: {mid}`): one receipt per message id
 * given, else one watermark receipt (every message to this person sent at or before it).
 */
function readMessagingReceipts(
  batch: FactBatch,
  platform: 'messenger' | 'instagram',
  event: Messaging,
  where: string,
): void {
  const reports = [
    ...(event.delivery
      ? [
          {
            field: 'delivery',
            status: 'delivered',
            mids: event.delivery.mids ?? [],
            mark: event.delivery.watermark,
          },
        ]
      : []),
    ...(event.read
      ? [
          {
            field: 'read',
            status: 'read',
            mids: event.read.mid ? [event.read.mid] : [],
            mark: event.read.watermark,
          },
        ]
      : []),
  ];
  for (const { field, status, mids, mark } of reports) {
    const watermark = epochToIso(mark);
    const occurredAt = epochToIso(event.timestamp) ?? watermark;
    if (!occurredAt || (mids.length === 0 && !watermark)) {
      batch.problem(where, [{ path: [field, 'watermark'], message: 'no message id and no watermark time' }]);
      continue;
    }
    const receipt = { platform, status, occurredAt };
    const customer = () => messagingCustomer({ kind: platform, value: event.sender.id });
    if (mids.length > 0) {
      for (const mid of mids)
        batch.add({ kind: 'receipt', customer: customer(), receipt: { ...receipt, messageId: mid } });
    } else if (watermark) {
      batch.add({
        kind: 'receipt',
        customer: customer(),
        receipt: { ...receipt, messageId: `watermark:${Date.parse(watermark)}`, watermark },
      });
    }
  }
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
