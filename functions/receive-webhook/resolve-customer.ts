import type { CustomerFacts } from '../../shared/domain/customer';
import { identityText } from '../../shared/domain/identity';
import { maskIdentity } from '../../shared/observability/mask';
import type { ReceiverDeps } from './receiver-deps';

/**
 * Finds the customer behind the facts, or creates one, and records what the facts add.
 *
 * The first identity (the strongest, as ordered by the channel) decides when several are known.
 * A new customer exists once its first identity is claimed: the claim is a conditional put, so
 * concurrent first deliveries agree on one customer. Identities held by another customer are not
 * taken over (merging is a decision of its own) and are logged masked.
 *
 * @example
 * const customerId = await resolveCustomer(deps, facts, '2026-11-23T10:00:00.000Z', 'shopify');
 */
export async function resolveCustomer(
  deps: ReceiverDeps,
  facts: CustomerFacts,
  now: string,
  channel: string,
): Promise<string> {
  const [primary] = facts.identities;
  if (!primary) throw new Error('resolveCustomer needs at least one identity');
  const owners = await deps.identities.findOwners(facts.identities);
  let customerId = facts.identities.map((identity) => owners.get(identityText(identity))).find(Boolean);
  if (!customerId) {
    const candidate = deps.newId();
    const claim = await deps.identities.claim(primary, candidate, now);
    customerId = claim.claimed ? candidate : claim.ownerId;
    owners.set(identityText(primary), customerId);
  }
  const held = [];
  for (const identity of facts.identities) {
    let owner = owners.get(identityText(identity));
    if (!owner) {
      const claim = await deps.identities.claim(identity, customerId, now);
      owner = claim.claimed ? customerId : claim.ownerId;
    }
    if (owner === customerId) {
      held.push(identity);
    } else {
      deps.log.warn('identity held by another customer', {
        identity: maskIdentity(identity.kind, identity.value),
        customerId,
        holderId: owner,
      });
    }
  }
  const heldTexts = new Set(held.map(identityText));
  await deps.customers.recordFacts(
    customerId,
    {
      identities: held,
      emails: facts.emails.filter((email) => heldTexts.has(`email:${email}`)),
      phones: facts.phones.filter((phone) => heldTexts.has(`phone:${phone}`)),
      ...(facts.name ? { name: facts.name } : {}),
    },
    now,
    channel,
  );
  return customerId;
}
