import { describe, expect, it } from 'vitest';
import { channelRegistry } from '../../shared/channels/channel-registry';
import { readShopifyWebhook } from '../../shared/channels/shopify/read-shopify-webhook';
import { plainSettingSchemas } from '../../shared/config/settings';
import type { Fact } from '../../shared/domain/facts';
import { normalizeEmail, parseIdentityText } from '../../shared/domain/identity';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { inMemoryReceiverDeps } from '../helpers/in-memory-receiver-deps';
import { shopifyHeaders, shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';

/** A Shopify order whose only phone is written without a country code, with no address country unless given. */
const nationalPhoneOrder = (phone: string, country?: string) =>
  shopifyOrderFor(5001, 6001, (order) => {
    order.email = null;
    order.contact_email = null;
    order.phone = phone;
    const address = country ? { phone, country_code: country } : null;
    order.billing_address = address;
    order.shipping_address = address;
    order.customer = { id: 6001, phone, email: null, default_address: address };
  });

const phonesOf = (facts: Fact[]) =>
  facts
    .flatMap((fact) => ('customer' in fact ? fact.customer.identities : []))
    .filter((i) => i.kind === 'phone');

describe('DEFAULT_PHONE_REGION', () => {
  it('reads a phone written without a country code in the default region when the order names no country', () => {
    // Prepare
    const body = nationalPhoneOrder('(201) 555-0123');

    // Act
    const withRegion = readShopifyWebhook(body, shopifyHeaders('orders/create', body), {
      defaultPhoneRegion: 'US',
    });
    const without = readShopifyWebhook(body, shopifyHeaders('orders/create', body));

    // Assess
    expect(withRegion.kind === 'facts' && phonesOf(withRegion.facts)).toEqual([
      { kind: 'phone', value: '+12015550123' },
    ]);
    expect(without.kind === 'facts' && phonesOf(without.facts)).toEqual([]);
  });

  it('prefers the address’s country to the default region', () => {
    const body = nationalPhoneOrder('020 7946 0958', 'GB');
    const result = readShopifyWebhook(body, shopifyHeaders('orders/create', body), {
      defaultPhoneRegion: 'US',
    });
    expect(result.kind === 'facts' && phonesOf(result.facts)).toEqual([
      { kind: 'phone', value: '+442079460958' },
    ]);
  });

  it('is applied by the receiver to what it stores', async () => {
    // Prepare
    const deps = { ...inMemoryReceiverDeps(), defaultPhoneRegion: 'US' };

    // Act
    const result = await receiveWebhook(
      deps,
      channelRegistry.shopify,
      shopifyRequest('orders/create', nationalPhoneOrder('(201) 555-0123')),
    );

    // Assess
    expect(result.kind).toBe('stored');
    expect(deps.records.ownerOf({ kind: 'phone', value: '+12015550123' })).toBe(
      deps.records.ownerOf({ kind: 'shopify', value: '6001' }),
    );
  });

  it('reads a searched phone the same way', () => {
    expect(parseIdentityText('phone:(201) 555-0123', 'US')).toEqual({ kind: 'phone', value: '+12015550123' });
    expect(parseIdentityText('phone:(201) 555-0123')).toBeUndefined();
  });

  it('accepts a region libphonenumber knows, in either case, or nothing, and refuses anything else at cold start', () => {
    expect(plainSettingSchemas.DEFAULT_PHONE_REGION.parse('gb')).toBe('GB');
    expect(plainSettingSchemas.DEFAULT_PHONE_REGION.parse(undefined)).toBeUndefined();
    expect(plainSettingSchemas.DEFAULT_PHONE_REGION.parse('')).toBeUndefined();
    expect(plainSettingSchemas.DEFAULT_PHONE_REGION.safeParse('XX1').success).toBe(false);
    expect(plainSettingSchemas.DEFAULT_PHONE_REGION.safeParse('ZZ').success).toBe(false);
  });
});

describe('email normalization', () => {
  it('trims and lower-cases only: dots and +tags are different people', () => {
    expect(normalizeEmail('  Ana.Lopez@Gmail.COM ')).toBe('ana.lopez@gmail.com');
    expect(normalizeEmail('a.b@gmail.com')).not.toBe(normalizeEmail('ab@gmail.com'));
    expect(normalizeEmail('bob+shop@example.com')).toBe('bob+shop@example.com');
    expect(normalizeEmail('not an email')).toBeUndefined();
  });
});
