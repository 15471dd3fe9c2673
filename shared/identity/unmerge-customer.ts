import { membersUnder } from '../domain/customer-merges';
import { parseCanonicalEvent } from '../events/contracts';
import type { IdentityDeps } from './identity-deps';
import { backOff, maxMergeAttempts } from './merge-customers';

/** A wrong merge to split back. */
export interface UnmergeRequest {
  /** Any id of the group. */
  survivorId: string;
  /** The customer to take back out, with the customers merged into it. */
  mergedId: string;
  by?: string;
}

/** How an unmerge ended. */
export type UnmergeResult =
  | { kind: 'unmerged'; survivorId: string; separatedId: string; leaving: string[] }
  | { kind: 'not_found'; customerId: string }
  | { kind: 'not_merged'; survivorId: string; mergedId: string };

/**
 * Splits a merge back. Each customer kept its own partition, so each gets back exactly what it
 * brought and what arrived since through its own identities; the customers merged into the
 * group through `mergedId` leave with it. The two are then kept apart (a later delivery linking
 * them does not merge them again), and each side's `customer.unmerged` event makes `score`
 * recompute its figures from its own data.
 *
 * @example
 * await unmergeCustomer(deps, { survivorId: 'a', mergedId: 'b', by: 'sub-123' });
 */
export async function unmergeCustomer(deps: IdentityDeps, request: UnmergeRequest): Promise<UnmergeResult> {
  for (let attempt = 0; attempt < maxMergeAttempts; attempt += 1) {
    if (attempt > 0) await backOff(attempt);
    const group = await deps.groups.get(request.survivorId);
    if (!group) return { kind: 'not_found', customerId: request.survivorId };
    const { survivor } = group;
    const records = survivor.members ?? {};
    if (!records[request.mergedId]) {
      return { kind: 'not_merged', survivorId: survivor.id, mergedId: request.mergedId };
    }
    const leaving = membersUnder(records, request.mergedId);
    const now = deps.now().toISOString();
    const revision = (survivor.groupRevision ?? 0) + 1;
    const unmerged = (customerId: string, separatedFrom: string) =>
      parseCanonicalEvent({
        id: `customer.unmerged:${customerId}:${separatedFrom}:${revision}`,
        type: 'customer.unmerged',
        version: 1,
        occurredAt: now,
        customerId,
        channel: 'rapport',
        separatedFrom,
        ...(request.by ? { by: request.by } : {}),
      });
    const written = await deps.groups.unmerge({
      survivor,
      separatedId: request.mergedId,
      leaving,
      events: [unmerged(survivor.id, request.mergedId), unmerged(request.mergedId, survivor.id)],
      now,
    });
    if (written) {
      deps.log.info('customers unmerged', {
        survivorId: survivor.id,
        separatedId: request.mergedId,
        leaving,
      });
      return { kind: 'unmerged', survivorId: survivor.id, separatedId: request.mergedId, leaving };
    }
  }
  throw new Error(`customer ${request.survivorId} kept changing during ${maxMergeAttempts} unmerge attempts`);
}
