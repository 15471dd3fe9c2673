import type { CustomerGroup } from '../customers/customer-item';
import { chooseSurvivor, type MergeReason, type MergeRecord } from '../domain/customer-merges';
import type { Identity } from '../domain/identity';
import { identityText } from '../domain/identity';
import { parseCanonicalEvent } from '../events/contracts';
import type { IdentityDeps } from './identity-deps';

/** A merge to make: two customers (any of their ids), why, and who decided. */
export interface MergeRequest {
  customerIds: [string, string];
  reason: MergeReason;
  /** The survivor a person chose (any id of its group); otherwise the older customer survives. */
  survivorId?: string;
  linkedBy?: Identity;
  by?: string;
}

/** How a merge ended. */
export type MergeResult =
  | { kind: 'merged'; survivorId: string; mergedId: string }
  | { kind: 'already_merged'; survivorId: string }
  | { kind: 'not_found'; customerId: string };

/**
 * Merges the groups of two customers into one. The survivor is the older customer (the first
 * created; the smaller id on a tie) unless a person named one. Nothing is copied: the merged
 * customer and its members point at the survivor, which lists them with the evidence; the write
 * is one transaction of the two profiles, one pointer per member already merged into the merged
 * customer, and the `customer.merged` event, conditional on neither group having changed since it
 * was read, so concurrent merges of overlapping customers re-read and converge on one survivor.
 *
 * @example
 * await mergeCustomers(deps, { customerIds: [a, b], reason: 'same_identity', linkedBy: { kind: 'phone', value: '+14155550123' } });
 */
export async function mergeCustomers(deps: IdentityDeps, request: MergeRequest): Promise<MergeResult> {
  for (let attempt = 0; attempt < maxMergeAttempts; attempt += 1) {
    if (attempt > 0) await backOff(attempt);
    const groups = await readPair(deps, request.customerIds);
    if (groups.kind !== 'pair') return groups;
    const result = await writeMerge(deps, groups.a, groups.b, request);
    if (result) return result;
  }
  throw new Error(
    `customers ${request.customerIds.join(' and ')} kept changing during ${maxMergeAttempts} merge attempts`,
  );
}

/** How many times a merge re-reads groups that changed under it before giving up (an error: retried). */
export const maxMergeAttempts = 10;

/**
 * Waits before re-reading groups that changed under a merge: random, growing with the attempt, so
 * that mergers racing on one survivor spread out instead of colliding again.
 *
 * @example
 * if (attempt > 0) await backOff(attempt);
 */
export function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(1000, 10 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The groups of two customers, or why there is nothing to merge.
 *
 * @example
 * const pair = await readPair(deps, [a, b]);
 * if (pair.kind === 'pair') pair.a.survivor.id;
 */
export async function readPair(
  deps: IdentityDeps,
  customerIds: [string, string],
): Promise<
  | { kind: 'pair'; a: CustomerGroup; b: CustomerGroup }
  | Extract<MergeResult, { kind: 'already_merged' | 'not_found' }>
> {
  const [a, b] = await Promise.all(customerIds.map((id) => deps.groups.get(id)));
  if (!a) return { kind: 'not_found', customerId: customerIds[0] };
  if (!b) return { kind: 'not_found', customerId: customerIds[1] };
  if (a.survivor.id === b.survivor.id) return { kind: 'already_merged', survivorId: a.survivor.id };
  return { kind: 'pair', a, b };
}

/**
 * Writes the merge of two groups as read; `undefined` when either changed meanwhile (read again).
 *
 * @example
 * const result = await writeMerge(deps, a, b, { customerIds: [a.survivor.id, b.survivor.id], reason: 'manual' });
 */
export async function writeMerge(
  deps: IdentityDeps,
  a: CustomerGroup,
  b: CustomerGroup,
  request: MergeRequest,
): Promise<MergeResult | undefined> {
  const [survivor, merged] = pickSurvivor(a, b, request.survivorId);
  const now = deps.now().toISOString();
  const record: MergeRecord = {
    mergedAt: now,
    parentId: survivor.survivor.id,
    reason: request.reason,
    ...(request.linkedBy ? { linkedBy: identityText(request.linkedBy) } : {}),
    ...(request.by ? { by: request.by } : {}),
  };
  const event = parseCanonicalEvent({
    id: `customer.merged:${survivor.survivor.id}:${merged.survivor.id}:${(survivor.survivor.groupRevision ?? 0) + 1}`,
    type: 'customer.merged',
    version: 1,
    occurredAt: now,
    customerId: survivor.survivor.id,
    channel: 'rapport',
    mergedId: merged.survivor.id,
    reason: request.reason,
    ...(request.linkedBy ? { linkedBy: request.linkedBy } : {}),
    ...(request.by ? { by: request.by } : {}),
  });
  if (!(await deps.groups.merge({ survivor: survivor.survivor, merged, record, event, now })))
    return undefined;
  deps.log.info('customers merged', {
    survivorId: survivor.survivor.id,
    mergedId: merged.survivor.id,
    reason: request.reason,
    members: merged.members.length,
  });
  return { kind: 'merged', survivorId: survivor.survivor.id, mergedId: merged.survivor.id };
}

function pickSurvivor(a: CustomerGroup, b: CustomerGroup, chosenId?: string): [CustomerGroup, CustomerGroup] {
  if (chosenId) {
    const inA = a.survivor.id === chosenId || a.members.some((member) => member.id === chosenId);
    return inA ? [a, b] : [b, a];
  }
  const older = chooseSurvivor(a.survivor, b.survivor);
  return older === a.survivor ? [a, b] : [b, a];
}
