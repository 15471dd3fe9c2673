import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactCustomer, messagingCustomer } from '../../shared/channels/facts-builder';
import { normalizeDeliveredPhone, normalizePhone } from '../../shared/domain/identity';

describe('normalizeDeliveredPhone', () => {
  it('keeps a sender in a range the metadata does not call valid, when the number is possible', () => {
    // +44 7700 900xxx is reserved for drama: libphonenumber calls it invalid, yet possible.
    expect(normalizePhone('+447700900123')).toBeUndefined();
    expect(normalizeDeliveredPhone('+447700900123')).toBe('+447700900123');
  });

  it('refuses a number that cannot exist in its country (wrong length) or has no country code', () => {
    expect(normalizeDeliveredPhone('+4477')).toBeUndefined();
    expect(normalizeDeliveredPhone('+1415555012345678')).toBeUndefined();
    expect(normalizeDeliveredPhone('4155550123')).toBeUndefined();
    expect(normalizeDeliveredPhone('')).toBeUndefined();
  });

  it('never rewrites the number it was given: one that reads differently once parsed is refused', () => {
    // +43 0… carries Austria's national prefix after the country code: not E.164 as delivered.
    expect(normalizeDeliveredPhone('+4300000')).toBeUndefined();
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,14}$/), (raw) => {
        const delivered = normalizeDeliveredPhone(raw);
        if (delivered) expect(delivered).toBe(raw);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every valid number given in E.164, and returns only E.164', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,14}$/), (raw) => {
        const strict = normalizePhone(raw);
        const delivered = normalizeDeliveredPhone(raw);
        if (strict === raw) expect(delivered).toBe(strict);
        if (delivered) expect(delivered).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('phones on customer facts', () => {
  it('keeps the possible number a messaging network delivered from as the customer’s phone identity', () => {
    const customer = messagingCustomer(
      { kind: 'whatsapp', value: '447700900123' },
      { phone: '+447700900123' },
    );
    expect(customer.identities).toContainEqual({ kind: 'phone', value: '+447700900123' });
    expect(customer.phones).toEqual(['+447700900123']);
  });

  it('drops the same number typed into an order form, where only valid numbers count', () => {
    const customer = contactCustomer(
      { kind: 'storefront', value: 'c1' },
      { emails: [], phones: ['+447700900123'] },
    );
    expect(customer.phones).toEqual([]);
  });
});
