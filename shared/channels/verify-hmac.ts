import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in constant time (for their common length); different lengths are unequal.
 *
 * @example
 * safeEqual('abc', 'abc'); // true
 */
export function safeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  if (a.length !== b.length) {
    // Compare anyway so the time taken does not reveal where the mismatch is.
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/**
 * HMAC of the exact raw bytes, in the encoding the platform uses.
 *
 * @example
 * hmac('sha256', 'hush', Buffer.from('{}'), 'base64');
 */
export function hmac(
  algorithm: 'sha1' | 'sha256',
  secret: string,
  message: Buffer | string,
  encoding: 'base64' | 'hex',
): string {
  return createHmac(algorithm, secret).update(message).digest(encoding);
}
