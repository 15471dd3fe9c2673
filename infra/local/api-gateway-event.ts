import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpRoute } from '../../shared/http/routes';

/** Content types API Gateway HTTP APIs pass as text; every other body arrives base64-encoded. */
const textContentType = /^(text\/|application\/(json|xml|javascript)|application\/[^;]*\+(json|xml))/i;

/**
 * Builds the API Gateway HTTP API (payload 2.0) event AWS would build for this request:
 * lower-case headers with repeats joined by commas, cookies split out, raw query string, path
 * parameters, and the body base64-encoded unless its content type is text.
 *
 * @example
 * const event = apiGatewayEvent(request, rawBody, route);
 */
export function apiGatewayEvent(
  request: IncomingMessage,
  rawBody: Buffer,
  route: HttpRoute,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = (request.rawHeaders[index] ?? '').toLowerCase();
    const value = request.rawHeaders[index + 1] ?? '';
    if (name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookies = (request.headers.cookie ?? '')
    .split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const contentType = headers['content-type'] ?? '';
  // Bytes that are not UTF-8 travel base64-encoded, so a signed body reaches the verifier exact.
  const isBase64Encoded = rawBody.length > 0 && (!textContentType.test(contentType) || !isUtf8(rawBody));
  const method = request.method ?? 'GET';
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...pathParameters(route.path, url.pathname),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(rawBody.length ? { body: rawBody.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

function pathParameters(pattern: string, path: string): { pathParameters?: Record<string, string> } {
  const names = pattern.split('/');
  const values = path.split('/');
  const parameters: Record<string, string> = {};
  names.forEach((name, index) => {
    const match = /^\{(\w+)(\+?)\}$/.exec(name);
    if (!match?.[1]) return;
    parameters[match[1]] = match[2] ? values.slice(index).join('/') : decodeURIComponent(values[index] ?? '');
  });
  return Object.keys(parameters).length ? { pathParameters: parameters } : {};
}
