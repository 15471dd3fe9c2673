import { describe, expect, it } from 'vitest';
import { identityFromSearch } from './customer-search';

describe('the customer search box', () => {
  it('reads an email, a phone or kind:value as the API’s identity', () => {
    expect(identityFromSearch(' ana@example.com ')).toBe('email:ana@example.com');
    expect(identityFromSearch('+1 (415) 555-0123')).toBe('phone:+1 (415) 555-0123');
    expect(identityFromSearch('shopify:6000001')).toBe('shopify:6000001');
    expect(identityFromSearch('email:ana@example.com')).toBe('email:ana@example.com');
  });

  it('refuses text that is none of them', () => {
    expect(identityFromSearch('Ana')).toBeUndefined();
    expect(identityFromSearch('')).toBeUndefined();
  });
});
