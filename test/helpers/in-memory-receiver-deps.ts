import type { ReceiverDeps } from '../../functions/receive-webhook/receiver-deps';
import type { Identity } from '../../shared/domain/identity';
import { identityText } from '../../shared/domain/identity';
import type { OrderState } from '../../shared/domain/order-state';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { envSecretSource } from '../../shared/secrets/secret-source';
import { recordingLogger, testChannelSecrets } from './receiver-deps';

/**
 * Receiver dependencies kept in memory: fakes of the repositories with the same conditional
 * semantics, for fast property tests of the whole receiver (the DynamoDB behaviour itself is
 * covered by the integration tests).
 *
 * @example
 * const deps = inMemoryReceiverDeps();
 */
export function inMemoryReceiverDeps(): ReceiverDeps {
  const owners = new Map<string, string>();
  const profiles = new Map<string, { identityTexts: Set<string>; name?: string }>();
  const orders = new Map<string, { state: OrderState; revision: number }>();
  const pointers = new Map<string, string>();
  const timeline = new Map<string, CanonicalEvent>();
  const seen = new Map<string, string>();
  const keys = new Set<string>();
  let next = 0;
  const fake = {
    identities: {
      findOwners: async (identities: Identity[]) =>
        new Map(
          identities.flatMap((identity) =>
            owners.has(identityText(identity))
              ? [[identityText(identity), owners.get(identityText(identity)) as string]]
              : [],
          ),
        ),
      claim: async (identity: Identity, customerId: string) => {
        const owner = owners.get(identityText(identity));
        if (owner) return { claimed: false, ownerId: owner };
        owners.set(identityText(identity), customerId);
        return { claimed: true };
      },
    },
    customers: {
      get: async (id: string) => {
        const profile = profiles.get(id);
        return profile ? { id, ...profile } : undefined;
      },
      recordFacts: async (id: string, facts: { identities: Identity[]; name?: string }) => {
        const profile = profiles.get(id) ?? { identityTexts: new Set<string>() };
        for (const identity of facts.identities) profile.identityTexts.add(identityText(identity));
        profile.name ??= facts.name;
        profiles.set(id, profile);
      },
      countMessage: async () => undefined,
    },
    orders: {
      findCustomerOf: async (platform: string, id: string) => pointers.get(`${platform}#${id}`),
      pointTo: async (platform: string, id: string, customerId: string) => {
        const holder = pointers.get(`${platform}#${id}`);
        if (holder) return { customerId: holder, created: false };
        pointers.set(`${platform}#${id}`, customerId);
        return { customerId, created: true };
      },
      get: async (customerId: string, platform: string, id: string) =>
        orders.get(`${customerId}#${platform}#${id}`),
      save: async (state: OrderState, expected: number | undefined) => {
        const key = `${state.customerId}#${state.platform}#${state.platformOrderId}`;
        if ((orders.get(key)?.revision ?? undefined) !== expected) return false;
        orders.set(key, { state, revision: (expected ?? 0) + 1 });
        return true;
      },
    },
    timeline: {
      append: async (event: CanonicalEvent) => {
        const key = `${event.customerId}#${event.occurredAt}#${event.id}`;
        if (timeline.has(key)) return false;
        timeline.set(key, event);
        return true;
      },
      ensure: async (event: CanonicalEvent) => fake.timeline.append(event),
      firstSeen: async (eventId: string, receivedAt: string) => {
        if (!seen.has(eventId)) seen.set(eventId, receivedAt);
        return seen.get(eventId) as string;
      },
    },
    quarantine: {
      keep: async (entry: { channel: string; rawBody: Buffer }) => {
        const id = `${entry.channel}-${entry.rawBody.length}`;
        keys.add(id);
        return id;
      },
    },
    receipts: { record: async () => true },
  };
  return {
    ...(fake as unknown as Pick<
      ReceiverDeps,
      'identities' | 'customers' | 'orders' | 'timeline' | 'quarantine' | 'receipts'
    >),
    secrets: envSecretSource(testChannelSecrets),
    log: recordingLogger(),
    now: () => new Date(),
    newId: () => {
      next += 1;
      return `c${next}`;
    },
    abandonedCheckoutAfterMs: 3_600_000,
    publicBaseUrl: 'http://localhost:3000',
  };
}
