import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { MergeRecord } from '../domain/customer-merges';
import type { CanonicalEvent } from '../events/contracts';
import { counterShardOf } from '../store/counter-shards';
import { customerProfileKey, segmentCounterKey, timelineItemKey } from '../store/keys';
import { writeIf } from '../store/write-refused';
import type { CustomerGroup, CustomerItem } from './customer-item';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A merge to write: `merged` (with its own members) joins `survivor`'s group. */
export interface MergeWrite {
  survivor: CustomerItem;
  merged: CustomerGroup;
  record: MergeRecord;
  /** The `customer.merged` event, stored on the survivor's timeline (and so published) with the merge. */
  event: CanonicalEvent;
  now: string;
}

/** An unmerge to write: `separated` and the members merged through it leave `survivor`'s group. */
export interface UnmergeWrite {
  survivor: CustomerItem;
  separatedId: string;
  /** Members merged into the group through `separated`: they leave with it. */
  leaving: string[];
  /** The two `customer.unmerged` events, one on each side's timeline. */
  events: [CanonicalEvent, CanonicalEvent];
  now: string;
}

/**
 * Raised when a merge would move more customers than one DynamoDB transaction holds (100 items).
 *
 * @example
 * throw new GroupTooLargeError('a group of 120 customers cannot be merged in one step');
 */
export class GroupTooLargeError extends Error {
  override name = 'GroupTooLargeError';
}

/** Items of a transaction besides the members moved: the two profiles and the event(s). */
const fixedTransactionItems = 5;
const maxTransactionItems = 100;

/**
 * Groups of merged customers. A merge never copies a customer's history: the members keep their
 * partitions and the survivor lists them, so a merge writes the two profiles, one pointer per
 * member already merged into the merged customer, and the `customer.merged` event, in one
 * transaction, whatever the length of either timeline. Every member points straight at the
 * survivor, so any id finds its group in one read.
 *
 * @example
 * const groups = new CustomerGroupRepository(documentClient(), 'rapport');
 * const group = await groups.get('01J...'); // the same group for a survivor and a merged-away id
 */
