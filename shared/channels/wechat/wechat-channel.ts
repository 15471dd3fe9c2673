import type { CustomerFacts } from '../../domain/customer';
import type { MessageFact } from '../../domain/facts';
import type { ChannelAdapter, ChannelSecrets, RawWebhookRequest } from '../channel-adapter';
import { channelSecretSettings } from '../channel-names';
import { FactBatch, messagingCustomer } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { safeEqual } from '../verify-hmac';
import { readFlatXml } from './flat-xml';
import { decryptWechatMessage, WechatDecryptError, wechatSignature } from './wechat-crypto';

/** Requests signed more than this far from now are refused (replay window). */
const replayWindowSeconds = 300;

const isSafeMode = (request: RawWebhookRequest) => request.query.encrypt_type === 'aes';

function withinWindow(timestamp: string | undefined, now: Date): boolean {
  const seconds = Number(timestamp);
  return Number.isInteger(seconds) && Math.abs(now.getTime() / 1000 - seconds) <= replayWindowSeconds;
}

/**
 * The message XML of a verified request: decrypted in safe mode, as sent in plaintext mode.
 * `undefined` when it cannot be read.
 */
function messageXml(request: RawWebhookRequest, secrets: ChannelSecrets): string | undefined {
  const body = request.rawBody.toString('utf8');
  if (!isSafeMode(request)) return body;
  const encrypt = readFlatXml(body)?.Encrypt;
  if (!encrypt || !secrets.WECHAT_ENCODING_AES_KEY || !secrets.WECHAT_APP_ID) return undefined;
  try {
    return decryptWechatMessage(encrypt, secrets.WECHAT_ENCODING_AES_KEY, secrets.WECHAT_APP_ID);
  } catch (error) {
    if (error instanceof WechatDecryptError) return undefined;
    throw error;
  }
}

/**
 * Verifies a WeChat POST. Plaintext mode signs only token, timestamp and nonce (not the body), so
 * the timestamp must be within 5 minutes. Safe mode (`encrypt_type=aes`) checks `msg_signature`
 * over the `<Encrypt>` text too, and that the message decrypts for this app id.
 *
 * @example
 * verifyWechatRequest(request, secrets, new Date());
 */
export function verifyWechatRequest(request: RawWebhookRequest, secrets: ChannelSecrets, now: Date): boolean {
  const { timestamp, nonce } = request.query;
  const token = secrets.WECHAT_TOKEN ?? '';
  if (!timestamp || !nonce || timestamp.length > 20 || nonce.length > 64 || !withinWindow(timestamp, now))
    return false;
  if (!isSafeMode(request)) {
    return safeEqual(wechatSignature([token, timestamp, nonce]), request.query.signature ?? '');
  }
  const encrypt = readFlatXml(request.rawBody.toString('utf8'))?.Encrypt;
  if (!encrypt) return false;
  if (!safeEqual(wechatSignature([token, timestamp, nonce, encrypt]), request.query.msg_signature ?? ''))
    return false;
  return messageXml(request, secrets) !== undefined;
}

const messageKinds = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);
const interactionEvents = new Set(['SCAN', 'CLICK', 'VIEW']);

/**
 * Reads a verified WeChat message or event: messages and menu/QR interactions become messages,
 * `subscribe` grants consent and `unsubscribe` denies it, `TEMPLATESENDJOBFINISH` is the delivery
 * receipt of a template message. Dedupe by `MsgId`, or by sender, `CreateTime` and event for events.
 *
 * @example
 * readWechatMessage(request, secrets);
 */
