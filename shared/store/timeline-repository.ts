import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CanonicalEvent } from '../events/contracts';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { putIfAbsent } from './dynamo-client';
import { customerProfileKey, customerTimelinePrefix, dueKeys, firstSeenKey, timelineItemKey } from './keys';

/** Extra data kept beside the event on its timeline item (never published). */
export interface TimelineProvenance {
  receivedAt: string;
  deliveryId?: string;
}

/**
 * The customer timeline. Each item is a canonical event: the relay publishes it from the table's
 * stream when it is inserted (transactional outbox), so an event exists if and only if it is stored.
 *
 * @example
 * const timeline = new TimelineRepository(documentClient(), 'rapport');
 * await timeline.append(event, { receivedAt: new Date().toISOString() });
 */
export class TimelineRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores the event once; returns false when it was already stored (a redelivery). `indexKeys`
   * put the item on an index as well (a started checkout on the due-date index).
   */
  async append(
    event: CanonicalEvent,
    provenance: TimelineProvenance,
    indexKeys: Record<string, string> = {},
  ): Promise<boolean> {
    return putIfAbsent(this.client, this.tableName, {
      ...timelineItemKey(event.customerId, event.occurredAt, event.id),
      ...indexKeys,
      type: 'timeline',
      event,
      ...provenance,
    });
  }

  /**
   * Stores the event unless it is there already, checking with a read first: used to replay
   * the changes of a redelivery, where the item almost always exists and a failed conditional
   * put would still cost a write unit.
   */
  async ensure(event: CanonicalEvent, provenance: TimelineProvenance): Promise<boolean> {
    const existing = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: timelineItemKey(event.customerId, event.occurredAt, event.id),
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
    );
    return existing.Item ? false : this.append(event, provenance);
  }

  /**
   * The time an event without a platform timestamp was first received: the first caller records
   * `receivedAt`, later ones (redeliveries) read it back. Kept 30 days.
   */
  async firstSeen(eventId: string, receivedAt: string): Promise<string> {
    const key = firstSeenKey(eventId);
    const recorded = await putIfAbsent(this.client, this.tableName, {
      ...key,
      type: 'first-seen',
      receivedAt,
      expiresAt: Math.floor(Date.parse(receivedAt) / 1000) + 30 * 86400,
    });
    if (recorded) return receivedAt;
    const existing = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return (existing.Item?.receivedAt as string | undefined) ?? receivedAt;
  }

  /** One page of a customer's timeline, newest first. */
  async listNewestFirst(customerId: string, limit: number, cursor?: string): Promise<Page<CanonicalEvent>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': customerProfileKey(customerId).pk,
          ':prefix': customerTimelinePrefix,
        },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, {
          keyNames: ['pk', 'sk'],
          fixed: { pk: customerProfileKey(customerId).pk },
          prefixes: { sk: customerTimelinePrefix },
        }),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => item.event as CanonicalEvent),
      cursor: encodeCursor(page.LastEvaluatedKey),
    };
  }

  /**
   * Started checkouts due to be called abandoned by `until` (query: due work on gsi2, one
   * partition per day, never a scan).
   */
  async listCheckoutsDue(
    day: string,
    until: string,
  ): Promise<Array<{ pk: string; sk: string; dueAt: string; event: CanonicalEvent }>> {
    const items: Array<{ pk: string; sk: string; dueAt: string; event: CanonicalEvent }> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :until',
          ExpressionAttributeValues: {
            ':pk': dueKeys('checkout-abandoned', `${day}T00:00:00.000Z`, '').gsi2pk,
            ':until': `${until}#~`,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const dueAt = String(item.gsi2sk).split('#')[0] ?? until;
        items.push({ pk: item.pk, sk: item.sk, dueAt, event: item.event as CanonicalEvent });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Takes a checkout off the due-date index, recording how it ended. */
  async resolveCheckout(key: { pk: string; sk: string }, resolution: 'abandoned' | 'ordered'): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: 'REMOVE gsi2pk, gsi2sk SET checkoutResolution = :resolution',
        ExpressionAttributeValues: { ':resolution': resolution },
      }),
    );
  }
}
