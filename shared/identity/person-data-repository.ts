import { BatchWriteCommand, DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../domain/identity';
import { customerPartition, type ItemKey, identityClaimKey, orderPointerKey } from '../store/keys';
import { queryAll } from '../store/query-all';
import { writeIf } from '../store/write-refused';

/** A stored item as read back whole. */
export type StoredItem = ItemKey & { type?: string } & Record<string, unknown>;

/**
 * Everything held on one person, for export and erasure (rare, operator-driven, never on a
 * webhook's path): the customers' whole partitions, and the items found by the person's
 * identities and order ids (claims, order pointers).
 *
 * @example
 * const data = new PersonDataRepository(documentClient(), 'rapport');
 * const items = await data.readPartitions(['01A', '01B']);
 */
export class PersonDataRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every item of the customers' partitions (profile, timeline, orders, receipts, links). */
  async readPartitions(customerIds: ReadonlyArray<string>): Promise<StoredItem[]> {
    const pages = await Promise.all(customerIds.map((id) => this.readPartition(id)));
    return pages.flat();
  }

  /** Deletes items by key, 25 per request, until DynamoDB has processed them all. */
  async deleteItems(keys: ReadonlyArray<ItemKey>): Promise<void> {
    for (let start = 0; start < keys.length; start += 25) {
      let requests: Array<{ DeleteRequest: { Key: Record<string, unknown> } }> | undefined = keys
        .slice(start, start + 25)
        .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
      for (let attempt = 0; requests && requests.length > 0; attempt += 1) {
        if (attempt === 8) throw new Error('Deleting a person left items unprocessed');
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = result.UnprocessedItems?.[this.tableName] as typeof requests;
        if (requests?.length) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  /** Deletes identity claims still held by one of `customerIds` (a claim since taken by someone else stays). */
  async releaseClaims(
    identities: ReadonlyArray<Identity>,
    customerIds: ReadonlyArray<string>,
  ): Promise<number> {
    const released = await Promise.all(
      identities.map((identity) => this.deleteHeldBy(identityClaimKey(identity), customerIds)),
    );
    return released.filter(Boolean).length;
  }

  /** Deletes the pointers of orders still held by one of `customerIds`. */
  async removeOrderPointers(
    orders: ReadonlyArray<{ platform: string; platformOrderId: string }>,
    customerIds: ReadonlyArray<string>,
  ): Promise<number> {
    const removed = await Promise.all(
      orders.map((order) =>
        this.deleteHeldBy(orderPointerKey(order.platform, order.platformOrderId), customerIds),
      ),
    );
    return removed.filter(Boolean).length;
  }

  private deleteHeldBy(key: ItemKey, customerIds: ReadonlyArray<string>): Promise<boolean> {
    const names = customerIds.map((_, index) => `:c${index}`);
    return writeIf(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: `customerId IN (${names.join(', ')})`,
          ExpressionAttributeValues: Object.fromEntries(
            names.map((name, index) => [name, customerIds[index]]),
          ),
        }),
      ),
    );
  }

  private async readPartition(customerId: string): Promise<StoredItem[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPartition(customerId) },
      ConsistentRead: true,
    });
    return items as StoredItem[];
  }
}
