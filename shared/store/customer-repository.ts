import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerFacts, CustomerScores, LifecycleStage, OrderStats } from '../domain/customer';
import { emptyOrderStats } from '../domain/customer';
import { identityText } from '../domain/identity';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import type { CustomerItem } from './customer-item';
import { writeIf } from './dynamo-client';
import { customerProfileKey, customerSegmentKeys } from './keys';

/** The score-owned part of a profile, written under optimistic concurrency. */
export interface ScoreUpdate {
  /** Only the order figures: message counts belong to the receivers and are never overwritten here. */
  orderStats: OrderStats;
  lifecycleStage: LifecycleStage;
  scores: CustomerScores;
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
  ): Promise<void> {
    const update = this.factsUpdate(customerId, facts, now, channel, { count: true });
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

  private factsUpdate(
    customerId: string,
    facts: CustomerFacts,
    now: string,
    channel: string,
    options: { count?: boolean } = {},
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
      adds.push('messageCount :one');
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
   * Writes new scores if nobody scored the customer since `expectedRevision` was read;
   * returns false when another writer got there first (the caller re-reads and retries).
   */
  async writeScores(
    customerId: string,
    update: ScoreUpdate,
    expectedRevision: number | undefined,
  ): Promise<boolean> {
    const { orders, revenue, firstOrderAt, lastOrderAt, unconvertedOrders } = update.orderStats;
    const sets = [
      'stats.orders = :orders',
      'stats.revenue = :revenue',
      'lifecycleStage = :stage',
      'scores = :scores',
      'scoreRevision = :next',
    ];
    const removes: string[] = [];
    const values: Record<string, unknown> = {
      ':orders': orders,
      ':revenue': revenue,
      ':stage': update.lifecycleStage,
      ':scores': update.scores,
      ':next': (expectedRevision ?? 0) + 1,
    };
    for (const [name, value] of [
      ['firstOrderAt', firstOrderAt],
      ['lastOrderAt', lastOrderAt],
      ['unconvertedOrders', unconvertedOrders],
    ] as const) {
      if (value) {
        sets.push(`stats.${name} = :${name}`);
        values[`:${name}`] = value;
      } else {
        removes.push(`stats.${name}`);
      }
    }
    if (expectedRevision !== undefined) values[':expected'] = expectedRevision;
    return writeIf(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: customerProfileKey(customerId),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression:
            expectedRevision === undefined
              ? 'attribute_exists(pk) AND attribute_not_exists(scoreRevision)'
              : 'scoreRevision = :expected',
          ExpressionAttributeValues: values,
        }),
      ),
    );
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
