import { type CustomerItem, identitiesOf } from '../customers/customer-item';
import type { CustomerRepository } from '../customers/customer-repository';
import type { CustomerFacts } from '../domain/customer';
import { type Identity, identityText } from '../domain/identity';
import { singleIdentityKinds } from '../domain/link-decision';
import type { IdentityRepository } from './identity-repository';
import type { LinkRepository } from './link-repository';

/**
 * What resolving the customer of a delivery needs: the identity claims, the links between
 * customers, the profiles, and new customer ids (the ingest pipeline's deps are one).
 */
export interface ResolveCustomerDeps {
  identities: IdentityRepository;
  links: LinkRepository;
  customers: CustomerRepository;
  newId: () => string;
}

/** Who should hold a delivery's identities nobody holds yet, decided from the owners read. */
export interface ClaimPlan {
  /** The holder of the first (strongest) known identity, or a new customer when none is known. */
  ownerId: string;
  isNew: boolean;
  toClaim: Identity[];
}

/** A customer found for a delivery's facts, with what the delivery adds to the identity graph. */
export interface ResolvedCustomer {
  /**
   * The customer the delivery is stored with: the holder of its first identity. Redeliveries find
   * the same one (so their writes deduplicate); it may have been merged into another, and every
   * reader follows `mergedInto` to the survivor.
   */
  customerId: string;
  /** The facts this customer holds: its identities among the delivery's, their emails and phones, the name. */
  held: CustomerFacts;
  /** Identities this delivery claimed for it: its profile must record them. */
  claimed: Identity[];
  /** Other customers holding identities of the delivery, each with one identity it holds. */
  links: Array<{ customerId: string; identity: Identity }>;
  /**
   * The new customer planned for this delivery when a concurrent delivery won its first identity:
   * it holds the identities it did win, so it gets a profile and is linked (then merged).
   */
  stray?: { customerId: string; facts: CustomerFacts };
}

/**
 * Plans the claims of a delivery: unknown identities go to the holder of the first known one (a
 * known customer gains the missing ones), or to a new customer when none is known.
 *
 * @example
 * planClaims(facts, owners, () => ulid()); // { ownerId: '01J...', isNew: true, toClaim: [...] }
 */
export function planClaims(
  facts: CustomerFacts,
  owners: ReadonlyMap<string, string>,
  newId: () => string,
): ClaimPlan {
  const known = facts.identities.map((identity) => owners.get(identityText(identity)));
  const existing = known.find((owner): owner is string => Boolean(owner));
  return {
    ownerId: existing ?? newId(),
    isNew: !existing,
    toClaim: facts.identities.filter((_, index) => !known[index]),
  };
}

/**
 * {@link planClaims}, guarded: a known customer does not gain a second identity of a kind a person
 * has one of (a second Shopify customer id, a second Stripe customer). Such a delivery gets a new
 * customer of its own, linked to the known one, so the merge guard proposes the two to a person.
 * This costs a profile read only when a known customer's delivery brings an unknown identity of
 * such a kind (a known person's first order or message on a new platform).
 *
 * @example
 * const { plan, profile } = await planGuardedClaims(deps, facts, owners);
 */
export async function planGuardedClaims(
  deps: ResolveCustomerDeps,
  facts: CustomerFacts,
  owners: ReadonlyMap<string, string>,
): Promise<{ plan: ClaimPlan; profile?: CustomerItem }> {
  const plan = planClaims(facts, owners, deps.newId);
  const singles = plan.toClaim.filter((identity) => singleIdentityKinds.includes(identity.kind));
  if (plan.isNew || singles.length === 0) return { plan };
  const profile = await deps.customers.get(plan.ownerId);
  const held = profile ? identitiesOf(profile) : [];
  const conflict = singles.some((identity) =>
    held.some((other) => other.kind === identity.kind && other.value !== identity.value),
  );
  if (!conflict) return { plan, ...(profile ? { profile } : {}) };
  return { plan: { ownerId: deps.newId(), isNew: true, toClaim: plan.toClaim } };
}

/**
 * Claims the planned identities, all in parallel (conditional puts: a concurrent delivery of the
 * same person wins some, and the two customers are then linked), and reads the outcome.
 *
 * @example
 * const resolved = await claimPlanned(deps, facts, plan, owners, now);
 */
