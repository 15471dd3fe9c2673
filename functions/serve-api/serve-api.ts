import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import {
  type ApiOperation,
  apiOperations,
  type OperationId,
  roleAllows,
} from '../../shared/http/api-operations';
import { openApiDocument } from '../../shared/http/openapi';
import { createConfig, deleteConfig, getConfig, listConfig, replaceConfig } from './alert-config-routes';
import { createFromTemplate, listAlerts, listTemplates, testDestination } from './alert-routes';
import type { ApiDeps } from './api-deps';
import {
  createCampaign,
  endCampaign,
  exportCampaignMembers,
  getCampaign,
  getCampaignResults,
  listCampaignMembers,
  listCampaigns,
} from './campaign-routes';
import {
  changeConversation,
  getConversation,
  listConversations,
  listMessageTemplates,
  postMessage,
  replaceMessageTemplates,
} from './conversation-routes';
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
import { actorOf, jsonBody, roleOf, subjectOf } from './request-context';
import { getFunnel, getScoringSettings, getSegments, putScoringSettings } from './scoring-routes';

export type { ApiDeps } from './api-deps';

/** The largest request body the marketer API reads (rules, destinations and settings are small). */
export const maxApiBodyBytes = 64 * 1024;

/** What a handler gets: the path parameters, query and body, validated with its operation's schemas. */
type RequestOf<Id extends OperationId> = {
  params: Record<string, string>;
  query: (typeof apiOperations)[Id] extends { query: infer Q extends z.ZodMiniType }
    ? z.output<Q>
    : undefined;
  body: (typeof apiOperations)[Id] extends { body: infer B extends z.ZodMiniType } ? z.output<B> : undefined;
  event: APIGatewayProxyEventV2;
};

type ApiAnswer = { statusCode: number; headers: Record<string, string>; body: string };

/** The handler of every operation of `apiOperations` (the compiler checks none is missing). */
const handlers: { [Id in OperationId]: (deps: ApiDeps, request: RequestOf<Id>) => Promise<ApiAnswer> } = {
  listCustomers: (deps, { query }) => listCustomers(deps, query),
  mergeCustomers: (deps, { event, body }) => mergeByHand(deps, event, body),
  getCustomer: (deps, { params }) => getCustomer(deps, id(params)),
  eraseCustomer: (deps, { params, event }) => eraseCustomer(deps, id(params), event),
  getTimeline: (deps, { params, query }) => getTimeline(deps, id(params), query),
  exportCustomer: (deps, { params, event }) => exportCustomer(deps, id(params), event),
  unmergeCustomer: (deps, { params, event, body }) => unmergeByHand(deps, id(params), event, body),
  listDuplicates: (deps, { query }) => listPossibleDuplicates(deps, query),
  acceptDuplicate: (deps, { params, event }) => decideDuplicate(deps, id(params), 'accept', event),
  dismissDuplicate: (deps, { params, event }) => decideDuplicate(deps, id(params), 'dismiss', event),
  getSegments: (deps) => getSegments(deps),
  getFunnel: (deps, { query }) => getFunnel(deps, query),
  getScoringSettings: (deps) => getScoringSettings(deps),
  changeScoringSettings: (deps, { event, body }) => putScoringSettings(deps, event, body),
  listAudit: async (deps, { query }) =>
    jsonResponse(200, await deps.audit.listNewestFirst(query.limit, query.cursor)),
  listAlertRules: (deps, { query }) => listConfig(deps, 'rule', query),
  createAlertRule: (deps, { event }) => createConfig(deps, 'rule', event),
  getAlertRule: (deps, { params }) => getConfig(deps, 'rule', id(params)),
  replaceAlertRule: (deps, { params, event }) => replaceConfig(deps, 'rule', id(params), event),
  deleteAlertRule: (deps, { params, event }) => deleteConfig(deps, 'rule', id(params), event),
  listDestinations: (deps, { query }) => listConfig(deps, 'destination', query),
  createDestination: (deps, { event }) => createConfig(deps, 'destination', event),
  getDestination: (deps, { params }) => getConfig(deps, 'destination', id(params)),
  replaceDestination: (deps, { params, event }) => replaceConfig(deps, 'destination', id(params), event),
  deleteDestination: (deps, { params, event }) => deleteConfig(deps, 'destination', id(params), event),
  testDestination: (deps, { params, event }) => testDestination(deps, id(params), event),
  listAlertTemplates: async () => listTemplates(),
  createFromTemplate: (deps, { params, event, body }) =>
    createFromTemplate(deps, params.name as string, event, body),
  listAlerts: (deps, { query }) => listAlerts(deps, query),
  listQuarantine: async (deps, { query }) =>
    jsonResponse(200, await deps.quarantine.listNewestFirst(query.limit, query.cursor)),
  replayQuarantine: (deps, { params, event }) => replayQuarantine(deps, id(params), event),
  listCampaigns: (deps, { query }) => listCampaigns(deps, query),
  createCampaign: (deps, { event, body }) => createCampaign(deps, event, body),
  getCampaign: (deps, { params }) => getCampaign(deps, id(params)),
  endCampaign: (deps, { params, event }) => endCampaign(deps, id(params), event),
  listCampaignMembers: (deps, { params, query }) => listCampaignMembers(deps, id(params), query),
  exportCampaignMembers: (deps, { params, query, event }) =>
    exportCampaignMembers(deps, id(params), query, event),
  getCampaignResults: (deps, { params }) => getCampaignResults(deps, id(params)),
  listConversations: (deps, { query, event }) => listConversations(deps, query, event),
  getConversation: (deps, { params }) => getConversation(deps, id(params)),
  changeConversation: (deps, { params, event, body }) => changeConversation(deps, id(params), event, body),
  postConversationMessage: (deps, { params, event, body }) => postMessage(deps, id(params), event, body),
  listMessageTemplates: (deps) => listMessageTemplates(deps),
  replaceMessageTemplates: (deps, { event, body }) => replaceMessageTemplates(deps, event, body),
  getCaller: async (_deps, { event }) =>
    jsonResponse(200, { actor: actorOf(event), subject: subjectOf(event), role: roleOf(event) }),
  getOpenApi: async () => jsonResponse(200, openApiDocument()),
};

