import { type Identity, identityKinds } from '../../shared/domain/identity';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { LinkDeps } from '../../shared/identity/identity-deps';
import { type LinkResult, linkCustomers } from '../../shared/identity/link-customers';

/**
 * Handles `customer.linked`: two customers one delivery showed to share an identity are merged,
 * or proposed to a person when a guard stops the merge (see `linkCustomers`). Idempotent: a
 * redelivered event finds the two merged (or proposed) already.
 *
 * @example
 * await mergeLinkedCustomers(deps, event); // { kind: 'merged', survivorId, mergedId }
 */
export async function mergeLinkedCustomers(
  deps: LinkDeps,
  event: CanonicalEvent,
): Promise<LinkResult | { kind: 'ignored'; reason: string }> {
  if (event.type !== 'customer.linked') return { kind: 'ignored', reason: `not a link: ${event.type}` };
  const kind = event.linkedBy.kind as Identity['kind'];
  if (!identityKinds.includes(kind)) return { kind: 'ignored', reason: `unknown identity kind ${kind}` };
  return linkCustomers(deps, {
    customerId: event.customerId,
    linkedId: event.linkedId,
    linkedBy: { kind, value: event.linkedBy.value },
  });
}