export async function claimPlanned(
  deps: ResolveCustomerDeps,
  facts: CustomerFacts,
  plan: ClaimPlan,
  owners: ReadonlyMap<string, string>,
  now: string,
): Promise<ResolvedCustomer> {
  const [primary] = facts.identities;
  if (!primary) throw new Error('resolving a customer needs at least one identity');
  const holders = new Map(owners);
  const won: Identity[] = [];
  const claims = await Promise.all(
    plan.toClaim.map((identity) => deps.identities.claim(identity, plan.ownerId, now)),
  );
  claims.forEach((claim, index) => {
    const identity = plan.toClaim[index] as Identity;
    holders.set(identityText(identity), claim.claimed ? plan.ownerId : claim.ownerId);
    if (claim.claimed) won.push(identity);
  });
  const customerId = holders.get(identityText(primary)) as string;
  const links = new Map<string, Identity>();
  for (const identity of facts.identities) {
    const holder = holders.get(identityText(identity)) as string;
    if (holder !== customerId && !links.has(holder)) links.set(holder, identity);
  }
  const stray = plan.ownerId !== customerId && won.length > 0;
  return {
    customerId,
    held: factsHeld(
      facts,
      facts.identities.filter((identity) => holders.get(identityText(identity)) === customerId),
    ),
    claimed: plan.ownerId === customerId ? won : [],
    links: [...links].map(([holder, identity]) => ({ customerId: holder, identity })),
    ...(stray ? { stray: { customerId: plan.ownerId, facts: factsHeld(facts, won) } } : {}),
  };
}

/**
 * Finds the customer behind the facts, or creates one, claiming what is new, and says what to
 * write: reads the owners, claims in parallel with reading the holder's profile, then (in
 * `record`) writes only what the profile lacks, with the links to any other holder. A
 * redelivery writes nothing.
 *
 * @example
 * const found = await findCustomer(deps, facts, now);
 * const [changed] = await Promise.all([found.record(deps, now, 'shopify'), deps.timeline.append(event, provenance)]);
 */
export async function findCustomer(
  deps: ResolveCustomerDeps,
  facts: CustomerFacts,
  now: string,
  owners?: ReadonlyMap<string, string>,
  planned?: { plan: ClaimPlan; profile?: CustomerItem },
): Promise<FoundCustomer> {
  const known = owners ?? (await deps.identities.findOwners(facts.identities));
  const { plan: claimPlan, profile: profileRead } = planned ?? (await planGuardedClaims(deps, facts, known));
  const [resolved, profile] = await Promise.all([
    claimPlanned(deps, facts, claimPlan, known, now),
    claimPlan.isNew || profileRead ? profileRead : deps.customers.get(claimPlan.ownerId),
  ]);
  return new FoundCustomer(resolved, resolved.customerId === claimPlan.ownerId ? profile : undefined);
}

/** A resolved customer and its profile as read, which knows what is left to write. */
export class FoundCustomer {
  constructor(
    readonly resolved: ResolvedCustomer,
    private readonly profile: CustomerItem | undefined,
  ) {}

  get customerId(): string {
    return this.resolved.customerId;
  }

  /**
   * Writes the profile when it lacks what the facts say (or is missing: a stop between a claim and
   * its profile is repaired here), and the links; true when anything was written.
   */
  async record(deps: ResolveCustomerDeps, now: string, channel: string): Promise<boolean> {
    const { resolved } = this;
    const profileNeeded = resolved.claimed.length > 0 || !profileHolds(this.profile, resolved.held);
    const [linked] = await Promise.all([
      recordLinks(deps, resolved, now, channel),
      profileNeeded
        ? deps.customers.recordFacts(resolved.customerId, resolved.held, now, channel)
        : undefined,
    ]);
    return profileNeeded || linked;
  }
}

/**
 * Writes the links of a resolution (and the profile of a stray customer); true when a link or a
 * profile was new.
 *
 * @example
 * await recordLinks(deps, resolved, now, 'twilio');
 */
export async function recordLinks(
  deps: ResolveCustomerDeps,
  resolved: ResolvedCustomer,
  now: string,
  channel: string,
): Promise<boolean> {
  const { stray } = resolved;
  const written = await Promise.all([
    ...resolved.links.map((link) =>
      deps.links.record({
        customerId: resolved.customerId,
        linkedId: link.customerId,
        linkedBy: link.identity,
        channel,
        linkedAt: now,
      }),
    ),
    stray ? deps.customers.recordFacts(stray.customerId, stray.facts, now, channel).then(() => true) : false,
  ]);
  return written.some(Boolean);
}

/** The facts restricted to some of their identities (with the matching emails and phones). */
function factsHeld(facts: CustomerFacts, identities: Identity[]): CustomerFacts {
  const texts = new Set(identities.map(identityText));
  return {
    identities,
    emails: facts.emails.filter((email) => texts.has(`email:${email}`)),
    phones: facts.phones.filter((phone) => texts.has(`phone:${phone}`)),
    ...(facts.name ? { name: facts.name } : {}),
  };
}

/** True when the profile exists and already records these facts' identities and a name. */
function profileHolds(profile: CustomerItem | undefined, facts: CustomerFacts): boolean {
  if (!profile) return false;
  if (facts.name && !profile.name) return false;
  return facts.identities.every((identity) => profile.identityTexts?.has(identityText(identity)));
}
