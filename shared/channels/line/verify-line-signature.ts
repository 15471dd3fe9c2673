import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies `X-Line-Signature`: base64 HMAC-SHA256 of the raw body with the channel secret. The
 * decoded bytes are compared in constant time, so the same signature with or without base64
 * padding passes and a case change does not.
 *
 * @example
 * verifyLineSignature(Buffer.from('{"hello":"world"}'), 't7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=', 'test_secret'); // true
 */
export function verifyLineSignature(
  rawBody: Buffer,
  header: string | undefined,
  channelSecret: string,
): boolean {
  if (!header || header.length > 100 || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const received = Buffer.from(header.trim(), 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
