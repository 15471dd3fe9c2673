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

describe('channel names', () => {
  it('name exactly the registered channels, and exactly those with a handshake', async () => {
    const { channelRegistry } = await import('../../shared/channels/channel-registry');
    const { channelNames, handshakeChannelNames } = await import('../../shared/channels/channel-names');
    expect(Object.keys(channelRegistry).sort()).toEqual([...channelNames].sort());
    const withHandshake = Object.entries(channelRegistry)
      .filter(([, adapter]) => 'handshake' in adapter)
      .map(([name]) => name);
    expect(withHandshake.sort()).toEqual([...handshakeChannelNames].sort());
  });
});
