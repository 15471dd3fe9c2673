import type { ChannelSecrets, RawWebhookRequest } from '../channel-adapter';
import { safeEqual } from '../verify-hmac';
import { readFlatXml } from './flat-xml';
import { wechatSignature } from './wechat-crypto';
import { isSafeMode, wechatMessageXml } from './wechat-message-xml';

/** Requests signed more than this far from now are refused (replay window). */
const replayWindowSeconds = 300;

function withinWindow(timestamp: string | undefined, now: Date): boolean {
  const seconds = Number(timestamp);
  return Number.isInteger(seconds) && Math.abs(now.getTime() / 1000 - seconds) <= replayWindowSeconds;
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
  return wechatMessageXml(request, secrets) !== undefined;
}
