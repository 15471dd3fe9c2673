import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WeChat's signature: hex SHA-1 of the given strings sorted and concatenated. The URL check uses
 * token, timestamp and nonce; safe mode adds the `<Encrypt>` text (`msg_signature`).
 *
 * @example
 * wechatSignature(['spamtest', '1409735669', '1320562132']); // '16120ec1b8dbb870f510d87ce6bc2463eae6ca1a'
 */
export function wechatSignature(parts: ReadonlyArray<string>): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/**
 * Raised when a safe-mode payload cannot be decrypted or belongs to another app.
 *
 * @example
 * throw new WechatDecryptError('what went wrong');
 */
export class WechatDecryptError extends Error {
  override name = 'WechatDecryptError';
}

/**
 * Decrypts a safe-mode `<Encrypt>` value: AES-256-CBC with key = base64(EncodingAESKey + '='),
 * IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks; the plaintext is 16 random
 * bytes, a big-endian uint32 length, the XML, then the app id, which must match.
 *
 * @example
 * const xml = decryptWechatMessage(encrypt, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wx2c2769f8efd9abc2');
 */
export function decryptWechatMessage(encrypt: string, encodingAesKey: string, appId: string): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatDecryptError('EncodingAESKey must be 43 characters of base64');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  } catch (cause) {
    throw new WechatDecryptError('Encrypt is not valid ciphertext', { cause });
  }
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > 32 || pad > plain.length) throw new WechatDecryptError('bad padding');
  const content = plain.subarray(16, plain.length - pad);
  if (content.length < 4) throw new WechatDecryptError('too short');
  const length = content.readUInt32BE(0);
  if (4 + length > content.length) throw new WechatDecryptError('length beyond the message');
  const xml = content.subarray(4, 4 + length).toString('utf8');
  const receivedAppId = content.subarray(4 + length).toString('utf8');
  if (receivedAppId !== appId) throw new WechatDecryptError('the message is for another app id');
  return xml;
}

/**
 * Encrypts a message the way WeChat does in safe mode (the inverse of `decryptWechatMessage`);
 * used to build signed test and demo traffic.
 *
 * @example
 * const encrypt = encryptWechatMessage('<xml>...</xml>', encodingAesKey, appId);
 */
export function encryptWechatMessage(
  xml: string,
  encodingAesKey: string,
  appId: string,
  random = randomBytes(16),
): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}
