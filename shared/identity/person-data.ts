import type { CustomerGroupRepository } from '../customers/customer-group-repository';
import {
  type CustomerGroup,
  type CustomerItem,
  groupCustomerIds,
  identitiesOf,
} from '../customers/customer-item';
import type { ScoringStateRepository } from '../scoring-store/scoring-state-repository';
import type { DuplicateRepository, PossibleDuplicate } from './duplicate-repository';
import type { PersonDataRepository, StoredItem } from './person-data-repository';

/** What export and erasure need. */
export interface PersonDataDeps {
  groups: Pick<CustomerGroupRepository, 'get'>;
  personData: PersonDataRepository;
  duplicates: Pick<DuplicateRepository, 'listFor' | 'remove'>;
  scoringState: Pick<ScoringStateRepository, 'leaveSegment'>;
}

/** Everything held on one person, gathered from every customer of their group. */
export interface PersonData {
  group: CustomerGroup;
  items: StoredItem[];
  possibleDuplicates: PossibleDuplicate[];
}

/**
 * Gathers everything held on the person behind a customer id (any id of the group): every
 * partition of the group and the proposals naming them; `undefined` for an unknown id.
 *
 * @example
 * const data = await gatherPersonData(deps, '01J...');
 */
export async function gatherPersonData(
  deps: PersonDataDeps,
  customerId: string,
): Promise<PersonData | undefined> {
  const group = await deps.groups.get(customerId);
  if (!group) return undefined;
  const ids = groupCustomerIds(group);
  const [items, possibleDuplicates] = await Promise.all([
    deps.personData.readPartitions(ids),
    deps.duplicates.listFor(ids),
  ]);
  return { group, items, possibleDuplicates };
}

/** How an erasure ended. */
export type EraseResult =
  | { kind: 'erased'; customerIds: string[]; items: number; claims: number; orderPointers: number }
  | { kind: 'not_found' };

/**
 * Erases a person everywhere: their identity claims first (so a message arriving meanwhile starts
 * a new, empty customer instead of joining what is being deleted), the pointers of their orders,
 * then every item of every customer of the group, and the proposals naming them; the person
 * leaves their segment's count. The funnel's day counters keep anonymous counts only.
 *
 * @example
 * await erasePerson(deps, '01J...');
 */
export async function erasePerson(deps: PersonDataDeps, customerId: string): Promise<EraseResult> {
  const data = await gatherPersonData(deps, customerId);
  if (!data) return { kind: 'not_found' };
  const ids = groupCustomerIds(data.group);
  const profiles = data.items.filter((item): item is StoredItem & CustomerItem => item.type === 'customer');
  const orders = data.items
    .filter((item) => item.type === 'order')
    .map((item) => item.order as { platform: string; platformOrderId: string });
  const [claims, orderPointers] = await Promise.all([
    deps.personData.releaseClaims(profiles.flatMap(identitiesOf), ids),
    deps.personData.removeOrderPointers(orders, ids),
  ]);
  await deps.personData.deleteItems(data.items);
  await Promise.all(data.possibleDuplicates.map((duplicate) => deps.duplicates.remove(duplicate.id)));
  // The segment counts no longer include the person (the funnel keeps its anonymous day counts).
  const segment = data.group.survivor.scores?.segment;
  if (segment) await deps.scoringState.leaveSegment(data.group.survivor.id, segment);
  return { kind: 'erased', customerIds: ids, items: data.items.length, claims, orderPointers };
}

/**
 * The export document of a person: the customer as the API shows it is added by the caller;
 * here every stored item, grouped by what it is, with sets as sorted arrays.
 *
 * @example
 * const document = exportDocument(data);
 */
export function exportDocument(data: PersonData) {
  const byType = (type: string) =>
    data.items
      .filter((item) => item.type === type)
      .map(({ pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, ...rest }) => plain(rest));
  return {
    profiles: byType('customer'),
    identities: [
      ...new Set(
        data.items
          .filter((item) => item.type === 'customer')
          .flatMap((item) =>
            identitiesOf(item as unknown as CustomerItem).map((i) => `${i.kind}:${i.value}`),
          ),
      ),
    ].sort(),
    timeline: byType('timeline'),
    orders: byType('order'),
    receipts: byType('receipt'),
    links: byType('link'),
    alerts: byType('alert'),
    conversations: byType('conversation'),
    conversationMessages: byType('conversation-message'),
    possibleDuplicates: data.possibleDuplicates,
  };
}

/** A stored value with sets as sorted arrays, ready for JSON. */
function plain(value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}
