import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CustomerFacts, CustomerScores, LifecycleStage, OrderStats } from '../domain/customer';
import { emptyOrderStats } from '../domain/customer';
import { identityText } from '../domain/identity';
import { decodeCursor, encodeCursor, type Page } from '../store/cursor';
import {
  customerProfileKey,
  customerSegmentKeys,
  dueKeys,
  funnelCounterKey,
  segmentCounterKey,
} from '../store/keys';
import { queryAll } from '../store/query-all';
import { writeIf } from '../store/write-refused';
import type { CustomerItem } from './customer-item';

/** The score-owned part of a profile, written under optimistic concurrency. */
export interface ScoreUpdate {
  /** Only the order figures: message counts belong to the receivers and are never overwritten here. */
  orderStats: OrderStats;
  lifecycleStage: LifecycleStage;
  scores: CustomerScores;
  /** The customer's place in its segment's list (best first), or none (no order yet). */
  segmentRank?: { segment: string; rank: number };
  /** When time alone will change a score next: the daily job rescores the customer then. */
  rescoreDueAt?: string;
  /** Counter changes to apply with the write, exactly once (in one transaction). */
  counters?: {
    shard: number;
    segment?: { from?: string; to?: string };
    /** Stages reached by this write, counted on `day` in the funnel. */
    stagesReached: string[];
    day: string;
  };
}

/**
 * Customer profile items.
 *
 * @example
 * const customers = new CustomerRepository(documentClient(), 'rapport', 'USD');
 * await customers.recordFacts('01J...', facts, new Date().toISOString(), 'shopify');
 */
