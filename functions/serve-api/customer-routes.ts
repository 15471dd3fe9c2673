import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  type CustomerGroup,
  customerFromGroup,
  groupCustomerIds,
} from '../../shared/customers/customer-item';
import { identityText } from '../../shared/domain/identity';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import {
  identityInQuery,
  type listCustomersQuery,
  type mergeBody,
  type pageQuery,
  type unmergeBody,
} from '../../shared/http/api-requests';
import { mergeCustomers } from '../../shared/identity/merge-customers';
import { erasePerson, exportDocument, gatherPersonData } from '../../shared/identity/person-data';
import { unmergeCustomer } from '../../shared/identity/unmerge-customer';
import type { ApiDeps } from './api-deps';
import { actorOf } from './request-context';

type Page = z.output<typeof pageQuery>;

/** `GET /api/customers?identity=|segment=`: the customer holding an identity, or a segment's customers. */
export async function listCustomers(deps: ApiDeps, query: z.output<typeof listCustomersQuery>) {
  if (query.identity) {
    const identity = identityInQuery(query.identity, deps.defaultPhoneRegion);
    const owners = await deps.identities.findOwners([identity]);
    const ownerId = owners.get(identityText(identity));
    const group = ownerId ? await deps.groups.get(ownerId) : undefined;
    return jsonResponse(200, {
      items: group ? [customerFromGroup(group, deps.baseCurrency)] : [],
      cursor: null,
    });
  }
  const page = await deps.customers.listBySegment(query.segment as string, query.limit, query.cursor);
  const groups = await Promise.all(page.items.map((item) => deps.groups.get(item.id)));
  // A merged-away customer still indexed answers as its survivor, once.
  const seen = new Set<string>();
  const unique = groups.filter((group): group is CustomerGroup => {
    if (!group || seen.has(group.survivor.id)) return false;
    seen.add(group.survivor.id);
    return true;
  });
  return jsonResponse(200, {
    items: unique.map((group) => customerFromGroup(group, deps.baseCurrency)),
    cursor: page.cursor,
  });
}

/** `GET /api/customers/{id}`: the customer (a merged-away id answers with its survivor). */
export async function getCustomer(deps: ApiDeps, customerId: string) {
  const group = await deps.groups.get(customerId);
  if (!group) return notFound(customerId);
  return jsonResponse(200, customerFromGroup(group, deps.baseCurrency));
}

/** `GET /api/customers/{id}/timeline`: every customer of the group, newest first, paged. */
export async function getTimeline(deps: ApiDeps, customerId: string, query: Page) {
  const group = await deps.groups.get(customerId);
  if (!group) return notFound(customerId);
  return jsonResponse(
    200,
    await deps.timeline.listGroupNewestFirst(
      groupCustomerIds(group),
      group.survivor.id,
      query.limit,
      query.cursor,
    ),
  );
}

/** `POST /api/customers/merge {"survivorId","mergedId"}`: a person merges two customers. */
export async function mergeByHand(
  deps: ApiDeps,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof mergeBody>,
) {
  const by = actorOf(event);
  const result = await mergeCustomers(deps, {
    customerIds: [body.survivorId, body.mergedId],
    survivorId: body.survivorId,
    reason: 'manual',
    by,
  });
  if (result.kind === 'not_found') return notFound(result.customerId);
  if (result.kind === 'already_merged') {
    return errorResponse(409, 'already_merged', `The two are one customer already: ${result.survivorId}.`);
  }
  await audit(deps, by, 'customer.merged', result.survivorId, { mergedId: result.mergedId });
  return getCustomer(deps, result.survivorId);
}

/** `POST /api/customers/{survivorId}/unmerge {"mergedId"}`: splits a wrong merge back. */
export async function unmergeByHand(
  deps: ApiDeps,
  survivorId: string,
  event: APIGatewayProxyEventV2,
  body: z.output<typeof unmergeBody>,
) {
  const by = actorOf(event);
  const result = await unmergeCustomer(deps, { survivorId, mergedId: body.mergedId, by });
  if (result.kind === 'not_found') return notFound(result.customerId);
  if (result.kind === 'not_merged') {
    return errorResponse(409, 'not_merged', `${result.mergedId} is not merged into ${result.survivorId}.`);
  }
  await audit(deps, by, 'customer.unmerged', result.survivorId, {
    separatedId: result.separatedId,
    leaving: result.leaving,
  });
  const [survivor, separated] = await Promise.all([
    deps.groups.get(result.survivorId),
    deps.groups.get(result.separatedId),
  ]);
  return jsonResponse(200, {
    customers: [survivor, separated].flatMap((group) =>
      group ? [customerFromGroup(group, deps.baseCurrency)] : [],
    ),
  });
}

/** `GET /api/customers/{id}/export`: every item held on the person, as one JSON document (audited). */
export async function exportCustomer(deps: ApiDeps, customerId: string, event: APIGatewayProxyEventV2) {
  const data = await gatherPersonData(deps, customerId);
  if (!data) return notFound(customerId);
  await audit(deps, actorOf(event), 'customer.exported', data.group.survivor.id, {
    customerIds: groupCustomerIds(data.group),
  });
  return jsonResponse(
    200,
    {
      exportedAt: deps.now().toISOString(),
      customer: customerFromGroup(data.group, deps.baseCurrency),
      ...exportDocument(data),
    },
    { 'content-disposition': `attachment; filename="customer-${data.group.survivor.id}.json"` },
  );
}

/** `DELETE /api/customers/{id}`: erases the person everywhere (audited by id only), `204`. */
export async function eraseCustomer(deps: ApiDeps, customerId: string, event: APIGatewayProxyEventV2) {
  const result = await erasePerson(deps, customerId);
  if (result.kind === 'not_found') return notFound(customerId);
  await audit(deps, actorOf(event), 'customer.erased', customerId, {
    customerIds: result.customerIds,
    items: result.items,
    claims: result.claims,
    orderPointers: result.orderPointers,
  });
  return { statusCode: 204, headers: {}, body: '' };
}

function notFound(customerId: string) {
  return errorResponse(404, 'customer_not_found', `No customer ${customerId}`);
}

/**
 * Records a person's change in the audit log.
 *
 * @example
 * await audit(deps, 'sub-1', 'customer.erased', '01J...', {});
 */
export async function audit(
  deps: ApiDeps,
  actor: string,
  action: string,
  customerId: string | undefined,
  details: Record<string, unknown>,
) {
  const at = deps.now().toISOString();
  await deps.audit.record({
    id: deps.newId(),
    at,
    actor,
    action,
    ...(customerId ? { customerId } : {}),
    details,
  });
}