const id = (params: Record<string, string>) => params.id as string;

/**
 * The marketer API: finds the operation of the request in `apiOperations`, refuses a caller whose
 * role may not call it (403), validates its path parameters, query and body with the operation's
 * zod schemas (a `$ZodError`, answered 400 with the issues) and runs its handler. Authentication
 * happens before this runs: the HTTP API's JWT authorizer in AWS, the local gateway's bearer token
 * check on a laptop.
 *
 * @example
 * const response = await serveApi(deps, event);
 */
export async function serveApi(deps: ApiDeps, event: APIGatewayProxyEventV2): Promise<ApiAnswer> {
  const method = event.requestContext.http.method;
  const path = event.rawPath;
  const bodyBytes = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (bodyBytes > maxApiBodyBytes) {
    return errorResponse(
      413,
      'body_too_large',
      `Request bodies are limited to ${maxApiBodyBytes / 1024} KB.`,
    );
  }
  const role = roleOf(event);
  if (!role) {
    return errorResponse(
      403,
      'forbidden',
      'Your account has no role: an admin adds it to the admin, agent or viewer group.',
    );
  }
  const found = findOperation(method, path);
  if (found.kind === 'no_path') return errorResponse(404, 'not_found', `No route for ${method} ${path}`);
  if (found.kind === 'no_method') {
    return errorResponse(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
  }
  const { operationId, operation, rawParams } = found;
  if (!roleAllows(role, operation.role)) {
    return errorResponse(
      403,
      'forbidden',
      operation.role === 'agent'
        ? 'Only agents and admins answer customers and change conversations; viewers read.'
        : role === 'agent'
          ? 'Agents answer customers; changing anything else is for admins.'
          : 'Viewers can read but not change anything (or export a person).',
    );
  }
  const params = Object.fromEntries(
    Object.entries(operation.params ?? {}).map(([name, schema]) => [
      name,
      schema.parse(decodePathPart(rawParams[name] ?? '')),
    ]),
  );
  const query = operation.query?.parse(event.queryStringParameters ?? {});
  const body = operation.body ? jsonBody(event, operation.body) : undefined;
  const handler = handlers[operationId] as (
    deps: ApiDeps,
    request: RequestOf<OperationId>,
  ) => Promise<ApiAnswer>;
  return handler(deps, { params, query, body, event } as RequestOf<OperationId>);
}

type Found =
  | { kind: 'found'; operationId: OperationId; operation: ApiOperation; rawParams: Record<string, string> }
  | { kind: 'no_path' }
  | { kind: 'no_method' };

/** Paths without parameters first, so `/api/customers/merge` is not read as a customer id. */
const routable = (Object.entries(apiOperations) as [OperationId, ApiOperation][])
  .map(([operationId, operation]) => ({
    operationId,
    operation,
    names: [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string),
    pattern: new RegExp(`^${operation.path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '([^/]+)')}$`),
  }))
  .sort((a, b) => a.names.length - b.names.length);

function findOperation(method: string, path: string): Found {
  let pathExists = false;
  for (const candidate of routable) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    pathExists = true;
    if (candidate.operation.method !== method.toLowerCase()) continue;
    return {
      kind: 'found',
      operationId: candidate.operationId,
      operation: candidate.operation,
      rawParams: Object.fromEntries(candidate.names.map((name, index) => [name, match[index + 1] as string])),
    };
  }
  return pathExists ? { kind: 'no_method' } : { kind: 'no_path' };
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

/** A path segment decoded; malformed percent-encoding (`%FF`, `%`, `%zz`) is left as sent, so the id check refuses it with a 400. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
