/**
 * The HTTP routes of Rapport and the function serving each. The CDK stack and the local gateway
 * are both built from this table.
 */

import { type ChannelName, channelNames, handshakeChannelNames } from '../channels/channel-names';

/** Channels with a receiver; each has `functions/receive-<channel>/handler.ts`. */
export type WebhookChannel = ChannelName;
/**
 * webhookChannels.
 *
 * @example
 * webhookChannels.map((channel) => `/webhooks/${channel}`);
 */
export const webhookChannels: ReadonlyArray<WebhookChannel> = channelNames;

/**
 * Channels that answer a `GET` verification handshake.
 *
 * @example
 * handshakeChannels; // ['meta', 'wechat', 'x']
 */
export const handshakeChannels: ReadonlyArray<WebhookChannel> = handshakeChannelNames;

/** Functions behind the HTTP API, by folder name under `functions/`. */
export type HttpFunction =
  | 'check-health'
  | 'reject-unknown-channel'
  | 'serve-api'
  | `receive-${WebhookChannel}`;

/** One route: API Gateway route key syntax (`{name}` parameters, `{proxy+}` greedy). */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  function: HttpFunction;
  /** Requires the marketer's bearer token (JWT authorizer in AWS). */
  authorized: boolean;
}

/**
 * Every route, most specific first.
 *
 * @example
 * httpRoutes.find((route) => route.path === '/health')?.function; // 'check-health'
 */
export const httpRoutes: ReadonlyArray<HttpRoute> = [
  { method: 'GET', path: '/health', function: 'check-health', authorized: false },
  ...webhookChannels.map((channel) => ({
    method: 'POST' as const,
    path: `/webhooks/${channel}`,
    function: `receive-${channel}` as const,
    authorized: false,
  })),
  ...handshakeChannels.map((channel) => ({
    method: 'GET' as const,
    path: `/webhooks/${channel}`,
    function: `receive-${channel}` as const,
    authorized: false,
  })),
  { method: 'ANY', path: '/webhooks/{channel}', function: 'reject-unknown-channel', authorized: false },
  { method: 'ANY', path: '/api/{proxy+}', function: 'serve-api', authorized: true },
];

/**
 * Finds the route of a request the way API Gateway does: exact paths before parameters.
 *
 * @example
 * matchRoute('POST', '/webhooks/shopify')?.function; // 'receive-shopify'
 */
export function matchRoute(method: string, path: string): HttpRoute | undefined {
  return httpRoutes.find((route) => {
    if (route.method !== 'ANY' && route.method !== method) return false;
    const pattern = route.path
      .split('/')
      .map((part) => {
        if (part.endsWith('+}')) return '.+';
        if (part.startsWith('{')) return '[^/]+';
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return new RegExp(`^${pattern}$`).test(path);
  });
}
