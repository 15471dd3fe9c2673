import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../shared/domain/customer';
import type { Identity } from '../../shared/domain/identity';
import {
  claimPlanned,
  findCustomer,
  planClaims,
  planGuardedClaims,
} from '../../shared/identity/resolve-customer';
import { inMemoryReceiverDeps } from '../helpers/in-memory-receiver-deps';

const whatsapp: Identity = { kind: 'whatsapp', value: '14155550123' };
const phone: Identity = { kind: 'phone', value: '+14155550123' };
const email: Identity = { kind: 'email', value: 'ana@example.com' };
const facts = (identities: Identity[], name?: string): CustomerFacts => ({
  identities,
  emails: identities.filter((i) => i.kind === 'email').map((i) => i.value),
  phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value),
  ...(name ? { name } : {}),
});
const now = '2026-11-23T10:00:00.000Z';

async function resolve(deps: ReturnType<typeof inMemoryReceiverDeps>, delivery: CustomerFacts) {
  const owners = await deps.identities.findOwners(delivery.identities);
  const { plan } = await planGuardedClaims(deps, delivery, owners);
  return claimPlanned(deps, delivery, plan, owners, now);
}

describe('resolving the customer of a delivery', () => {
  it('creates a new customer holding every identity when none is known', async () => {
    const deps = inMemoryReceiverDeps();
    const resolved = await resolve(deps, facts([whatsapp, phone]));
    expect(resolved).toMatchObject({ customerId: 'c1', claimed: [whatsapp, phone], links: [] });
    expect(deps.records.ownerOf(phone)).toBe('c1');
  });

  it('lets a known customer gain the identities it did not hold, even when the first one is new', async () => {
    // Prepare
    const deps = inMemoryReceiverDeps();
    await deps.identities.claim(phone, 'known', now);

    // Act
    const resolved = await resolve(deps, facts([whatsapp, phone]));

    // Assess
    expect(resolved).toMatchObject({ customerId: 'known', claimed: [whatsapp], links: [] });
    expect(deps.records.ownerOf(whatsapp)).toBe('known');
  });

  it('stores with the holder of the first identity and links every other holder, with the identity it holds', async () => {
    const deps = inMemoryReceiverDeps();
    await deps.identities.claim(whatsapp, 'a', now);
    await deps.identities.claim(email, 'b', now);
    const resolved = await resolve(deps, facts([whatsapp, phone, email]));
    expect(resolved.customerId).toBe('a');
    expect(resolved.links).toEqual([{ customerId: 'b', identity: email }]);
    expect(deps.records.ownerOf(phone)).toBe('a');
    expect(resolved.held.identities).toEqual([whatsapp, phone]);
  });

  it('gives a customer planned by a delivery that lost its first identity to a concurrent one the identities it won, and links it', async () => {
    // Prepare: a concurrent delivery wins the WhatsApp id between the read and the claim.
    const deps = inMemoryReceiverDeps();
    const claim = deps.identities.claim.bind(deps.identities);
    deps.identities.claim = async (identity, customerId, at) =>
      identity.kind === 'whatsapp' ? { claimed: false, ownerId: 'winner' } : claim(identity, customerId, at);
    const delivery = facts([whatsapp, phone]);
    const owners = await deps.identities.findOwners(delivery.identities);

    // Act
    const resolved = await claimPlanned(
      deps,
      delivery,
      planClaims(delivery, owners, deps.newId),
      owners,
      now,
    );

    // Assess
    expect(resolved.customerId).toBe('winner');
    expect(resolved.stray).toEqual({ customerId: 'c1', facts: facts([phone]) });
    expect(resolved.links).toEqual([{ customerId: 'c1', identity: phone }]);
    expect(resolved.claimed).toEqual([]);
  });

  it('does not let a known customer gain a second Shopify id: the delivery gets a customer of its own, linked', async () => {
    // Prepare
    const deps = inMemoryReceiverDeps();
    await deps.customers.recordFacts('a', facts([{ kind: 'shopify', value: '1' }, email]), now, 'shopify');
    await deps.identities.claim({ kind: 'shopify', value: '1' }, 'a', now);
    await deps.identities.claim(email, 'a', now);

    // Act
    const resolved = await resolve(deps, facts([{ kind: 'shopify', value: '2' }, email]));

    // Assess
    expect(resolved.customerId).not.toBe('a');
    expect(deps.records.ownerOf({ kind: 'shopify', value: '2' })).toBe(resolved.customerId);
    expect(resolved.links).toEqual([{ customerId: 'a', identity: email }]);
  });

  it('writes nothing for a delivery the profile already knows, and writes the profile when it brings a new name', async () => {
    // Prepare
    const deps = inMemoryReceiverDeps();
    const first = await findCustomer(deps, facts([whatsapp, phone]), now);
    await first.record(deps, now, 'meta');
    const writes = deps.records.writes();

    // Act
    const again = await findCustomer(deps, facts([whatsapp, phone]), now);
    const unchanged = await again.record(deps, now, 'meta');
    const named = await findCustomer(deps, facts([whatsapp, phone], 'Ana'), now);
    const changed = await named.record(deps, now, 'meta');

    // Assess
    expect(unchanged).toBe(false);
    expect(changed).toBe(true);
    expect(deps.records.writes()).toBe(writes + 1);
    expect(deps.records.profile(first.customerId)?.name).toBe('Ana');
  });
});