export class CustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly baseCurrency: string,
  ) {}

  /** Reads one profile (strongly consistent), or `undefined`. */
  async get(customerId: string): Promise<CustomerItem | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerProfileKey(customerId),
        ConsistentRead: true,
      }),
    );
    return result.Item as CustomerItem | undefined;
  }

  /**
   * Creates the profile if missing and adds what the facts tell: one idempotent update, so a
   * retried delivery changes nothing but `updatedAt`.
   */
  async recordFacts(customerId: string, facts: CustomerFacts, now: string, channel: string): Promise<void> {
    await this.client.send(new UpdateCommand(this.factsUpdate(customerId, facts, now, channel)));
  }

  /**
   * {@link recordFacts} and one new message counted, in one write (called once, after the
   * message's timeline item was inserted): `lastMessageAt` moves forward, never back.
   */
  async recordMessage(
    customerId: string,
    facts: CustomerFacts,
    occurredAt: string,
    now: string,
    channel: string,
    kind: 'message' | 'comment' = 'message',
  ): Promise<void> {
    const update = this.factsUpdate(customerId, facts, now, channel, {
      count: kind === 'comment' ? 'commentCount' : 'messageCount',
    });
    const newer = await writeIf(
      this.client.send(
        new UpdateCommand({
          ...update,
          UpdateExpression: update.UpdateExpression.replace('SET ', 'SET lastMessageAt = :at, '),
          ConditionExpression: 'attribute_not_exists(lastMessageAt) OR lastMessageAt <= :at',
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':at': occurredAt },
        }),
      ),
    );
    // An older message arriving late is counted without moving lastMessageAt back.
    if (!newer) await this.client.send(new UpdateCommand(update));
  }

  /**
   * Counts one started checkout (called once, after its timeline item was inserted) and moves
   * `lastCheckoutAt` forward, never back.
   */
  async countCheckout(customerId: string, occurredAt: string): Promise<void> {
    const key = customerProfileKey(customerId);
    const newer = await writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD checkoutCount :one SET lastCheckoutAt = :at',
          ConditionExpression: 'attribute_not_exists(lastCheckoutAt) OR lastCheckoutAt <= :at',
          ExpressionAttributeValues: { ':one': 1, ':at': occurredAt },
        }),
      ),
    );
    if (newer) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD checkoutCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }

  private factsUpdate(
    customerId: string,
    facts: CustomerFacts,
    now: string,
    channel: string,
    options: { count?: 'messageCount' | 'commentCount' } = {},
  ) {
    const sets: string[] = [
      '#type = :type',
      'id = :id',
      'createdAt = if_not_exists(createdAt, :now)',
      'createdVia = if_not_exists(createdVia, :channel)',
      'updatedAt = :now',
      'stats = if_not_exists(stats, :stats)',
      'lifecycleStage = if_not_exists(lifecycleStage, :stage)',
      'scores = if_not_exists(scores, :scores)',
    ];
    const values: Record<string, unknown> = {
      ':type': 'customer',
      ':id': customerId,
      ':now': now,
      ':channel': channel,
      ':stats': emptyOrderStats(this.baseCurrency),
      ':stage': 'visitor',
      ':scores': { reasons: [] },
    };
    if (facts.name) {
      sets.push('#name = if_not_exists(#name, :name)');
      values[':name'] = facts.name;
    }
    const adds: string[] = [];
    const addSet = (attribute: string, items: string[]) => {
      if (items.length === 0) return;
      adds.push(`${attribute} :${attribute}`);
      values[`:${attribute}`] = new Set(items);
    };
    addSet('emails', facts.emails);
    addSet('phones', facts.phones);
    addSet('identityTexts', facts.identities.map(identityText));
    if (options.count) {
      adds.push(`${options.count} :one`);
      values[':one'] = 1;
    }
    return {
      TableName: this.tableName,
      Key: customerProfileKey(customerId),
      UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: { '#type': 'type', ...(facts.name ? { '#name': 'name' } : {}) },
      ExpressionAttributeValues: values,
    };
  }

  /**
   * Writes new scores if nobody scored the customer since `expectedRevision` was read (false when
   * another writer got there first: the caller re-reads and retries). The segment index and the
   * due-date index move with the scores; counter changes go in the same transaction, so a retried
   * scoring never counts twice.
   */
  async writeScores(
    customerId: string,
    update: ScoreUpdate,
    expectedRevision: number | undefined,
  ): Promise<boolean> {
    const stats = update.orderStats;
    const sets = [
      'stats.orders = :orders',
      'stats.revenue = :revenue',
      'lifecycleStage = :stage',
      'scores = :scores',
      'scoreRevision = :next',
    ];
    const removes: string[] = [];
    const values: Record<string, unknown> = {
      ':orders': stats.orders,
      ':revenue': stats.revenue,
      ':stage': update.lifecycleStage,
      ':scores': update.scores,
      ':next': (expectedRevision ?? 0) + 1,
    };
    for (const [name, value] of [
      ['firstOrderAt', stats.firstOrderAt],
      ['lastOrderAt', stats.lastOrderAt],
      ['unconvertedOrders', stats.unconvertedOrders],
      ['repeatOrders', stats.repeatOrders],
      ['meanRepeatOrderValue', stats.meanRepeatOrderValue],
    ] as const) {
      if (value) {
        sets.push(`stats.${name} = :${name}`);
        values[`:${name}`] = value;
      } else {
        removes.push(`stats.${name}`);
      }
    }
    if (update.segmentRank) {
      const keys = customerSegmentKeys(update.segmentRank.segment, update.segmentRank.rank, customerId);
      sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
      values[':gsi1pk'] = keys.gsi1pk;
      values[':gsi1sk'] = keys.gsi1sk;
    } else {
      removes.push('gsi1pk', 'gsi1sk');
    }
    if (update.rescoreDueAt) {
      const keys = dueKeys('rescore', update.rescoreDueAt, customerId);
      sets.push('gsi2pk = :gsi2pk', 'gsi2sk = :gsi2sk');
      values[':gsi2pk'] = keys.gsi2pk;
      values[':gsi2sk'] = keys.gsi2sk;
    } else {
      removes.push('gsi2pk', 'gsi2sk');
    }
    if (expectedRevision !== undefined) values[':expected'] = expectedRevision;
    const profileUpdate = {
      TableName: this.tableName,
      Key: customerProfileKey(customerId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression:
        expectedRevision === undefined
          ? 'attribute_exists(pk) AND attribute_not_exists(scoreRevision) AND attribute_not_exists(mergedInto)'
          : 'scoreRevision = :expected AND attribute_not_exists(mergedInto)',
      ExpressionAttributeValues: values,
    };
    const counterUpdates = update.counters ? counterChanges(this.tableName, update.counters) : [];
    if (counterUpdates.length === 0) return writeIf(this.client.send(new UpdateCommand(profileUpdate)));
    return writeIf(
      this.client.send(
        new TransactWriteCommand({ TransactItems: [{ Update: profileUpdate }, ...counterUpdates] }),
      ),
      'any-cancellation',
    );
  }

  /**
   * Every buyer (every customer with a segment), read from the segment index partition by
   * partition: for the daily and weekly batch jobs only, never a request path.
   */
  async listAllBuyers(segments: ReadonlyArray<string>): Promise<CustomerItem[]> {
    const buyers: CustomerItem[] = [];
    for (const segment of segments) {
      const items = await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': customerSegmentKeys(segment, 0, '').gsi1pk },
      });
      buyers.push(...(items as unknown as CustomerItem[]));
    }
    return buyers;
  }

  /** Customers due to be rescored on a day, up to a time (query: due work on gsi2, one partition per day). */
  async listDueForRescore(day: string, until: string): Promise<string[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
      ExpressionAttributeValues: {
        ':pk': dueKeys('rescore', `${day}T00:00:00.000Z`, '').gsi2pk,
        ':until': `${until}#~`,
      },
      ProjectionExpression: 'id',
    });
    return items.map((item) => item.id as string);
  }

  /**
   * One page of every customer's id, by a scan of the table keeping profiles only (for batch jobs
   * that must see customers in no segment, such as campaign audiences given by conditions alone;
   * never on a request path). `limit` counts items read, so a page may hold fewer customers.
   */
  async scanCustomerIds(limit: number, cursor?: string): Promise<Page<string>> {
    const page = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: 'sk = :profile',
        ExpressionAttributeValues: { ':profile': 'PROFILE' },
        ProjectionExpression: 'id',
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { keyNames: ['pk', 'sk'], fixed: {} }),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => item.id as string),
      cursor: encodeCursor(page.LastEvaluatedKey),
    };
  }

  /** One page of the customers in an RFM segment, best first (query: customers by segment, gsi1). */
  async listBySegment(segment: string, limit: number, cursor?: string): Promise<Page<CustomerItem>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': customerSegmentKeys(segment, 0, '').gsi1pk },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          keyNames: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
          fixed: { gsi1pk: customerSegmentKeys(segment, 0, '').gsi1pk },
        }),
      }),
    );
    return { items: (page.Items ?? []) as CustomerItem[], cursor: encodeCursor(page.LastEvaluatedKey) };
  }
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The counter updates of a scoring: segment moves (-1 from, +1 to) and stages reached that day. */
function counterChanges(tableName: string, counters: NonNullable<ScoreUpdate['counters']>) {
  const updates: TransactItem[] = [];
  const add = (key: { pk: string; sk: string }, changes: Record<string, number>) => {
    const names = Object.keys(changes);
    if (names.length === 0) return;
    updates.push({
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET #type = :type ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':type': 'counter',
          ...Object.fromEntries(names.map((name, i) => [`:v${i}`, changes[name]])),
        },
      },
    });
  };
  const { segment } = counters;
  if (segment && segment.from !== segment.to) {
    add(segmentCounterKey(counters.shard), {
      ...(segment.from ? { [segment.from]: -1 } : {}),
      ...(segment.to ? { [segment.to]: 1 } : {}),
    });
  }
  add(
    funnelCounterKey(counters.day, counters.shard),
    Object.fromEntries(counters.stagesReached.map((stage) => [stage, 1])),
  );
  return updates;
}
