import type { ReceiptFact } from '../../shared/domain/facts';
import type { Identity } from '../../shared/domain/identity';
import { identityText } from '../../shared/domain/identity';
import type { OrderState } from '../../shared/domain/order-state';
import type { CanonicalEvent } from '../../shared/events/contracts';
import type { ReceiverDeps } from '../../shared/ingest/receiver-deps';
import type { ConsentChange } from '../../shared/outbound/consent-repository';
import type { InboundMessage } from '../../shared/outbound/conversation-repository';
import { type QuarantineEntry, quarantineId } from '../../shared/quarantine/quarantine-repository';
import { envSecretSource } from '../../shared/secrets/secret-source';
import { recordingLogger, testChannelSecrets } from './receiver-deps';

/** A customer profile as the in-memory repositories keep it. */
export interface InMemoryProfile {
  identityTexts: Set<string>;
  emails: Set<string>;
  phones: Set<string>;
  name?: string;
  messages: number;
}

/** Read access to what the in-memory repositories hold, for tests that assess what was stored. */
export interface InMemoryRecords {
  /** The customer holding an identity, or `undefined`. */
  ownerOf(identity: Identity): string | undefined;
  /** A customer's profile, or `undefined`. */
  profile(customerId: string): Readonly<InMemoryProfile> | undefined;
  /** Every timeline item, in the order they were appended. */
  timeline(): CanonicalEvent[];
  /** An order by the platform's id (through its pointer), or `undefined`. */
  order(platform: string, platformOrderId: string): OrderState | undefined;
  /** Every delivery receipt kept, with the customer it was kept for. */
  receipts(): Array<{ customerId: string; receipt: ReceiptFact }>;
  /** Every quarantined payload with its id, in the order they were kept. */
  quarantined(): Array<QuarantineEntry & { id: string }>;
  /** Inbound messages kept in their conversations, once each. */
  inboundInConversations(): InboundMessage[];
  /** Status reports applied to conversation messages. */
  statusReports(): Array<{ conversationId: string; status: string; watermark?: string }>;
  /** Consent changes recorded on customers, once per source event. */
  consents(): ConsentChange[];
  /** How many writes the repositories accepted; a redelivery that changes nothing adds none. */
  writes(): number;
}

/** Receiver dependencies kept in memory, with read access to what they hold. */
export type InMemoryReceiverDeps = ReceiverDeps & { records: InMemoryRecords };

/**
 * Receiver dependencies kept in memory: fakes of the repositories with the same conditional
 * semantics, for fast property tests of the whole receiver (the DynamoDB behaviour itself is
 * covered by the integration tests). `records` reads back what was stored.
 *
 * @example
 * const deps = inMemoryReceiverDeps();
 * deps.records.timeline(); // []
 */