export class CustomerGroupRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The group of a customer (strongly consistent), found from any of its ids, or `undefined`. */
  async get(customerId: string): Promise<CustomerGroup | undefined> {
    let survivor = await this.profile(customerId);
    // One hop normally; more only when a merge of the survivor itself landed between two reads.
    for (let hop = 0; survivor?.mergedInto && hop < 4; hop += 1) {
      survivor = await this.profile(survivor.mergedInto);
    }
    if (!survivor) return undefined;
    if (survivor.mergedInto) throw new Error(`customer ${customerId} kept moving between groups while read`);
    const memberIds = Object.keys(survivor.members ?? {});
    return { survivor, members: await this.profiles(memberIds) };
  }

  /** Writes a merge; false when either side changed since it was read (the caller re-reads). */
  async merge(write: MergeWrite): Promise<boolean> {
    const { survivor, merged, record, event, now } = write;
    if (merged.members.length + fixedTransactionItems > maxTransactionItems) {
      throw new GroupTooLargeError(
        `customer ${merged.survivor.id} has ${merged.members.length} merged customers; at most ${maxTransactionItems - fixedTransactionItems} move in one merge`,
      );
    }
    const members = { ...(survivor.members ?? {}), ...(merged.survivor.members ?? {}) };
    members[merged.survivor.id] = record;
    const items: TransactItem[] = [
      this.profileUpdate(survivor, {
        UpdateExpression: 'SET members = :members, groupRevision = :next, updatedAt = :now',
        ExpressionAttributeValues: { ':members': members, ':now': now },
      }),
      this.profileUpdate(merged.survivor, {
        // A merged-away customer leaves the segment and due-date indexes: its survivor stands for it.
        UpdateExpression:
          'SET mergedInto = :survivor, mergedAt = :now, groupRevision = :next, updatedAt = :now REMOVE members, gsi1pk, gsi1sk, gsi2pk, gsi2sk, scores.#segment',
        ExpressionAttributeNames: { '#segment': 'segment' },
        ExpressionAttributeValues: { ':survivor': survivor.id, ':now': now },
      }),
      ...merged.members.map((member) => this.pointerMove(member.id, merged.survivor.id, survivor.id)),
      this.eventPut(event),
      ...this.leaveSegment(merged.survivor),
    ];
    return this.transact(items);
  }

  /** The segment counter decrement of a customer merged away (it is counted in its survivor). */
  private leaveSegment(item: CustomerItem): TransactItem[] {
    const segment = item.scores?.segment;
    if (!segment) return [];
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: segmentCounterKey(counterShardOf(item.id)),
          UpdateExpression: 'ADD #segment :minus',
          ExpressionAttributeNames: { '#segment': segment },
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
    ];
  }

  /** Writes an unmerge; false when the group changed since it was read (the caller re-reads). */
  async unmerge(write: UnmergeWrite): Promise<boolean> {
    const { survivor, separatedId, leaving, events, now } = write;
    const records = survivor.members ?? {};
    const remaining = Object.fromEntries(
      Object.entries(records).filter(([id]) => id !== separatedId && !leaving.includes(id)),
    );
    const moved = Object.fromEntries(leaving.map((id) => [id, records[id] as MergeRecord]));
    const stay = membersUpdate(remaining);
    const leave = membersUpdate(moved);
    const items: TransactItem[] = [
      this.profileUpdate(survivor, {
        UpdateExpression: updateExpression({
          set: [...stay.set, 'groupRevision = :next', 'updatedAt = :now'],
          add: ['keptApartFrom :apart'],
          remove: stay.remove,
        }),
        ExpressionAttributeValues: {
          ...stay.values,
          ':now': now,
          ':apart': new Set([separatedId]),
        },
      }),
      {
        Update: {
          TableName: this.tableName,
          Key: customerProfileKey(separatedId),
          UpdateExpression: updateExpression({
            set: [...leave.set, 'updatedAt = :now'],
            add: ['groupRevision :one', 'keptApartFrom :apart'],
            remove: [...leave.remove, 'mergedInto', 'mergedAt'],
          }),
          ConditionExpression: 'mergedInto = :survivor',
          ExpressionAttributeValues: {
            ...leave.values,
            ':now': now,
            ':one': 1,
            ':apart': new Set([survivor.id]),
            ':survivor': survivor.id,
          },
        },
      },
      ...leaving.map((id) => this.pointerMove(id, survivor.id, separatedId)),
      ...events.map((event) => this.eventPut(event)),
    ];
    return this.transact(items);
  }

  /** Records that two customers are different people, so that no link between them merges them again. */
  async keepApart(aId: string, bId: string): Promise<void> {
    await Promise.all(
      [
        [aId, bId],
        [bId, aId],
      ].map(([id, other]) =>
        // An erased customer has nobody left to keep apart.
        writeIf(
          this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: customerProfileKey(id as string),
              UpdateExpression: 'ADD keptApartFrom :other',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':other': new Set([other]) },
            }),
          ),
        ),
      ),
    );
  }

  private profileUpdate(
    item: CustomerItem,
    update: {
      UpdateExpression: string;
      ExpressionAttributeValues: Record<string, unknown>;
      ExpressionAttributeNames?: Record<string, string>;
    },
  ): TransactItem {
    const expected = item.groupRevision;
    return {
      Update: {
        TableName: this.tableName,
        Key: customerProfileKey(item.id),
        UpdateExpression: update.UpdateExpression,
        // Still a survivor, and nobody merged or unmerged it since it was read.
        ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(mergedInto) AND ${
          expected === undefined ? 'attribute_not_exists(groupRevision)' : 'groupRevision = :expected'
        }`,
        ...(update.ExpressionAttributeNames
          ? { ExpressionAttributeNames: update.ExpressionAttributeNames }
          : {}),
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':next': (expected ?? 0) + 1,
          ...(expected === undefined ? {} : { ':expected': expected }),
        },
      },
    };
  }

  private pointerMove(memberId: string, from: string, to: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: customerProfileKey(memberId),
        UpdateExpression: 'SET mergedInto = :to',
        ConditionExpression: 'mergedInto = :from',
        ExpressionAttributeValues: { ':from': from, ':to': to },
      },
    };
  }

  private eventPut(event: CanonicalEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...timelineItemKey(event.customerId, event.occurredAt, event.id),
          type: 'timeline',
          event,
          receivedAt: event.occurredAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private transact(items: TransactItem[]): Promise<boolean> {
    // A failed condition or a concurrent transaction on the same items: re-read and decide again.
    return writeIf(this.client.send(new TransactWriteCommand({ TransactItems: items })), 'any-cancellation');
  }

  private async profile(customerId: string): Promise<CustomerItem | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerProfileKey(customerId),
        ConsistentRead: true,
      }),
    );
    return result.Item as CustomerItem | undefined;
  }

  private async profiles(customerIds: ReadonlyArray<string>): Promise<CustomerItem[]> {
    const found: CustomerItem[] = [];
    for (let start = 0; start < customerIds.length; start += 100) {
      let keys: Record<string, unknown>[] | undefined = customerIds
        .slice(start, start + 100)
        .map(customerProfileKey);
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt += 1) {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        found.push(...((result.Responses?.[this.tableName] ?? []) as CustomerItem[]));
        keys = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
      if (keys && keys.length > 0) throw new Error('Reading a customer group left keys unprocessed');
    }
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }
}

/**
 * Writes a group's members, or removes the attribute when there are none: absence means the same,
 * and an empty map is one more shape every reader of the item and of its stream must decode
 * (DynamoDB Local streams it untyped).
 */
function membersUpdate(members: Record<string, MergeRecord>): {
  set: string[];
  remove: string[];
  values: Record<string, unknown>;
} {
  return Object.keys(members).length > 0
    ? { set: ['members = :members'], remove: [], values: { ':members': members } }
    : { set: [], remove: ['members'], values: {} };
}

function updateExpression(clauses: { set: string[]; add: string[]; remove: string[] }): string {
  return [
    clauses.set.length ? `SET ${clauses.set.join(', ')}` : '',
    clauses.add.length ? `ADD ${clauses.add.join(', ')}` : '',
    clauses.remove.length ? `REMOVE ${clauses.remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
