import { hmac, safeEqual } from '../verify-hmac';

/**
 * Verifies `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the webhook secret,
 * compared in constant time. Never throws: any malformed input is simply not verified.
 *
 * @example
 * verifyShopifySignature(rawBody, headers['x-shopify-hmac-sha256'], 'hush'); // true or false
 */
export function verifyShopifySignature(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (!signature || signature.length > 128) return false;
  return safeEqual(hmac('sha256', secret, rawBody, 'base64'), signature.trim());
}
