/**
 * Why two customers became one: they held the same identity, a person merged them by hand, or a
 * person accepted a possible duplicate.
 *
 * @example
 * mergeReasons.includes('manual'); // true
 */
export const mergeReasons = ['same_identity', 'manual', 'duplicate_accepted'] as const;
export type MergeReason = (typeof mergeReasons)[number];

/**
 * How one customer came to be merged into a group, kept on the group's survivor: enough to show
 * the evidence and to split the merge back.
 */
export interface MergeRecord {
  mergedAt: string;
  /** The customer it was merged into: the survivor, or a customer merged into the survivor earlier. */
  parentId: string;
  reason: MergeReason;
  /** The identity both held (`kind:value`), when the merge came from one. */
  linkedBy?: string;
  /** Who decided, for a merge a person made. */
  by?: string;
}

/** What the survivor rule needs of a customer. */
export interface SurvivorCandidate {
  id: string;
  createdAt: string;
}

/**
 * The survivor of a merge: the older customer (first created), the smaller id on a tie, so that
 * every merger of the same two customers picks the same one.
 *
 * @example
 * chooseSurvivor({ id: 'b', createdAt: '2026-01-01' }, { id: 'a', createdAt: '2026-02-01' }).id; // 'b'
 */
export function chooseSurvivor<T extends SurvivorCandidate>(a: T, b: T): T {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? a : b;
  return a.id < b.id ? a : b;
}

/**
 * The members of a group that were merged, directly or through others, into `customerId`:
 * they leave the group with it when it is unmerged.
 *
 * @example
 * membersUnder({ m: { parentId: 's', ... }, d: { parentId: 'm', ... } }, 'm'); // ['d']
 */
export function membersUnder(records: Readonly<Record<string, MergeRecord>>, customerId: string): string[] {
  return Object.keys(records).filter((member) => {
    const seen = new Set<string>();
    let parent = records[member]?.parentId;
    while (parent && !seen.has(parent)) {
      if (parent === customerId) return true;
      seen.add(parent);
      parent = records[parent]?.parentId;
    }
    return false;
  });
}
