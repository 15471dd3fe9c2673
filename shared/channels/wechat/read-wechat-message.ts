import type { CustomerFacts } from '../../domain/customer';
import type { MessageFact } from '../../domain/facts';
import type { ChannelSecrets, RawWebhookRequest } from '../channel-adapter';
import { FactBatch, messagingCustomer } from '../facts-builder';
import { epochToIso } from '../timestamps';
import { readFlatXml } from './flat-xml';
import { wechatMessageXml } from './wechat-message-xml';

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
  const xml = wechatMessageXml(request, secrets);
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
