import { createHmac } from 'node:crypto';
import type { RawWebhookRequest } from '../../shared/channels/channel-adapter';
import { signTimestamped } from '../../shared/channels/timestamped-signature';
import { twilioSignature } from '../../shared/channels/twilio/verify-twilio-signature';
import { webhookRequest } from './channel-fixtures';
import { testChannelSecrets } from './receiver-deps';

/**
 * A Meta webhook signed with the test app secret.
 *
 * @example
 * metaRequest({ object: 'page', entry: [...] });
 */
export function metaRequest(body: Buffer | object): RawWebhookRequest {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const signature = createHmac('sha256', testChannelSecrets.META_APP_SECRET).update(raw).digest('hex');
  return webhookRequest('meta', raw, {
    'content-type': 'application/json',
    'x-hub-signature-256': `sha256=${signature}`,
  });
}

/**
 * A Twilio form webhook signed for `https://crm.example.com/webhooks/twilio`.
 *
 * @example
 * twilioRequest({ MessageSid: 'SM1', From: '+14133881111', Body: 'Hi' });
 */
export function twilioRequest(params: Record<string, string>): RawWebhookRequest {
  const raw = Buffer.from(new URLSearchParams(params).toString());
  const signature = twilioSignature(
    testChannelSecrets.TWILIO_AUTH_TOKEN,
    'https://crm.example.com/webhooks/twilio',
    Object.entries(params),
  );
  return webhookRequest('twilio', raw, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': signature,
  });
}

/**
 * A WhatsApp Cloud API text message delivery.
 *
 * @example
 * whatsappText('972544401243', 'wamid.1', 'Hello');
 */
export function whatsappText(
  waId: string,
  id: string,
  text: string,
  timestamp = '1730231903',
  name = 'Dana',
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '264937493375603',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550953877', phone_number_id: '277321005464405' },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [{ from: waId, id, timestamp, text: { body: text }, type: 'text' }],
            },
          },
        ],
      },
    ],
  };
}

/**
 * A Messenger delivery with one entry per message id.
 *
 * @example
 * messengerBatch('1412611362105802', ['mid.1', 'mid.2']);
 */
export function messengerBatch(psid: string, mids: string[]) {
  return {
    object: 'page',
    entry: mids.map((mid, index) => ({
      id: '1895382890692545',
      time: 1486464322257,
      messaging: [
        {
          sender: { id: psid },
          recipient: { id: '1895382890692545' },
          timestamp: 1486464322190 + index,
          message: { mid, text: `message ${mid}` },
        },
      ],
    })),
  };
}

/**
 * A WooCommerce webhook signed with the test secret.
 *
 * @example
 * wooRequest('order.updated', { id: 727, ... });
 */
export function wooRequest(topic: string, body: object): RawWebhookRequest {
  const raw = Buffer.from(JSON.stringify(body));
  const signature = createHmac('sha256', testChannelSecrets.WOOCOMMERCE_WEBHOOK_SECRET)
    .update(raw)
    .digest('base64');
  return webhookRequest('woocommerce', raw, {
    'content-type': 'application/json',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-source': 'https://shop.example.com/',
    'x-wc-webhook-signature': signature,
  });
}

/**
 * A body signed with a timestamped signature (Stripe-Signature or X-Rapport-Signature) at `now`.
 *
 * @example
 * timestampedRequest('stripe', 'stripe-signature', event, secret, now);
 */
export function timestampedRequest(
  channel: string,
  header: string,
  body: object,
  secret: string,
  now: Date,
): RawWebhookRequest {
  const raw = Buffer.from(JSON.stringify(body));
  return webhookRequest(channel, raw, {
    'content-type': 'application/json',
    [header]: signTimestamped(raw, secret, now),
  });
}