export function readWechatMessage(request: RawWebhookRequest, secrets: ChannelSecrets) {
  const batch = new FactBatch();
  const xml = messageXml(request, secrets);
  const fields = xml === undefined ? undefined : readFlatXml(xml);
  if (!fields) return { kind: 'invalid' as const, reason: 'body is not WeChat message XML' };
  const { FromUserName: openId, MsgType: type, CreateTime: createTime } = fields;
  const occurredAt = epochToIso(createTime);
  if (!openId || !type || !occurredAt) {
    batch.problem('xml', [
      { path: [!openId ? 'FromUserName' : !type ? 'MsgType' : 'CreateTime'], message: 'Required' },
    ]);
    return batch.result('wechat');
  }
  const customer = messagingCustomer({ kind: 'wechat', value: openId });
  if (fields.UnionId) customer.identities.push({ kind: 'wechat', value: `union:${fields.UnionId}` });
  const base = {
    eventType: 'message.received' as const,
    platform: 'wechat',
    conversationId: openId,
    occurredAt,
  };
  if (messageKinds.has(type)) {
    batch.add({
      kind: 'message',
      customer,
      message: { ...base, id: fields.MsgId ?? `${openId}:${createTime}`, ...wechatContent(type, fields) },
    });
  } else if (type === 'event' && (fields.Event === 'subscribe' || fields.Event === 'unsubscribe')) {
    batch.add({
      kind: 'consent',
      customer,
      consent: {
        platform: 'wechat',
        consent: fields.Event === 'subscribe' ? 'granted' : 'denied',
        scope: 'all',
        source: `wechat ${fields.Event}`,
        occurredAt,
        // Events carry no MsgId: the follower, the time and the event identify them.
        id: `${openId}:${createTime}:${fields.Event}`,
      },
    });
  } else if (type === 'event' && fields.Event === 'TEMPLATESENDJOBFINISH') {
    readTemplateResult(batch, customer, fields, occurredAt);
  } else if (type === 'event' && interactionEvents.has(fields.Event ?? '')) {
    batch.add({
      kind: 'message',
      customer,
      message: {
        ...base,
        id: `${openId}:${createTime}:${fields.Event}`,
        kind: `event:${(fields.Event ?? '').toLowerCase()}`,
        text: fields.EventKey ?? '',
        media: [],
      },
    });
  } else {
    batch.ignore(type === 'event' ? `event:${fields.Event ?? ''}` : type);
  }
  return batch.result('wechat');
}

/**
 * `TEMPLATESENDJOBFINISH`: the result of a template message Rapport sent to this follower, its
 * `MsgID` (the `msgid` the send returned) and `Status` (`success`, `failed:user block`,
 * `failed: system failed`), as a delivery receipt.
 */
function readTemplateResult(
  batch: FactBatch,
  customer: CustomerFacts,
  fields: Record<string, string>,
  occurredAt: string,
): void {
  const messageId = fields.MsgID?.trim();
  const status = fields.Status?.trim();
  if (!messageId || !status) {
    batch.problem('xml', [{ path: [messageId ? 'Status' : 'MsgID'], message: 'Required' }]);
    return;
  }
  batch.add({ kind: 'receipt', customer, receipt: { platform: 'wechat', messageId, status, occurredAt } });
}

function wechatContent(
  type: string,
  fields: Record<string, string>,
): Pick<MessageFact, 'kind' | 'text' | 'media'> {
  const media = [fields.MediaId, fields.PicUrl].filter((value): value is string => Boolean(value));
  switch (type) {
    case 'text':
      return { kind: 'text', text: fields.Content ?? '', media: [] };
    case 'location':
      return {
        kind: 'location',
        text: fields.Label ?? `${fields.Location_X ?? ''},${fields.Location_Y ?? ''}`,
        media: [],
      };
    case 'link':
      return { kind: 'link', text: [fields.Title, fields.Url].filter(Boolean).join(' '), media: [] };
    case 'voice':
      return { kind: 'voice', text: fields.Recognition ?? '', media };
    default:
      return { kind: type, text: '', media };
  }
}

/**
 * The WeChat Official Account channel. `GET` answers the `echostr` check; `POST` accepts plaintext
 * and safe mode (recommended: plaintext mode does not sign the body) and replies `success`.
 *
 * @example
 * wechatChannel.handshake?.(request, { WECHAT_TOKEN: 'spamtest' });
 */
export const wechatChannel: ChannelAdapter = {
  channel: 'wechat',
  secretSettings: channelSecretSettings.wechat.required,
  optionalSecretSettings: channelSecretSettings.wechat.optional,
  verify: (request, secrets, context) => verifyWechatRequest(request, secrets, context.now),
  read: (request, secrets) => readWechatMessage(request, secrets),
  handshake: (request, secrets) => {
    const { signature, timestamp, nonce, echostr } = request.query;
    if (!signature || !timestamp || !nonce || !echostr || echostr.length > 512) {
      return {
        kind: 'refused',
        status: 400,
        error: 'bad_handshake',
        message: 'Expected signature, timestamp, nonce and echostr.',
      };
    }
    if (!safeEqual(wechatSignature([secrets.WECHAT_TOKEN ?? '', timestamp, nonce]), signature)) {
      return {
        kind: 'refused',
        status: 403,
        error: 'bad_signature',
        message: 'The signature does not match the token.',
      };
    }
    return { kind: 'answer', contentType: 'text/plain', body: echostr };
  },
  acknowledgement: { contentType: 'text/plain', body: 'success' },
  replayHeaders: ['content-type'],
};
