import type { CustomerFacts } from '../../shared/domain/customer';
import { type Identity, identityText } from '../../shared/domain/identity';
import { maskIdentity } from '../../shared/observability/mask';
import type { ReceiverDeps } from './receiver-deps';

/**
 * Finds the customer behind the facts, or creates one, and records what the facts add.
 *
 * The first identity (the strongest, as ordered by the channel) decides when several are known.
 * A new customer exists once its first identity is claimed: the claim is a conditional put, so
 * concurrent first deliveries agree on one customer. A known customer whose profile already holds
 * everything the facts say costs a read, not a write (a redelivery writes nothing). Identities held by another customer are not
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
  return (await resolveCustomerChange(deps, facts, now, channel)).customerId;
}

/**
 * {@link resolveCustomer}, also saying whether anything was written: a redelivered customer fact
 * (Shopify `customers/update`, a LINE follow) changes nothing and is answered as a duplicate.
 *
 * @example
 * const { customerId, changed } = await resolveCustomerChange(deps, facts, now, 'shopify');
 */
export async function resolveCustomerChange(
  deps: ReceiverDeps,
  facts: CustomerFacts,
  now: string,
  channel: string,
): Promise<{ customerId: string; changed: boolean }> {
  const [primary] = facts.identities;
  if (!primary) throw new Error('resolveCustomer needs at least one identity');
  const owners = await deps.identities.findOwners(facts.identities);
  let customerId = facts.identities.map((identity) => owners.get(identityText(identity))).find(Boolean);
  // The claims this delivery made: then the profile is written even if it seems complete.
  const claimed: Identity[] = [];
  if (!customerId) {
    const candidate = deps.newId();
    const claim = await deps.identities.claim(primary, candidate, now);
    customerId = claim.claimed ? candidate : claim.ownerId;
    if (claim.claimed) claimed.push(primary);
    owners.set(identityText(primary), customerId);
  }
  const held: Identity[] = [];
  for (const identity of facts.identities) {
    let owner = owners.get(identityText(identity));
    if (!owner) {
      const claim = await deps.identities.claim(identity, customerId, now);
      owner = claim.claimed ? customerId : claim.ownerId;
      if (claim.claimed) claimed.push(identity);
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
  if (claimed.length === 0 && (await profileAlreadyHolds(deps, customerId, heldTexts, facts.name)))
    return { customerId, changed: false };
  // A claim is written before its profile: if the profile write fails, the platform's retry (or
  // the person's next delivery) finds the claim and writes the missing profile. Giving the claim
  // back instead was tried and removed: raced by a concurrent delivery, it could split a person.
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
  return { customerId, changed: true };
}

/**
 * True when the profile exists and already records these identities and a name; a profile is
 * written after its first claim, so a stop between the two is repaired by the next delivery.
 */
async function profileAlreadyHolds(
  deps: ReceiverDeps,
  customerId: string,
  identityTexts: ReadonlySet<string>,
  name: string | undefined,
): Promise<boolean> {
  const profile = await deps.customers.get(customerId);
  if (!profile) return false;
  if (name && !profile.name) return false;
  for (const text of identityTexts) if (!profile.identityTexts?.has(text)) return false;
  return true;
}
