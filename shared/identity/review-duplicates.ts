import type { CustomerGroup } from '../customers/customer-item';
import { parseIdentityText } from '../domain/identity';
import type { PossibleDuplicate } from './duplicate-repository';
import type { IdentityDeps } from './identity-deps';
import { type MergeResult, mergeCustomers } from './merge-customers';

/** A possible duplicate with the two customers as they are now. */
export interface DuplicateForReview {
  duplicate: PossibleDuplicate;
  groups: [CustomerGroup, CustomerGroup];
}

/**
 * One page of possible duplicates with both customers as they are now. A proposal whose two
 * customers have since become one (merged another way) or gone (erased) is taken off the queue.
 *
 * @example
 * const { items, cursor } = await listDuplicates(deps, 25);
 */
export async function listDuplicates(
  deps: IdentityDeps,
  limit: number,
  cursor?: string,
): Promise<{ items: DuplicateForReview[]; cursor: string | null }> {
  const page = await deps.duplicates.listNewestFirst(limit, cursor);
  const reviewed = await Promise.all(
    page.items.map(async (duplicate): Promise<DuplicateForReview | undefined> => {
      const [a, b] = await Promise.all(duplicate.customerIds.map((id) => deps.groups.get(id)));
      if (a && b && a.survivor.id !== b.survivor.id) return { duplicate, groups: [a, b] };
      await deps.duplicates.remove(duplicate.id);
      return undefined;
    }),
  );
  return { items: reviewed.filter((item): item is DuplicateForReview => Boolean(item)), cursor: page.cursor };
}

/** How a person's decision on a possible duplicate ended. */
export type DuplicateDecision =
  | MergeResult
  | { kind: 'dismissed'; customerIds: [string, string] }
  | { kind: 'no_such_duplicate' };

/**
 * Accepts a possible duplicate: the two are merged (the older survives) with the proposal's
 * evidence and the person's name, and the proposal leaves the queue.
 *
 * @example
 * await acceptDuplicate(deps, duplicateId, 'sub-123');
 */
export async function acceptDuplicate(
  deps: IdentityDeps,
  id: string,
  by: string,
): Promise<DuplicateDecision> {
  const duplicate = await deps.duplicates.get(id);
  if (!duplicate) return { kind: 'no_such_duplicate' };
  const linkedBy = parseIdentityText(duplicate.linkedBy);
  const result = await mergeCustomers(deps, {
    customerIds: duplicate.customerIds,
    reason: 'duplicate_accepted',
    ...(linkedBy ? { linkedBy } : {}),
    by,
  });
  if (result.kind !== 'not_found') await deps.duplicates.remove(id);
  return result;
}

/**
 * Dismisses a possible duplicate: the two are kept apart, so no later link proposes or merges
 * them again, and the proposal leaves the queue.
 *
 * @example
 * await dismissDuplicate(deps, duplicateId);
 */
export async function dismissDuplicate(deps: IdentityDeps, id: string): Promise<DuplicateDecision> {
  const duplicate = await deps.duplicates.get(id);
  if (!duplicate) return { kind: 'no_such_duplicate' };
  const [a, b] = duplicate.customerIds;
  const groups = await Promise.all([deps.groups.get(a), deps.groups.get(b)]);
  // Kept apart at the survivors of today (a proposal's customers may have been merged since).
  await deps.groups.keepApart(groups[0]?.survivor.id ?? a, groups[1]?.survivor.id ?? b);
  await deps.duplicates.remove(id);
  return { kind: 'dismissed', customerIds: duplicate.customerIds };
}