export function inMemoryReceiverDeps(): InMemoryReceiverDeps {
  const owners = new Map<string, string>();
  const profiles = new Map<string, InMemoryProfile>();
  const orders = new Map<string, { state: OrderState; revision: number }>();
  const pointers = new Map<string, string>();
  const timeline = new Map<string, CanonicalEvent>();
  const seen = new Map<string, string>();
  const receipts = new Map<string, { customerId: string; receipt: ReceiptFact }>();
  const inbound = new Map<string, InboundMessage>();
  const statusReports: Array<{ conversationId: string; status: string; watermark?: string }> = [];
  const consents = new Map<string, ConsentChange>();
  const quarantine = new Map<string, QuarantineEntry & { id: string }>();
  const links = new Set<string>();
  let writes = 0;
  let next = 0;
  const write = () => {
    writes += 1;
  };
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
        write();
        return { claimed: true };
      },
    },
    customers: {
      get: async (id: string) => {
        const profile = profiles.get(id);
        return profile ? { id, ...profile } : undefined;
      },
      recordFacts: async (
        id: string,
        facts: { identities: Identity[]; emails: string[]; phones: string[]; name?: string },
      ) => {
        const profile = profiles.get(id) ?? {
          identityTexts: new Set<string>(),
          emails: new Set<string>(),
          phones: new Set<string>(),
          messages: 0,
        };
        for (const identity of facts.identities) profile.identityTexts.add(identityText(identity));
        for (const email of facts.emails) profile.emails.add(email);
        for (const phone of facts.phones) profile.phones.add(phone);
        profile.name ??= facts.name;
        profiles.set(id, profile);
        // One update per call, as in DynamoDB (it moves `updatedAt` even when nothing else changes).
        write();
      },
      countCheckout: async () => {
        write();
      },
      recordMessage: async (
        id: string,
        facts: { identities: Identity[]; emails: string[]; phones: string[]; name?: string },
      ) => {
        await fake.customers.recordFacts(id, facts);
        (profiles.get(id) as InMemoryProfile).messages += 1;
      },
    },
    orders: {
      findCustomerOf: async (platform: string, id: string) => pointers.get(`${platform}#${id}`),
      pointTo: async (platform: string, id: string, customerId: string) => {
        const holder = pointers.get(`${platform}#${id}`);
        if (holder) return { customerId: holder, created: false };
        pointers.set(`${platform}#${id}`, customerId);
        write();
        return { customerId, created: true };
      },
      get: async (customerId: string, platform: string, id: string) =>
        orders.get(`${customerId}#${platform}#${id}`),
      save: async (state: OrderState, expected: number | undefined) => {
        const key = `${state.customerId}#${state.platform}#${state.platformOrderId}`;
        if ((orders.get(key)?.revision ?? undefined) !== expected) return false;
        orders.set(key, { state, revision: (expected ?? 0) + 1 });
        write();
        return true;
      },
    },
    timeline: {
      append: async (event: CanonicalEvent) => {
        const key = `${event.customerId}#${event.occurredAt}#${event.id}`;
        if (timeline.has(key)) return false;
        timeline.set(key, event);
        write();
        return true;
      },
      ensure: async (event: CanonicalEvent) => fake.timeline.append(event),
      firstSeen: async (eventId: string, receivedAt: string) => {
        if (!seen.has(eventId)) {
          seen.set(eventId, receivedAt);
          write();
        }
        return seen.get(eventId) as string;
      },
    },
    quarantine: {
      // The id is a hash of channel and body, as in QuarantineRepository: a redelivery is kept once.
      keep: async (entry: QuarantineEntry) => {
        const id = quarantineId(entry.channel, entry.rawBody);
        if (!quarantine.has(id)) {
          quarantine.set(id, { ...entry, rawBody: Buffer.from(entry.rawBody), id });
          write();
        }
        return id;
      },
    },
    links: {
      record: async (link: { customerId: string; linkedId: string }) => {
        const key = [link.customerId, link.linkedId].sort().join('#');
        if (links.has(key)) return false;
        links.add(key);
        write();
        return true;
      },
    },
    conversations: {
      recordInbound: async (message: InboundMessage) => {
        const key = `${message.platform}#${message.address}#${message.id}`;
        if (!inbound.has(key)) {
          inbound.set(key, message);
          write();
        }
        return `${message.ownerId}.${message.platform}.0000000000000000`;
      },
      applyStatus: async (conversationId: string, _ids: unknown, status: string) => {
        statusReports.push({ conversationId, status });
        return false;
      },
      applyWatermark: async (conversationId: string, watermark: string, status: string) => {
        statusReports.push({ conversationId, status, watermark });
        return 0;
      },
    },
    consents: {
      record: async (change: ConsentChange) => {
        const key = `${change.customerId}#${change.platform}#${change.sourceId}`;
        if (consents.has(key)) return false;
        consents.set(key, change);
        write();
        return true;
      },
    },
    receipts: {
      record: async (customerId: string, receipt: ReceiptFact) => {
        const key = `${customerId}#${receipt.platform}#${receipt.messageId}#${receipt.status}`;
        if (receipts.has(key)) return false;
        receipts.set(key, { customerId, receipt });
        write();
        return true;
      },
    },
  };
  const records: InMemoryRecords = {
    ownerOf: (identity) => owners.get(identityText(identity)),
    profile: (customerId) => profiles.get(customerId),
    timeline: () => [...timeline.values()],
    order: (platform, platformOrderId) => {
      const customerId = pointers.get(`${platform}#${platformOrderId}`);
      return customerId ? orders.get(`${customerId}#${platform}#${platformOrderId}`)?.state : undefined;
    },
    receipts: () => [...receipts.values()],
    quarantined: () => [...quarantine.values()],
    inboundInConversations: () => [...inbound.values()],
    statusReports: () => [...statusReports],
    consents: () => [...consents.values()],
    writes: () => writes,
  };
  return {
    ...(fake as unknown as Pick<
      ReceiverDeps,
      | 'identities'
      | 'links'
      | 'customers'
      | 'orders'
      | 'timeline'
      | 'quarantine'
      | 'receipts'
      | 'conversations'
      | 'consents'
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
    records,
  };
}
