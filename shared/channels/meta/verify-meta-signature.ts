import { hmac, safeEqual } from '../verify-hmac';

/**
 * Verifies `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` in constant time.
 * The legacy SHA-1 header is not accepted. Never throws.
 *
 * @example
 * verifyMetaSignature(rawBody, headers['x-hub-signature-256'], appSecret);
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || header.length > 128 || !header.startsWith('sha256=')) return false;
  return safeEqual(
    hmac('sha256', appSecret, rawBody, 'hex'),
    header.slice('sha256='.length).trim().toLowerCase(),
  );
}
