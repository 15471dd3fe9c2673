import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RawWebhookRequest } from '../../shared/channels/channel-adapter';

/** The secret the Shopify signature vectors were made with. */
export const shopifyTestSecret = 'hush';

/**
 * The exact bytes of a Shopify fixture file.
 *
 * @example
 * const body = shopifyFixture('orders_create.json');
 */
export function shopifyFixture(name: string): Buffer {
  return readFileSync(join(import.meta.dirname, '..', 'fixtures', 'shopify', name));
}

/**
 * A fixture changed through its parsed JSON, re-serialised (the signature is computed afterwards).
 *
 * @example
 * const body = editedShopifyFixture('orders_create.json', (order) => { order.updated_at = '...'; });
 */
export function editedShopifyFixture(name: string, edit: (body: Record<string, unknown>) => void): Buffer {
  const body = JSON.parse(shopifyFixture(name).toString('utf8')) as Record<string, unknown>;
  edit(body);
  return Buffer.from(JSON.stringify(body));
}

/**
 * The orders_create fixture as another order of another customer (email `c<customerId>@example.com`),
 * so tests and benchmarks sharing a table do not interfere.
 *
 * @example
 * const body = shopifyOrderFor(9001, 7001, (order) => { order.financial_status = 'paid'; });
 */
export function shopifyOrderFor(
  orderId: number,
  customerId: number,
  edit: (order: Record<string, unknown>) => void = () => {},
): Buffer {
  return editedShopifyFixture('orders_create.json', (order) => {
    const email = `c${customerId}@example.com`;
    order.id = orderId;
    order.email = email;
    order.customer = { ...(order.customer as object), id: customerId, email };
    edit(order);
  });
}

/**
 * Base64 HMAC-SHA256 of the body, as Shopify signs it.
 *
 * @example
 * signShopify(body); // '8nAAw2K0...'
 */
export function signShopify(body: Buffer, secret = shopifyTestSecret): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/**
 * The headers Shopify sends with a webhook.
 *
 * @example
 * shopifyHeaders('orders/create', body);
 */
export function shopifyHeaders(
  topic: string,
  body: Buffer,
  webhookId = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
) {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': signShopify(body),
    'x-shopify-shop-domain': 'example.myshopify.com',
    'x-shopify-api-version': '2025-10',
    'x-shopify-webhook-id': webhookId,
    'x-shopify-triggered-at': '2026-11-23T10:00:00.000Z',
  };
}

/**
 * A raw webhook request as the receiver sees it.
 *
 * @example
 * const request = shopifyRequest('orders/create', shopifyFixture('orders_create.json'));
 */
export function shopifyRequest(
  topic: string,
  body: Buffer,
  headers: Record<string, string> = {},
): RawWebhookRequest {
  return {
    method: 'POST',
    path: '/webhooks/shopify',
    rawBody: body,
    headers: { ...shopifyHeaders(topic, body), ...headers },
    query: {},
  };
}

/**
 * An API Gateway v2 event for a request, as AWS builds it.
 *
 * @example
 * const event = apiEvent('GET', '/api/customers/01J...');
 */
export function apiEvent(
  method: string,
  path: string,
  options: {
    query?: Record<string, string>;
    body?: Buffer;
    headers?: Record<string, string>;
    /** Whose token the JWT authorizer accepted (default an admin); `none`: a user in no group. */
    role?: 'admin' | 'agent' | 'viewer' | 'none';
  } = {},
): APIGatewayProxyEventV2 {
  const role = options.role ?? 'admin';
  const groups = role === 'none' ? '[]' : `[${role}]`;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: options.headers ?? {},
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      // What the HTTP API's JWT authorizer adds (APIGatewayProxyEventV2WithJWTAuthorizer).
      ...{ authorizer: { jwt: { claims: { sub: `test-${role}`, 'cognito:groups': groups }, scopes: [] } } },
    },
    ...(options.body ? { body: options.body.toString('base64') } : {}),
    isBase64Encoded: Boolean(options.body),
  };
}
