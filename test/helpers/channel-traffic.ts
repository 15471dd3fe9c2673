import { createHmac } from 'node:crypto';
import { signTimestamped } from '../../shared/channels/timestamped-signature';
import { twilioSignature } from '../../shared/channels/twilio/verify-twilio-signature';
import { encryptWechatMessage, wechatSignature } from '../../shared/channels/wechat/wechat-crypto';

/** One HTTP request a platform would send. */
export interface PlatformRequest {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

type Secrets = Record<string, string | undefined>;

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * Builders of correctly signed platform requests, shared by the demo and the end-to-end tests.
 *
 * @example
 * const request = platformRequests(secrets).shopify('orders/create', body);
 */
export function platformRequests(secrets: Secrets, publicBaseUrl = 'http://localhost:3000') {
  return {
    shopify(label: string, topic: string, body: Buffer): PlatformRequest {
      const signature = createHmac('sha256', secrets.SHOPIFY_WEBHOOK_SECRET ?? '')
        .update(body)
        .digest('base64');
      return {
        label,
        method: 'POST',
        path: '/webhooks/shopify',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': topic,
          'x-shopify-hmac-sha256': signature,
        },
        body,
      };
    },
    woocommerce(label: string, topic: string, payload: unknown): PlatformRequest {
      const body = json(payload);
      const signature = createHmac('sha256', secrets.WOOCOMMERCE_WEBHOOK_SECRET ?? '')
        .update(body)
        .digest('base64');
      return {
        label,
        method: 'POST',
        path: '/webhooks/woocommerce',
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-source': 'https://shop.example.com/',
          'x-wc-webhook-delivery-id': String(Date.now()),
          'x-wc-webhook-signature': signature,
        },
        body,
      };
    },
    wooCommercePing(label: string): PlatformRequest {
      return {
        label,
        method: 'POST',
        path: '/webhooks/woocommerce',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from('webhook_id=15'),
      };
    },
    stripe(label: string, event: unknown, now: Date): PlatformRequest {
      const body = json(event);
      return {
        label,
        method: 'POST',
        path: '/webhooks/stripe',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signTimestamped(body, secrets.STRIPE_WEBHOOK_SECRET ?? '', now),
        },
        body,
      };
    },
    storefront(label: string, event: unknown, now: Date): PlatformRequest {
      const body = json(event);
      return {
        label,
        method: 'POST',
        path: '/webhooks/storefront',
        headers: {
          'content-type': 'application/json',
          'x-rapport-signature': signTimestamped(body, secrets.STOREFRONT_WEBHOOK_SECRET ?? '', now),
        },
        body,
      };
    },
    meta(label: string, payload: unknown): PlatformRequest {
      const body = json(payload);
      const signature = createHmac('sha256', secrets.META_APP_SECRET ?? '')
        .update(body)
        .digest('hex');
      return {
        label,
        method: 'POST',
        path: '/webhooks/meta',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
        body,
      };
    },
    metaHandshake(label: string): PlatformRequest {
      const query = new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.verify_token': secrets.META_VERIFY_TOKEN ?? '',
        'hub.challenge': 'challenge-1158201444',
      });
      return { label, method: 'GET', path: `/webhooks/meta?${query}`, headers: {} };
    },
    telegram(label: string, update: unknown): PlatformRequest {
      return {
        label,
        method: 'POST',
        path: '/webhooks/telegram',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': secrets.TELEGRAM_SECRET_TOKEN ?? '',
        },
        body: json(update),
      };
    },
    line(label: string, payload: unknown): PlatformRequest {
      const body = json(payload);
      const signature = createHmac('sha256', secrets.LINE_CHANNEL_SECRET ?? '')
        .update(body)
        .digest('base64');
      return {
        label,
        method: 'POST',
        path: '/webhooks/line',
        headers: { 'content-type': 'application/json', 'x-line-signature': signature },
        body,
      };
    },
    wechatHandshake(label: string, now: Date): PlatformRequest {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const nonce = '1320562132';
      const signature = wechatSignature([secrets.WECHAT_TOKEN ?? '', timestamp, nonce]);
      return {
        label,
        method: 'GET',
        path: `/webhooks/wechat?${new URLSearchParams({ signature, timestamp, nonce, echostr: 'shr5ch' })}`,
        headers: {},
      };
    },
    wechat(label: string, xml: string, now: Date, safeMode: boolean): PlatformRequest {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const nonce = String(now.getTime() % 1_000_000_000);
      const token = secrets.WECHAT_TOKEN ?? '';
      if (!safeMode) {
        const query = new URLSearchParams({
          signature: wechatSignature([token, timestamp, nonce]),
          timestamp,
          nonce,
        });
        return {
          label,
          method: 'POST',
          path: `/webhooks/wechat?${query}`,
          headers: { 'content-type': 'text/xml' },
          body: Buffer.from(xml),
        };
      }
      const encrypt = encryptWechatMessage(
        xml,
        secrets.WECHAT_ENCODING_AES_KEY ?? '',
        secrets.WECHAT_APP_ID ?? '',
      );
      const query = new URLSearchParams({
        signature: wechatSignature([token, timestamp, nonce]),
        timestamp,
        nonce,
        encrypt_type: 'aes',
        msg_signature: wechatSignature([token, timestamp, nonce, encrypt]),
      });
      const body = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
      return {
        label,
        method: 'POST',
        path: `/webhooks/wechat?${query}`,
        headers: { 'content-type': 'text/xml' },
        body: Buffer.from(body),
      };
    },
    twilio(label: string, params: Record<string, string>): PlatformRequest {
      const url = `${publicBaseUrl.replace(/\/$/, '')}/webhooks/twilio`;
      const signature = twilioSignature(secrets.TWILIO_AUTH_TOKEN ?? '', url, Object.entries(params));
      return {
        label,
        method: 'POST',
        path: '/webhooks/twilio',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: Buffer.from(new URLSearchParams(params).toString()),
      };
    },
    xCrc(label: string): PlatformRequest {
      return { label, method: 'GET', path: '/webhooks/x?crc_token=demo-token', headers: {} };
    },
    x(label: string, payload: unknown): PlatformRequest {
      const body = json(payload);
      const signature = createHmac('sha256', secrets.X_CONSUMER_SECRET ?? '')
        .update(body)
        .digest('base64');
      return {
        label,
        method: 'POST',
        path: '/webhooks/x',
        headers: {
          'content-type': 'application/json',
          'x-twitter-webhooks-signature': `sha256=${signature}`,
        },
        body,
      };
    },
  };
}

/**
 * Sends a platform request to a running Rapport and returns the status and body.
 *
 * @example
 * const { status } = await sendPlatformRequest('http://localhost:3000', request);
 */
export async function sendPlatformRequest(baseUrl: string, request: PlatformRequest) {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body ? { body: request.body } : {}),
  });
  return { status: response.status, body: await response.text() };
}
