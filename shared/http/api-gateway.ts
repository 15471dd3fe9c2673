import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RawWebhookRequest } from '../channels/channel-adapter';

/**
 * Turns an API Gateway HTTP API (payload v2) event into the exact request the platform sent:
 * base64 bodies decoded to their raw bytes, headers already lower-cased by API Gateway.
 *
 * @example
 * const request = toRawRequest(event);
 * request.rawBody.toString('utf8');
 */
export function toRawRequest(event: APIGatewayProxyEventV2): RawWebhookRequest {
  const body = event.body ?? '';
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    rawBody: event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
    headers: lowerCaseKeys(event.headers ?? {}),
    query: event.queryStringParameters ?? {},
    rawQuery: event.rawQueryString ?? '',
  };
}

function lowerCaseKeys(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  const lower: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

/**
 * A JSON response.
 *
 * @example
 * jsonResponse(200, { ok: true });
 */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  } satisfies APIGatewayProxyStructuredResultV2;
}

/**
 * The error body of the public contract: `{"error": "<code>", "message": "<human text>"}`.
 *
 * @example
 * errorResponse(401, 'bad_signature', 'The signature does not match the body.');
 */
export function errorResponse(
  statusCode: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return jsonResponse(statusCode, { error, message, ...extra });
}
