import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CanonicalEvent } from '../events/contracts';
import type { Interaction } from '../scoring/engagement';
import { InvalidCursorError, type Page } from '../store/cursor';
import {
  customerProfileKey,
  customerTimelinePrefix,
  dueKeys,
  firstSeenKey,
  timelineItemKey,
} from '../store/keys';
import { putIfAbsent } from '../store/write-refused';

/** The most recent timeline items engagement reads per customer. */
const maxInteractions = 200;

/** A partition of a group timeline read to its end. */
const exhausted = '-';

/**
 * Reads a group timeline cursor: a position (a timeline sort key) or `-` for some of the group's
 * customers; a cursor naming anyone else (another customer's list, a forgery) is refused.
 */
function decodeGroupCursor(
  cursor: string | undefined,
  customerIds: ReadonlyArray<string>,
): Record<string, string> {
  if (!cursor) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
  const fits =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.entries(value).every(
      ([id, position]) =>
        customerIds.includes(id) &&
        typeof position === 'string' &&
        (position === exhausted || (position.startsWith(customerTimelinePrefix) && position.length <= 1024)),
    );
  if (!fits) throw new InvalidCursorError('cursor does not belong to this list');
  return value as Record<string, string>;
}

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

  /**
   * One page of the timelines of several customers (a merged group), newest first, merged by time:
   * each partition is read from where the last page stopped in it, and the cursor keeps one
   * position per partition, so the page costs one query per customer whatever their history.
   * Items are shown under `presentAs` (the group's survivor).
   */
  async listGroupNewestFirst(
    customerIds: ReadonlyArray<string>,
    presentAs: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<CanonicalEvent>> {
    const positions = decodeGroupCursor(cursor, customerIds);
    const live = customerIds.filter((id) => positions[id] !== exhausted);
    const pages = await Promise.all(
      live.map(async (customerId) => {
        const after = positions[customerId];
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
            ...(after ? { ExclusiveStartKey: { pk: customerProfileKey(customerId).pk, sk: after } } : {}),
          }),
        );
        return { customerId, items: page.Items ?? [], more: Boolean(page.LastEvaluatedKey) };
      }),
    );
    const merged = pages
      .flatMap((page) => page.items.map((item) => ({ customerId: page.customerId, item })))
      .sort((a, b) => (a.item.sk < b.item.sk ? 1 : a.item.sk > b.item.sk ? -1 : 0))
      .slice(0, limit);
    const next: Record<string, string> = { ...positions };
    for (const page of pages) {
      const taken = merged.filter((entry) => entry.customerId === page.customerId);
      const last = taken.at(-1);
      if (last) next[page.customerId] = last.item.sk as string;
      if (!page.more && taken.length === page.items.length) next[page.customerId] = exhausted;
    }
    const finished = customerIds.every((id) => next[id] === exhausted);
    return {
      items: merged.map(({ item }) => ({ ...(item.event as CanonicalEvent), customerId: presentAs })),
      cursor: finished ? null : Buffer.from(JSON.stringify(next)).toString('base64url'),
    };
  }

  /**
   * The most recent interactions engagement counts (messages, comments, started checkouts, placed
   * orders) on the customers' timelines since a time, at most `limit` (newest first, one bounded
   * query per customer, projected to the event's type and time), so scoring one event costs the
   * same for a customer who wrote a thousand times.
   */
  async interactionsSince(
    customerIds: ReadonlyArray<string>,
    since: string,
    limit = maxInteractions,
  ): Promise<Interaction[]> {
    const kinds: Record<string, Interaction['kind']> = {
      'message.received': 'message',
      'comment.received': 'comment',
      'checkout.started': 'checkout',
      'order.placed': 'order',
    };
    const pages = await Promise.all(
      customerIds.map(async (customerId) => {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeNames: { '#event': 'event', '#type': 'type', '#at': 'occurredAt' },
            ExpressionAttributeValues: {
              ':pk': customerProfileKey(customerId).pk,
              ':from': `${customerTimelinePrefix}${since}`,
              ':to': `${customerTimelinePrefix}~`,
            },
            ProjectionExpression: '#event.#type, #event.#at',
            ScanIndexForward: false,
            Limit: limit,
          }),
        );
        return (page.Items ?? []).flatMap((item): Interaction[] => {
          const event = item.event as { type: string; occurredAt: string };
          const kind = kinds[event.type];
          return kind ? [{ kind, at: event.occurredAt }] : [];
        });
      }),
    );
    return pages
      .flat()
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit);
  }

  /**
   * True when one of the customers' timelines holds an event of the type (a filtered read of the
   * timelines: used only to recompute a stage after an unmerge, never on a webhook's path).
   */
  async hasEventOfType(customerIds: ReadonlyArray<string>, type: string): Promise<boolean> {
    for (const customerId of customerIds) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            FilterExpression: '#event.#type = :type',
            ExpressionAttributeNames: { '#event': 'event', '#type': 'type' },
            ExpressionAttributeValues: {
              ':pk': customerProfileKey(customerId).pk,
              ':prefix': customerTimelinePrefix,
              ':type': type,
            },
            ProjectionExpression: 'pk',
            ExclusiveStartKey: startKey,
          }),
        );
        if ((page.Items ?? []).length > 0) return true;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return false;
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
