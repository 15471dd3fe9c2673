import { createHash } from 'node:crypto';

/**
 * The `X-Line-Retry-Key` of one Rapport message: a UUID (LINE asks for "a UUID in hexadecimal
 * format", e.g. `123e4567-e89b-12d3-a456-426614174000`) derived from the message id, so every
 * attempt to send the same message carries the same key and LINE executes it only once (a repeat
 * after LINE accepted it is answered 409). The first 16 bytes of SHA-256(messageId) are shaped as a
 * version 4 UUID (version nibble 4, RFC 4122 variant bits 10), which any UUID parser accepts.
 *
 * @example
 * lineRetryKey('01JEXAMPLE0000000000000000'); // 'xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx', the same on every call
 */
export function lineRetryKey(messageId: string): string {
  const bytes = createHash('sha256').update(messageId, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
