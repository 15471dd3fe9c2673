import { describe, expect, it } from 'vitest';
import { pkceChallenge, pkceVerifier } from './pkce';

describe('PKCE (RFC 7636, S256)', () => {
  it('derives the challenge of RFC 7636 Appendix B from its verifier', async () => {
    // RFC 7636, Appendix B: the example verifier and its S256 challenge.
    await expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 unreserved characters, different each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => pkceVerifier()));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
