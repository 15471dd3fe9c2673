import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { customerFromGroup } from '../../shared/customers/customer-item';
import { errorResponse, jsonResponse } from '../../shared/http/api-gateway';
import type { pageQuery } from '../../shared/http/api-requests';
import { acceptDuplicate, dismissDuplicate, listDuplicates } from '../../shared/identity/review-duplicates';
import type { ApiDeps } from './api-deps';
import { audit, getCustomer } from './customer-routes';
import { actorOf } from './request-context';

/** `GET /api/duplicates`: possible duplicates awaiting a decision, both customers side by side. */
export async function listPossibleDuplicates(deps: ApiDeps, query: z.output<typeof pageQuery>) {
  const page = await listDuplicates(deps, query.limit, query.cursor);
  return jsonResponse(200, {
    items: page.items.map(({ duplicate, groups }) => ({
      id: duplicate.id,
      reason: duplicate.reason,
      proposedAt: duplicate.proposedAt,
      evidence: { linkedBy: duplicate.linkedBy, conflicts: duplicate.conflicts },
      customers: groups.map((group) => customerFromGroup(group, deps.baseCurrency)),
    })),
    cursor: page.cursor,
  });
}

/** `POST /api/duplicates/{id}/accept` (merges) and `.../dismiss` (stops proposing them), audited. */
export async function decideDuplicate(
  deps: ApiDeps,
  id: string,
  decision: 'accept' | 'dismiss',
  event: APIGatewayProxyEventV2,
) {
  const by = actorOf(event);
  const result =
    decision === 'accept' ? await acceptDuplicate(deps, id, by) : await dismissDuplicate(deps, id);
  if (result.kind === 'no_such_duplicate') {
    return errorResponse(404, 'duplicate_not_found', `No possible duplicate ${id}`);
  }
  if (result.kind === 'not_found') {
    return errorResponse(404, 'customer_not_found', `No customer ${result.customerId}`);
  }
  await audit(deps, by, `duplicate.${decision === 'accept' ? 'accepted' : 'dismissed'}`, undefined, {
    duplicateId: id,
    ...(result.kind === 'dismissed' ? { customerIds: result.customerIds } : {}),
    ...(result.kind === 'merged' ? { survivorId: result.survivorId, mergedId: result.mergedId } : {}),
  });
  if (result.kind === 'dismissed')
    return jsonResponse(200, { dismissed: true, customerIds: result.customerIds });
  return getCustomer(deps, result.survivorId);
}
