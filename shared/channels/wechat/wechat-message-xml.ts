import type { ChannelSecrets, RawWebhookRequest } from '../channel-adapter';
import { readFlatXml } from './flat-xml';
import { decryptWechatMessage, WechatDecryptError } from './wechat-crypto';

/**
 * Whether a request is in safe mode (`encrypt_type=aes`): the message is encrypted in `<Encrypt>`.
 *
 * @example
 * isSafeMode(request); // true for ?encrypt_type=aes
 */
export const isSafeMode = (request: RawWebhookRequest) => request.query.encrypt_type === 'aes';

/**
 * The message XML of a verified request: decrypted in safe mode, as sent in plaintext mode.
 * `undefined` when it cannot be read.
 *
 * @example
 * const xml = wechatMessageXml(request, { WECHAT_TOKEN: 't', WECHAT_ENCODING_AES_KEY: 'k', WECHAT_APP_ID: 'wx1' });
 */
export function wechatMessageXml(request: RawWebhookRequest, secrets: ChannelSecrets): string | undefined {
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
