import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyShopifySignature } from '../../shared/channels/shopify/verify-shopify-signature';
import { shopifyFixture, signShopify } from '../helpers/shopify-requests';

const vectors = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'shopify', 'signature_vectors.json'), 'utf8'),
) as { vectors: Array<{ name: string; secret: string; body_file: string; expected: string }> };

describe('verifyShopifySignature', () => {
  it.each(vectors.vectors)('accepts the published vector $name', (vector) => {
    // Prepare
    const body = shopifyFixture(vector.body_file);

    // Act
    const verified = verifyShopifySignature(body, vector.expected, vector.secret);

    // Assess
    expect(verified).toBe(true);
  });

  it('rejects a body changed by one byte', () => {
    const body = Buffer.from(shopifyFixture('orders_create.json'));
    const signature = signShopify(body);
    body[body.length - 3] = body[body.length - 3] === 0x31 ? 0x32 : 0x31;
    expect(verifyShopifySignature(body, signature, 'hush')).toBe(false);
  });

  it('rejects a missing or empty signature', () => {
    const body = shopifyFixture('orders_create.json');
    expect(verifyShopifySignature(body, undefined, 'hush')).toBe(false);
    expect(verifyShopifySignature(body, '', 'hush')).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    const body = shopifyFixture('orders_create.json');
    expect(verifyShopifySignature(body, signShopify(body, 'not-hush'), 'hush')).toBe(false);
  });

  it('rejects a re-serialised body (verification is on the raw bytes)', () => {
    const raw = shopifyFixture('orders_create.json');
    const signature = signShopify(raw);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(verifyShopifySignature(reserialised, signature, 'hush')).toBe(false);
  });

  it('never throws and accepts only the right signature, for any bytes and header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 200 }), (bytes, header) => {
        const body = Buffer.from(bytes);
        expect(verifyShopifySignature(body, signShopify(body), 'hush')).toBe(true);
        expect(verifyShopifySignature(body, header, 'hush')).toBe(header.trim() === signShopify(body));
      }),
    );
  });
});
