import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Role } from '../../shared/http/api-operations';
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
  const subject = subjectOf(event);
  const email = typeof claims?.email === 'string' ? claims.email : undefined;
  return email ? `${subject} (${email})` : subject;
}

export type { Role };

/**
 * The caller's subject (the token's `sub`): the name a conversation is assigned to, and what
 * `assignee=me` means.
 *
 * @example
 * subjectOf(event); // 'local-agent'
 */
export function subjectOf(event: APIGatewayProxyEventV2): string {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  return typeof claims?.sub === 'string' ? claims.sub : 'unknown';
}

/**
 * The caller's role, from the Cognito groups in the token's claims (`cognito:groups`, which API
 * Gateway hands over as `[admin viewer]`): the most a group allows, admin over agent over
 * viewer; none when in no group.
 *
 * @example
 * roleOf(event); // 'viewer'
 */
export function roleOf(event: APIGatewayProxyEventV2): Role | undefined {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } })
    .authorizer?.jwt?.claims;
  const raw = claims?.['cognito:groups'];
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  if (groups.includes('admin')) return 'admin';
  if (groups.includes('agent')) return 'agent';
  if (groups.includes('viewer')) return 'viewer';
  return undefined;
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
