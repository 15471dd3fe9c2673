import { createHmac } from 'node:crypto';
import { safeEqual } from '../verify-hmac';

/**
 * Twilio's signature: base64 HMAC-SHA1 of the full URL followed by every POST parameter sorted by
 * name (values of a repeated name sorted and de-duplicated), each as name + value.
 *
 * @example
 * twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', [['To', '+18005551212']]);
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<[string, string]>,
): string {
  const byName = new Map<string, Set<string>>();
  for (const [name, value] of params) byName.set(name, (byName.get(name) ?? new Set()).add(value));
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...(byName.get(name) ?? [])].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The same URL with and without its scheme's default port, as Twilio's own validators try both. */
function urlVariants(url: string): string[] {
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
    const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
    const rest = `${parsed.pathname}${parsed.search}`;
    const withPort = `${parsed.protocol}//${auth}${parsed.hostname}:${parsed.port || defaultPort}${rest}`;
    const withoutPort = `${parsed.protocol}//${auth}${parsed.hostname}${rest}`;
    return [...new Set([url, withPort, withoutPort])];
  } catch {
    return [url];
  }
}

/**
 * Verifies `X-Twilio-Signature` against the public URL Twilio called, trying it with and without
 * the default port. Never throws.
 *
 * @example
 * verifyTwilioSignature('12345', url, params, signature);
 */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: ReadonlyArray<[string, string]>,
  signature: string | undefined,
): boolean {
  if (!signature || signature.length > 64) return false;
  return urlVariants(url)
    .map((candidate) => safeEqual(twilioSignature(authToken, candidate, params), signature.trim()))
    .includes(true);
}
