import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { identityText } from '../../shared/domain/identity';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import { openApiDocument } from '../../shared/http/openapi';
import type { ReceiverInvoker } from '../../shared/receivers/receiver-invoker';
import { customerFromItem } from '../../shared/store/customer-item';
import type { CustomerRepository } from '../../shared/store/customer-repository';
import type { IdentityRepository } from '../../shared/store/identity-repository';
import type { QuarantineRepository } from '../../shared/store/quarantine-repository';
import type { TimelineRepository } from '../../shared/store/timeline-repository';
import { customerIdParam, listCustomersQuery, pageQuery } from './api-requests';

/** What the marketer API needs. */
export interface ApiDeps {
  customers: CustomerRepository;
  identities: IdentityRepository;
  timeline: TimelineRepository;
  quarantine: QuarantineRepository;
  receivers: ReceiverInvoker;
  baseCurrency: string;
}

/**
 * The marketer API (first slice: customers by identity or segment, one customer, its timeline,
 * the quarantine list and the OpenAPI document).
 * Authentication happens before this runs: the HTTP API's JWT authorizer in AWS, the local
 * gateway's bearer token check on a laptop. Invalid input throws a zod error (`$ZodError`, answered 400).
 *
 * @example
 * const response = await serveApi(deps, event);
 */
export async function serveApi(deps: ApiDeps, event: APIGatewayProxyEventV2) {
  const method = event.requestContext.http.method;
  const parts = event.rawPath.split('/').filter(Boolean); // ['api', 'customers', id?, 'timeline'?]
  if (method === 'GET' && event.rawPath === '/api/openapi.json') return jsonResponse(200, openApiDocument());
  const replay = /^\/api\/quarantine\/([0-9a-f]{32})\/replay$/.exec(event.rawPath);
  if (method === 'POST' && replay?.[1]) return replayQuarantine(deps, replay[1]);
  if (method === 'GET' && event.rawPath === '/api/quarantine') {
    const query = pageQuery.parse(event.queryStringParameters ?? {});
    return jsonResponse(200, await deps.quarantine.listNewestFirst(query.limit, query.cursor));
  }
  if (method !== 'GET' || parts[0] !== 'api' || parts[1] !== 'customers' || parts.length > 4) {
    return errorResponse(404, 'not_found', `No route for ${method} ${event.rawPath}`);
  }
  const query = event.queryStringParameters ?? {};
  if (parts.length === 2) return listCustomers(deps, query);
  const customerId = customerIdParam.parse(decodePathPart(parts[2] ?? ''));
  if (parts.length === 3) return getCustomer(deps, customerId);
  if (parts[3] === 'timeline') return getTimeline(deps, customerId, query);
  return errorResponse(404, 'not_found', `No route for ${method} ${event.rawPath}`);
}

async function listCustomers(deps: ApiDeps, rawQuery: Record<string, string | undefined>) {
  const query = listCustomersQuery.parse(rawQuery);
  if (query.identity) {
    const owners = await deps.identities.findOwners([query.identity]);
    const ownerId = owners.get(identityText(query.identity));
    const item = ownerId ? await deps.customers.get(ownerId) : undefined;
    return jsonResponse(200, {
      items: item ? [customerFromItem(item, deps.baseCurrency)] : [],
      cursor: null,
    });
  }
  const page = await deps.customers.listBySegment(query.segment as string, query.limit, query.cursor);
  return jsonResponse(200, {
    items: page.items.map((item) => customerFromItem(item, deps.baseCurrency)),
    cursor: page.cursor,
  });
}

async function getCustomer(deps: ApiDeps, customerId: string) {
  const item = await deps.customers.get(customerId);
  if (!item) return errorResponse(404, 'customer_not_found', `No customer ${customerId}`);
  return jsonResponse(200, customerFromItem(item, deps.baseCurrency));
}

async function getTimeline(deps: ApiDeps, customerId: string, rawQuery: Record<string, string | undefined>) {
  const query = pageQuery.parse(rawQuery);
  const item = await deps.customers.get(customerId);
  if (!item) return errorResponse(404, 'customer_not_found', `No customer ${customerId}`);
  return jsonResponse(200, await deps.timeline.listNewestFirst(customerId, query.limit, query.cursor));
}

async function replayQuarantine(deps: ApiDeps, id: string) {
  const item = await deps.quarantine.get(id);
  if (!item) return errorResponse(404, 'not_found', `No quarantined payload ${id}`);
  const outcome = await deps.receivers.replay(item.channel, id);
  if (outcome.kind === 'not_found')
    return errorResponse(404, 'not_found', `No receiver for channel ${item.channel}`);
  if (outcome.kind === 'not_configured') {
    return errorResponse(
      409,
      'channel_not_configured',
      `The ${item.channel} channel has no secret configured.`,
    );
  }
  const { result } = outcome;
  if (result.kind === 'quarantined') {
    return errorResponse(422, 'still_invalid', 'The payload still cannot be read.', {
      reason: result.reason,
    });
  }
  return jsonResponse(200, { ok: true, status: result.kind });
}

/** A path segment decoded; malformed percent-encoding (`%FF`, `%`, `%zz`) is left as sent, so the id check refuses it with a 400. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
