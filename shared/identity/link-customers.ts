import { type CustomerGroup, groupCustomerIds, identitiesOf } from '../customers/customer-item';
import { type Identity, identityText } from '../domain/identity';
import { decideLink, type LinkSide } from '../domain/link-decision';
import { possibleDuplicateId } from './duplicate-repository';
import type { LinkDeps } from './identity-deps';
import { backOff, type MergeResult, maxMergeAttempts, readPair, writeMerge } from './merge-customers';

/** Two customers a delivery showed to share an identity. */
export interface LinkRequest {
  customerId: string;
  linkedId: string;
  linkedBy: Identity;
}

/** How a link was decided. */
export type LinkResult =
  | MergeResult
  | { kind: 'proposed'; duplicateId: string; reason: string }
  | { kind: 'kept_apart' };

/**
 * Decides a link after the platform has its answer (driven by `customer.linked` from the
 * stream): the two groups are merged unless a guard stops it (a person kept them apart, the
 * identity is shared, or they hold different values of a kind a person has one of); a stopped
 * link becomes a possible duplicate with its evidence. The guards are checked again on every
 * attempt, against the groups as they are when the merge is written.
 *
 * @example
 * await linkCustomers(deps, { customerId: a, linkedId: b, linkedBy: { kind: 'email', value: 'bob@example.com' } });
 */
export async function linkCustomers(deps: LinkDeps, link: LinkRequest): Promise<LinkResult> {
  for (let attempt = 0; attempt < maxMergeAttempts; attempt += 1) {
    if (attempt > 0) await backOff(attempt);
    const pair = await readPair(deps, [link.customerId, link.linkedId]);
    if (pair.kind !== 'pair') return pair;
    const decision = decideLink(side(pair.a), side(pair.b), link.linkedBy, deps.isShared);
    if (decision.kind === 'kept_apart') return decision;
    if (decision.kind === 'propose') {
      const customerIds: [string, string] = [pair.a.survivor.id, pair.b.survivor.id];
      const duplicateId = possibleDuplicateId(...customerIds);
      await deps.duplicates.propose({
        id: duplicateId,
        customerIds,
        reason: decision.reason,
        linkedBy: identityText(link.linkedBy),
        conflicts: decision.conflicts,
        proposedAt: deps.now().toISOString(),
      });
      deps.log.info('possible duplicate proposed', { duplicateId, reason: decision.reason });
      return { kind: 'proposed', duplicateId, reason: decision.reason };
    }
    const merged = await writeMerge(deps, pair.a, pair.b, {
      customerIds: [link.customerId, link.linkedId],
      reason: 'same_identity',
      linkedBy: link.linkedBy,
    });
    if (merged) return merged;
  }
  throw new Error(`customers ${link.customerId} and ${link.linkedId} kept changing while linked`);
}

function side(group: CustomerGroup): LinkSide {
  const all = [group.survivor, ...group.members];
  return {
    customerIds: groupCustomerIds(group),
    identities: all.flatMap(identitiesOf),
    keptApartFrom: all.flatMap((item) => [...(item.keptApartFrom ?? [])]),
  };
}
