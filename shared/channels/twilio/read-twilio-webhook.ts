import type { CustomerFacts } from '../../domain/customer';
import { smsConsentKeyword } from '../../domain/sms-consent-keywords';
import { FactBatch, messagingCustomer } from '../facts-builder';
import { maxTwilioFormFields, twilioFormParams } from './twilio-form';

/** `SmsStatus` / `MessageStatus` words of an inbound message; any other is a status callback. */
const inboundStatuses = new Set(['received', 'receiving']);

/**
 * Reads what Twilio posts to `/webhooks/twilio`: an inbound message (SMS or WhatsApp) becomes a
 * message fact, plus a consent fact when an SMS is exactly a consent keyword (`STOP`, `START`…);
 * a status callback of a message Rapport sent (`MessageStatus` queued, sent, delivered,
 * undelivered, failed, read…) becomes a delivery receipt for the `To` number. Twilio puts no time
 * on either, so `receivedAt` (when Rapport received the request) is the receipt's and the consent's
 * time. Never throws.
 *
 * @example
 * readTwilioWebhook(Buffer.from('MessageSid=SM1&From=%2B14133881111&Body=STOP'), '2026-11-23T10:00:00.000Z');
 */
export function readTwilioWebhook(rawBody: Buffer, receivedAt: string) {
  const batch = new FactBatch();
  const fields = twilioFormParams(rawBody);
  if (!fields) {
    batch.problem('form', [{ path: [], message: `more than ${maxTwilioFormFields} fields` }]);
    return batch.result('message');
  }
  const params = new Map(fields);
  const status = params.get('MessageStatus') ?? params.get('SmsStatus');
  if (status && !inboundStatuses.has(status)) {
    readStatusCallback(batch, params, status, receivedAt);
    return batch.result('status');
  }
  readInboundMessage(batch, params, receivedAt);
  return batch.result('message');
}

/**
 * The customer at a Twilio address (`+14133881111` or `whatsapp:+14133881111`): on WhatsApp their
 * `WaId` (Twilio's WhatsApp id: the number's digits) and phone, on SMS their phone only. Undefined
 * when the address is not a number a network delivers to.
 */
function twilioCustomer(address: string, extra: { waId?: string; name?: string } = {}) {
  const whatsapp = address.startsWith('whatsapp:');
  const phone = address.replace(/^whatsapp:/, '');
  const name = extra.name ? { name: extra.name } : {};
  const sms = messagingCustomer({ kind: 'phone', value: phone }, { phone, ...name });
  const normalized = sms.phones[0];
  // The raw address is never an identity by itself: only a number that normalizes to E.164 is.
  if (!normalized) return undefined;
  if (!whatsapp) return { whatsapp, customer: { ...sms, identities: sms.identities.slice(1) } };
  const waId = extra.waId || normalized.slice(1);
  const customer: CustomerFacts = messagingCustomer({ kind: 'whatsapp', value: waId }, { phone, ...name });
  return { whatsapp, customer };
}

function readInboundMessage(batch: FactBatch, params: Map<string, string>, receivedAt: string): void {
  const sid = params.get('MessageSid') ?? params.get('SmsMessageSid');
  const from = params.get('From') ?? '';
  if (!sid || !from) {
    batch.problem('form', [{ path: [sid ? 'From' : 'MessageSid'], message: 'Required' }]);
    return;
  }
  const profileName = params.get('ProfileName');
  const waId = params.get('WaId');
  const sender = twilioCustomer(from, {
    ...(waId ? { waId } : {}),
    ...(profileName ? { name: profileName } : {}),
  });
  if (!sender) {
    batch.problem('form', [{ path: ['From'], message: 'not a valid phone number' }]);
    return;
  }
  const mediaCount = Math.min(10, Number.parseInt(params.get('NumMedia') ?? '0', 10) || 0);
  const media = Array.from({ length: mediaCount }, (_, index) => params.get(`MediaUrl${index}`)).filter(
    (url): url is string => Boolean(url),
  );
  const text = params.get('Body') ?? '';
  batch.add({
    kind: 'message',
    customer: sender.customer,
    message: {
      eventType: 'message.received',
      platform: sender.whatsapp ? 'whatsapp' : 'sms',
      id: sid,
      conversationId: `${params.get('To') ?? ''}:${from}`,
      text,
      kind: media.length ? 'media' : 'text',
      media,
    },
  });
  // Keywords are an SMS convention (carriers and Twilio act on them); on WhatsApp "stop" is just a message.
  const keyword = sender.whatsapp ? undefined : smsConsentKeyword(text);
  if (keyword) {
    batch.add({
      kind: 'consent',
      customer: { ...sender.customer, identities: [...sender.customer.identities] },
      consent: {
        platform: 'sms',
        consent: keyword.consent,
        scope: 'all',
        source: `sms keyword ${keyword.keyword}`,
        occurredAt: receivedAt,
        id: sid,
      },
    });
  }
}

function readStatusCallback(
  batch: FactBatch,
  params: Map<string, string>,
  status: string,
  receivedAt: string,
): void {
  const sid = params.get('MessageSid') ?? params.get('SmsSid');
  const to = params.get('To') ?? '';
  if (!sid || !to) {
    batch.problem('form', [{ path: [sid ? 'To' : 'MessageSid'], message: 'Required' }]);
    return;
  }
  const recipient = twilioCustomer(to);
  if (!recipient) {
    batch.problem('form', [{ path: ['To'], message: 'not a valid phone number' }]);
    return;
  }
  const errorCode = params.get('ErrorCode')?.trim();
  batch.add({
    kind: 'receipt',
    customer: recipient.customer,
    receipt: {
      platform: recipient.whatsapp ? 'whatsapp' : 'sms',
      messageId: sid,
      status,
      occurredAt: receivedAt,
      ...(errorCode ? { errorCode } : {}),
    },
  });
}
