import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import { configIdParam, customerIdParam, duplicateIdParam, pageQuery } from '../../shared/http/api-requests';
import { openApiDocument } from '../../shared/http/openapi';
import { alertConfigRoute } from './alert-config-routes';
import { createFromTemplate, listAlerts, listTemplates, testDestination } from './alert-routes';
import type { ApiDeps } from './api-deps';
import {
  audit,
  eraseCustomer,
  exportCustomer,
  getCustomer,
  getTimeline,
  listCustomers,
  mergeByHand,
  unmergeByHand,
} from './customer-routes';
import { decideDuplicate, listPossibleDuplicates } from './duplicate-routes';
import { actorOf, roleOf } from './request-context';
import { getFunnel, getScoringSettings, getSegments, putScoringSettings } from './scoring-routes';

export type { ApiDeps } from './api-deps';

/** The largest request body the marketer API reads (rules, destinations and settings are small). */
export const maxApiBodyBytes = 64 * 1024;

/**
 * The marketer API: customers (by identity or segment, one customer across merges, its timeline,
 * merge, unmerge, export, erase), possible duplicates, the audit log, the quarantine and the
 * OpenAPI document. Authentication happens before this runs: the HTTP API's JWT authorizer in
 * AWS, the local gateway's bearer token check on a laptop. Invalid input throws a zod error
 * (`$ZodError`, answered 400).
 *
 * @example
 * const response = await serveApi(deps, event);
 */
export async function serveApi(deps: ApiDeps, event: APIGatewayProxyEventV2) {
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  const query = event.queryStringParameters ?? {};
  const role = roleOf(event);
  const bodyBytes = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (bodyBytes > maxApiBodyBytes) {
    return errorResponse(
      413,
      'body_too_large',
      `Request bodies are limited to ${maxApiBodyBytes / 1024} KB.`,
    );
  }
  if (!role) {
    return errorResponse(
      403,
      'forbidden',
      'Your account has no role: an admin adds it to the admin or viewer group.',
    );
  }
  if (role !== 'admin' && !readsOnly(method, path)) {
    return errorResponse(403, 'forbidden', 'Viewers can read but not change anything (or export a person).');
  }
  if (method === 'GET' && path === '/api/openapi.json') return jsonResponse(200, openApiDocument());
  const replay = /^\/api\/quarantine\/([0-9a-f]{32})\/replay$/.exec(path);
  if (method === 'POST' && replay?.[1]) return replayQuarantine(deps, replay[1], event);
  if (method === 'GET' && path === '/api/quarantine') {
    const page = pageQuery.parse(query);
    return jsonResponse(200, await deps.quarantine.listNewestFirst(page.limit, page.cursor));
  }
  if (method === 'GET' && path === '/api/audit') {
    const page = pageQuery.parse(query);
    return jsonResponse(200, await deps.audit.listNewestFirst(page.limit, page.cursor));
  }
  if (method === 'GET' && path === '/api/duplicates') return listPossibleDuplicates(deps, query);
  if (method === 'GET' && path === '/api/alerts') return listAlerts(deps, query);
  if (method === 'GET' && path === '/api/alert-templates') return listTemplates();
  const template = /^\/api\/alert-templates\/([a-z_]{1,40})$/.exec(path);
  if (method === 'POST' && template?.[1]) return createFromTemplate(deps, template[1], event);
  const test = /^\/api\/destinations\/([^/]+)\/test$/.exec(path);
  if (method === 'POST' && test?.[1])
    return testDestination(deps, configIdParam.parse(decodePathPart(test[1])), event);
  const config = /^\/api\/(alert-rules|destinations)(?:\/([^/]+))?$/.exec(path);
  if (config?.[1]) {
    const id = config[2] === undefined ? undefined : configIdParam.parse(decodePathPart(config[2]));
    return alertConfigRoute(deps, config[1] === 'alert-rules' ? 'rule' : 'destination', id, event);
  }
  if (method === 'GET' && path === '/api/segments') return getSegments(deps);
  if (method === 'GET' && path === '/api/funnel') return getFunnel(deps, query);
  if (method === 'GET' && path === '/api/settings/scoring') return getScoringSettings(deps);
  if (method === 'PUT' && path === '/api/settings/scoring') return putScoringSettings(deps, event);
  const decision = /^\/api\/duplicates\/([^/]+)\/(accept|dismiss)$/.exec(path);
  if (method === 'POST' && decision?.[1]) {
    const id = duplicateIdParam.parse(decodePathPart(decision[1]));
    return decideDuplicate(deps, id, decision[2] as 'accept' | 'dismiss', event);
  }
  if (path === '/api/customers' && method === 'GET') return listCustomers(deps, query);
  if (path === '/api/customers/merge' && method === 'POST') return mergeByHand(deps, event);
  const customer = /^\/api\/customers\/([^/]+)(?:\/(timeline|export|unmerge))?$/.exec(path);
  if (customer?.[1]) {
    const customerId = customerIdParam.parse(decodePathPart(customer[1]));
    const action = customer[2];
    if (!action && method === 'GET') return getCustomer(deps, customerId);
    if (!action && method === 'DELETE') return eraseCustomer(deps, customerId, event);
    if (action === 'timeline' && method === 'GET') return getTimeline(deps, customerId, query);
    if (action === 'export' && method === 'GET') return exportCustomer(deps, customerId, event);
    if (action === 'unmerge' && method === 'POST') return unmergeByHand(deps, customerId, event);
  }
  return errorResponse(404, 'not_found', `No route for ${method} ${path}`);
}

async function replayQuarantine(deps: ApiDeps, id: string, event: APIGatewayProxyEventV2) {
  const item = await deps.quarantine.get(id);
  if (!item) return errorResponse(404, 'not_found', `No quarantined payload ${id}`);
  const outcome = await deps.receivers.replay(item.channel, id);
  await audit(deps, actorOf(event), 'quarantine.replayed', undefined, {
    id,
    channel: item.channel,
    outcome: outcome.kind === 'replayed' ? outcome.result.kind : outcome.kind,
  });
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

/**
 * True for what a viewer may do: reads, except exporting a person's data (a copy of everything
 * held on them is an admin's decision, and audited).
 */
function readsOnly(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !/\/export$/.test(path);
}

/** A path segment decoded; malformed percent-encoding (`%FF`, `%`, `%zz`) is left as sent, so the id check refuses it with a 400. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
