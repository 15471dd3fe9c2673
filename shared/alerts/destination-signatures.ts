import { createHmac } from 'node:crypto';

// Webhook destinations are signed like storefront events: `signTimestamped` in
// shared/channels/timestamped-signature.ts (`X-Rapport-Signature: t=<unix>,v1=<hex>`).

/**
 * DingTalk's custom-robot signature (加签): HMAC-SHA256 keyed with the secret over
 * `timestamp + "\n" + secret`, Base64, URL-encoded; sent as the `timestamp` (milliseconds) and
 * `sign` query parameters.
 *
 * @example
 * const url = `${webhookUrl}&timestamp=${ms}&sign=${dingtalkSign('SEC…', ms)}`;
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

/**
 * Feishu's custom-bot signature (签名校验): HMAC-SHA256 keyed with `timestamp + "\n" + secret`
 * over an empty message, Base64; sent as the body fields `timestamp` (seconds, a string) and `sign`.
 *
 * @example
 * const body = { timestamp: String(seconds), sign: feishuSign(secret, seconds), msg_type: 'text', content };
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
}
