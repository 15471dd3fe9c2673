import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../shared/http/routes';

describe('matchRoute', () => {
  it('routes like API Gateway: exact paths before parameters, methods respected', () => {
    expect(matchRoute('GET', '/health')?.function).toBe('check-health');
    expect(matchRoute('POST', '/webhooks/shopify')?.function).toBe('receive-shopify');
    expect(matchRoute('POST', '/webhooks/myspace')?.function).toBe('reject-unknown-channel');
    expect(matchRoute('GET', '/webhooks/shopify')?.function).toBe('reject-unknown-channel');
    expect(matchRoute('GET', '/api/customers/abc/timeline')).toMatchObject({
      function: 'serve-api',
      authorized: true,
    });
    expect(matchRoute('GET', '/nothing')).toBeUndefined();
  });
});
