/**
 * The PKCE pair of an authorization code request (RFC 7636, S256): a random verifier and its
 * challenge, the base64url SHA-256 of the verifier.
 *
 * @example
 * const challenge = await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * A random verifier of 43 unreserved characters (32 random bytes, base64url), as RFC 7636 asks.
 *
 * @example
 * const verifier = pkceVerifier();
 */
export function pkceVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
