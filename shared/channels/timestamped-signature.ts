import { hmac, safeEqual } from './verify-hmac';

/**
 * Default tolerance of timestamped signatures (Stripe's and Rapport's own): five minutes.
 *
 * @example
 * Math.abs(now - t) <= signatureToleranceSeconds;
 */
export const signatureToleranceSeconds = 300;

/**
 * Verifies a timestamped signature header `t=<unix>,v1=<hex>[,v1=<hex>...]`: hex HMAC-SHA256 of
 * `t.rawBody`. Any `v1` may match (secret rotation signs twice); other schemes are ignored; the
 * timestamp must be within the tolerance of `now` (`null` disables the check, for fixed vectors).
 * Stripe signs this way, and so do Rapport's storefront webhook and outbound webhooks.
 *
 * @example
 * verifyTimestampedSignature(rawBody, headers['stripe-signature'], 'whsec_...', new Date());
 */
export function verifyTimestampedSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
  now: Date,
  toleranceSeconds: number | null = signatureToleranceSeconds,
): boolean {
  if (!header || header.length > 2048) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((text) => text.trim());
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (toleranceSeconds !== null && Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds)
    return false;
  const expected = hmac('sha256', secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]), 'hex');
  return signatures.map((signature) => safeEqual(expected, signature)).includes(true);
}

/**
 * Signs a body the same way: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
 *
 * @example
 * signTimestamped(Buffer.from('{}'), 'secret', new Date()); // 't=1795...,v1=ab12...'
 */
export function signTimestamped(rawBody: Buffer, secret: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmac('sha256', secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]), 'hex')}`;
}
