import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { RequestError } from '../../shared/http/request-error';

/**
 * Who is calling, from the claims the HTTP API's JWT authorizer (or the local gateway) hands the
 * function: the token's subject, with the email when the token carries one.
 *
 * @example
 * actorOf(event); // 'local-admin' or '3f2a…-sub (ana@shop.com)'
 */
export function actorOf(event: APIGatewayProxyEventV2): string {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  const subject = typeof claims?.sub === 'string' ? claims.sub : 'unknown';
  const email = typeof claims?.email === 'string' ? claims.email : undefined;
  return email ? `${subject} (${email})` : subject;
}

/**
 * The JSON body of a request, validated; an unreadable body is a 400.
 *
 * @example
 * const { mergedId } = jsonBody(event, unmergeBody);
 */
export function jsonBody<T>(event: APIGatewayProxyEventV2, schema: z.ZodMiniType<T>): T {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new RequestError(400, 'invalid_json', 'The request body is not JSON.');
  }
  return schema.parse(value);
}
