import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Stored } from '../../shared/alerts/alert-config-repository';
import { type AlertRule, alertRuleSchema } from '../../shared/alerts/alert-rule';
import { type Destination, destinationSchema, destinationUrl } from '../../shared/alerts/destination';
import { urlRefusal } from '../../shared/delivery/destination-url';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import { RequestError } from '../../shared/http/request-error';
import type { ApiDeps } from './api-deps';
import { audit } from './customer-routes';
import { actorOf, jsonBody } from './request-context';

type Kind = 'rule' | 'destination';

/*
 * `/api/alert-rules` and `/api/destinations`: list, create, read, replace, delete. Input is
 * validated with zod (a 400 says what is wrong), a rule may only name existing destinations, a
 * destination URL must be https (plain http to loopback only under `npm start`), secrets are never
 * returned in full, and every change is audited.
 */

/** `GET /api/alert-rules` · `GET /api/destinations`: newest first, destinations masked. */
export async function listConfig(deps: ApiDeps, kind: Kind, query: { limit: number; cursor?: string }) {
  const page = await deps.alertConfig.list(kind, query.limit, query.cursor);
  return jsonResponse(200, { items: page.items.map((item) => shown(kind, item)), cursor: page.cursor });
}

/** `POST /api/alert-rules` · `POST /api/destinations` (audited). */
export async function createConfig(deps: ApiDeps, kind: Kind, event: APIGatewayProxyEventV2) {
  const value = await validated(deps, kind, event);
  const newId = deps.newId();
  const now = deps.now().toISOString();
  await deps.alertConfig.put(kind, newId, value as never, now);
  await audit(deps, actorOf(event), `${label(kind)}.created`, undefined, { id: newId });
  return jsonResponse(201, shown(kind, { ...value, id: newId, createdAt: now, updatedAt: now }));
}

/** `GET /api/alert-rules/{id}` · `GET /api/destinations/{id}`. */
export async function getConfig(deps: ApiDeps, kind: Kind, id: string) {
  const stored = await deps.alertConfig.get(kind, id);
  if (!stored) return notFound(kind, id);
  return jsonResponse(200, shown(kind, stored));
}

/** `PUT /api/alert-rules/{id}` · `PUT /api/destinations/{id}` (a left-out secret is kept; audited). */
export async function replaceConfig(deps: ApiDeps, kind: Kind, id: string, event: APIGatewayProxyEventV2) {
  const stored = await deps.alertConfig.get(kind, id);
  if (!stored) return notFound(kind, id);
  const value = await validated(deps, kind, event, stored);
  const now = deps.now().toISOString();
  await deps.alertConfig.put(kind, id, value as never, now, {
    createdAt: stored.createdAt,
    mustExist: true,
  });
  await audit(deps, actorOf(event), `${label(kind)}.changed`, undefined, { id });
  return jsonResponse(200, shown(kind, { ...value, id, createdAt: stored.createdAt, updatedAt: now }));
}

/** `DELETE /api/alert-rules/{id}` · `DELETE /api/destinations/{id}` (409 while a rule sends to it; audited). */
export async function deleteConfig(deps: ApiDeps, kind: Kind, id: string, event: APIGatewayProxyEventV2) {
  const stored = await deps.alertConfig.get(kind, id);
  if (!stored) return notFound(kind, id);
  if (kind === 'destination') {
    const users = await rulesNaming(deps, id);
    if (users.length > 0) {
      return errorResponse(409, 'destination_in_use', `Rules still send to it: ${users.join(', ')}`);
    }
  }
  await deps.alertConfig.remove(kind, id);
  await audit(deps, actorOf(event), `${label(kind)}.deleted`, undefined, { id });
  return { statusCode: 204, headers: {}, body: '' };
}

function notFound(kind: Kind, id: string) {
  return errorResponse(404, `${label(kind)}_not_found`, `No ${label(kind).replace('_', ' ')} ${id}`);
}

function label(kind: Kind): string {
  return kind === 'rule' ? 'alert_rule' : 'destination';
}

async function validated(
  deps: ApiDeps,
  kind: Kind,
  event: APIGatewayProxyEventV2,
  stored?: Stored<AlertRule> | Stored<Destination>,
): Promise<AlertRule | Destination> {
  if (kind === 'rule') {
    const rule = jsonBody(event, alertRuleSchema);
    for (const destinationId of rule.destinations) {
      if (!(await deps.alertConfig.get('destination', destinationId))) {
        throw new RequestError(400, 'unknown_destination', `No destination ${destinationId}`);
      }
    }
    return rule;
  }
  const destination = jsonBody(event, destinationSchema);
  // A PUT that leaves the secret out keeps the stored one (the API never shows it in full).
  if (stored && 'secret' in stored && stored.secret && !('secret' in destination && destination.secret)) {
    Object.assign(destination, { secret: stored.secret });
  }
  const target = destinationUrl(destination);
  const refusal = target
    ? urlRefusal(target, { allowLoopbackHttp: deps.allowLoopbackDestinations })
    : undefined;
  if (refusal)
    throw new RequestError(400, 'unsafe_destination', `The destination URL is refused: ${refusal}.`);
  return destination;
}

/** A rule as stored; a destination with its secret and the secret part of its URL masked. */
function shown(kind: Kind, item: Record<string, unknown>) {
  if (kind === 'rule') return item;
  const masked: Record<string, unknown> = { ...item };
  if (typeof masked.secret === 'string') masked.secret = mask(masked.secret);
  for (const field of ['url', 'webhookUrl'] as const) {
    if (typeof masked[field] === 'string') masked[field] = maskUrl(masked[field] as string);
  }
  return masked;
}

function mask(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/** Robot and Slack URLs carry their credential in the path or query: only the host and a hint are shown. */
function maskUrl(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}/••••${target.slice(-4)}`;
  } catch {
    return '••••';
  }
}

async function rulesNaming(deps: ApiDeps, destinationId: string): Promise<string[]> {
  const rules = await deps.alertConfig.listAll('rule');
  return rules.filter((rule) => rule.destinations.includes(destinationId)).map((rule) => rule.id);
}
