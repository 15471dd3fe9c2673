import type { Customer, CustomerScores, LifecycleStage, OrderStats } from '../domain/customer';
import { emptyOrderStats, lifecycleStages } from '../domain/customer';
import type { MergeRecord } from '../domain/customer-merges';
import { type Identity, type IdentityKind, identityText } from '../domain/identity';

/**
 * The stored form of a customer profile item. A profile records what arrived in its own
 * partition; a group of merged customers is its survivor (with `members`) and the members (with
 * `mergedInto`), read together as one customer.
 */
export interface CustomerItem {
  pk: string;
  sk: string;
  type: 'customer';
  id: string;
  createdAt: string;
  updatedAt: string;
  createdVia?: string;
  name?: string;
  emails?: Set<string>;
  phones?: Set<string>;
  identityTexts?: Set<string>;
  /** Order figures of the whole group (kept by `score` on the survivor). */
  stats?: OrderStats;
  /** Messages received in this customer's own partition (counted by the receivers). */
  messageCount?: number;
  commentCount?: number;
  checkoutCount?: number;
  lastMessageAt?: string;
  lastCheckoutAt?: string;
  lifecycleStage?: LifecycleStage;
  scores?: CustomerScores;
  scoreRevision?: number;
  /** On a merged-away customer: the survivor of its group. */
  mergedInto?: string;
  mergedAt?: string;
  /** On a survivor: every customer merged into it, directly or through another. */
  members?: Record<string, MergeRecord>;
  /** Changes with every merge or unmerge touching this customer (optimistic concurrency). */
  groupRevision?: number;
  /** Customers a person said are someone else. */
  keptApartFrom?: Set<string>;
  /** Per platform, the customer's latest statement of consent (written by the consent repository). */
  consent?: CustomerConsent;
}

/** One platform's consent as recorded on a profile: granted or denied, when, and what said so. */
export interface PlatformConsentRecord {
  status: 'granted' | 'denied';
  at: string;
  source: string;
  scope?: 'all' | 'marketing';
}

/** A customer's consent per platform (public contract: the customer view's `consent`). */
export type CustomerConsent = Partial<Record<string, PlatformConsentRecord>>;

/** The API's customer: the contract's shape with the consent of the whole person, when any was recorded. */
export type CustomerView = Customer & { consent?: Record<string, PlatformConsentRecord> };

/**
 * The consent of a group: per platform, the newest statement recorded on any of its customers
 * (a STOP on the merged-away profile still stops the person).
 *
 * @example
 * groupConsent([survivor, member]); // { sms: { status: 'denied', at: '…', source: 'sms keyword STOP' } }
 */
export function groupConsent(
  items: ReadonlyArray<Pick<CustomerItem, 'consent'>>,
): Record<string, PlatformConsentRecord> | undefined {
  const newest: Record<string, PlatformConsentRecord> = {};
  for (const item of items) {
    for (const [platform, record] of Object.entries(item.consent ?? {})) {
      if (!record) continue;
      const current = newest[platform];
      if (!current || current.at < record.at) newest[platform] = record;
    }
  }
  if (Object.keys(newest).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(newest)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([platform, record]) => [
        platform,
        {
          status: record.status,
          at: record.at,
          source: record.source,
          ...(record.scope ? { scope: record.scope } : {}),
        },
      ]),
  );
}

/** A survivor with the customers merged into it: one person. */
export interface CustomerGroup {
  survivor: CustomerItem;
  members: CustomerItem[];
}

/**
 * Every customer id of a group, survivor first: the partitions holding the person's data.
 *
 * @example
 * groupCustomerIds(group); // ['01A', '01B']
 */
export function groupCustomerIds(group: CustomerGroup): string[] {
  return [group.survivor.id, ...group.members.map((member) => member.id)];
}

/**
 * The identities a profile records, parsed from their `kind:value` texts.
 *
 * @example
 * identitiesOf(item); // [{ kind: 'email', value: 'bob@example.com' }]
 */
export function identitiesOf(item: CustomerItem): Identity[] {
  return identitiesFromTexts([...(item.identityTexts ?? [])]);
}

function identitiesFromTexts(texts: ReadonlyArray<string>): Identity[] {
  return [...texts].sort().map((text): Identity => {
    const colon = text.indexOf(':');
    return { kind: text.slice(0, colon) as IdentityKind, value: text.slice(colon + 1) };
  });
}

/**
 * Turns a group into the API's customer: the survivor's id, scores and group-wide order figures,
 * every member's identities, emails, phones and messages, the merges with their evidence, and the
 * newest consent per platform.
 *
 * @example
 * const customer = customerFromGroup({ survivor: item, members: [] }, 'USD');
 */
export function customerFromGroup(group: CustomerGroup, baseCurrency: string): CustomerView {
  const { survivor } = group;
  const all = [survivor, ...group.members];
  const union = (pick: (item: CustomerItem) => Set<string> | undefined) =>
    [...new Set(all.flatMap((item) => [...(pick(item) ?? [])]))].sort();
  const lastMessageAt = all
    .map((item) => item.lastMessageAt)
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
  const stage = all
    .map((item) => item.lifecycleStage ?? 'visitor')
    .reduce((best, next) => (lifecycleStages.indexOf(next) > lifecycleStages.indexOf(best) ? next : best));
  const name = all.find((item) => item.name)?.name;
  const identities = identitiesFromTexts(union((item) => item.identityTexts));
  const consent = groupConsent(all);
  return {
    id: survivor.id,
    createdAt: all.map((item) => item.createdAt).sort()[0] ?? survivor.createdAt,
    updatedAt:
      all
        .map((item) => item.updatedAt)
        .sort()
        .at(-1) ?? survivor.updatedAt,
    ...(name ? { name } : {}),
    emails: union((item) => item.emails),
    phones: union((item) => item.phones),
    identities,
    stats: {
      ...(survivor.stats ?? emptyOrderStats(baseCurrency)),
      messages: all.reduce((sum, item) => sum + (item.messageCount ?? 0), 0),
      comments: all.reduce((sum, item) => sum + (item.commentCount ?? 0), 0),
      checkouts: all.reduce((sum, item) => sum + (item.checkoutCount ?? 0), 0),
      ...(lastMessageAt ? { lastMessageAt } : {}),
      ...(lastInteraction(all, survivor.stats?.lastOrderAt)
        ? { lastInteractionAt: lastInteraction(all, survivor.stats?.lastOrderAt) }
        : {}),
    },
    lifecycleStage: stage,
    scores: survivor.scores ?? { reasons: [] },
    merges: Object.entries(survivor.members ?? {})
      .map(([customerId, record]) => ({
        customerId,
        mergedAt: record.mergedAt,
        reason: record.reason,
        mergedInto: record.parentId,
        ...(record.linkedBy ? { linkedBy: record.linkedBy } : {}),
        ...(record.by ? { by: record.by } : {}),
      }))
      .sort((a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.customerId.localeCompare(b.customerId)),
    ...(consent ? { consent } : {}),
  };
}

/**
 * The latest interaction of a group: a message or comment, a checkout, an order.
 *
 * @example
 * lastInteraction([item], '2026-11-01T00:00:00.000Z');
 */
export function lastInteraction(
  items: ReadonlyArray<CustomerItem>,
  lastOrderAt: string | undefined,
): string | undefined {
  return [lastOrderAt, ...items.flatMap((item) => [item.lastMessageAt, item.lastCheckoutAt])]
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
}

export { identityText };
