import type { RawWebhookRequest } from '../../shared/channels/channel-adapter';
import { webhookRequest } from './channel-fixtures';

/** The largest body Rapport accepts. */
export const oneMiB = 1024 * 1024;
/** `unit` repeated to exactly `bytes` characters. */
export const repeatTo = (unit: string, bytes = oneMiB) =>
  unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/** Bodies built to make a careless parser slow: unclosed sections, deep nesting, many parts. */
export const hostileBodies: Record<string, string> = {
  'unclosed CDATA elements': `<xml>${repeatTo('<a><![CDATA[', oneMiB - 6)}`,
  'unclosed tags': `<xml>${repeatTo('<a', oneMiB - 6)}`,
  'nested elements': `<xml>${repeatTo('<Encrypt>', oneMiB / 2)}${repeatTo('</Encrypt>', oneMiB / 2 - 6)}</xml>`,
  'deep JSON arrays': repeatTo('['),
  'many JSON keys': `{${repeatTo('"a":1,', oneMiB - 8)}"b":1}`,
  'many form fields': repeatTo('a=&'),
  'long entity runs': `<xml><Encrypt>${repeatTo('&amp;', oneMiB - 30)}</Encrypt></xml>`,
};

/**
 * A hostile body as a current, plausible delivery of the channel whose signature is wrong, so
 * that verifiers do their whole work (WeChat safe mode reads <Encrypt> before it can check
 * msg_signature).
 *
 * @example
 * adapter.verify(hostileDeliveryFor('wechat', hostileBodies['unclosed tags'], new Date()), secrets, context);
 */
export function hostileDeliveryFor(channel: string, body: string, now: Date): RawWebhookRequest {
  const { headers, query } = plausibleHeaders(String(Math.floor(now.getTime() / 1000)))[channel] ?? {
    headers: {},
    query: {},
  };
  return webhookRequest(channel, Buffer.from(body), headers, query);
}

const plausibleHeaders = (
  seconds: string,
): Record<string, { headers: Record<string, string>; query: Record<string, string> }> => ({
  shopify: { headers: { 'x-shopify-hmac-sha256': 'AAAA', 'x-shopify-topic': 'orders/create' }, query: {} },
  woocommerce: {
    headers: { 'x-wc-webhook-signature': 'AAAA', 'x-wc-webhook-topic': 'order.created' },
    query: {},
  },
  stripe: { headers: { 'stripe-signature': `t=${seconds},v1=${'0'.repeat(64)}` }, query: {} },
  storefront: { headers: { 'x-rapport-signature': `t=${seconds},v1=${'0'.repeat(64)}` }, query: {} },
  meta: { headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, query: {} },
  telegram: { headers: { 'x-telegram-bot-api-secret-token': 'wrong' }, query: {} },
  line: { headers: { 'x-line-signature': 'AAAA' }, query: {} },
  wechat: {
    headers: {},
    query: { timestamp: seconds, nonce: '1320562132', encrypt_type: 'aes', msg_signature: '0'.repeat(40) },
  },
  twilio: {
    headers: { 'x-twilio-signature': 'AAAA', 'content-type': 'application/x-www-form-urlencoded' },
    query: {},
  },
  x: { headers: { 'x-twitter-webhooks-signature': 'sha256=AAAA' }, query: {} },
});
