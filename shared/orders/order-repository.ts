import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderState } from '../domain/order-state';
import { customerOrderKey, customerOrdersPrefix, customerProfileKey, orderPointerKey } from '../store/keys';
import { queryAll } from '../store/query-all';
import { putIfAbsent, writeIf } from '../store/write-refused';

/** A stored order with the revision used for optimistic concurrency. */
export interface StoredOrder {
  state: OrderState;
  revision: number;
}

/**
 * Orders (in their customer's partition) and the pointers that find them by platform id.
 *
 * @example
 * const orders = new OrderRepository(documentClient(), 'rapport');
 * const customerId = await orders.findCustomerOf('shopify', '450789469');
 */
export class OrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The customer holding a platform order, or `undefined` if the order was never seen. */
  async findCustomerOf(platform: string, platformOrderId: string): Promise<string | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: orderPointerKey(platform, platformOrderId),
        ConsistentRead: true,
      }),
    );
    return result.Item?.customerId as string | undefined;
  }

  /**
   * Records which customer holds a platform order; the first writer wins and the holder is
   * returned either way (with `created` when this call made the pointer), so concurrent first
   * deliveries agree.
   */
  async pointTo(
    platform: string,
    platformOrderId: string,
    customerId: string,
  ): Promise<{ customerId: string; created: boolean }> {
    const created = await putIfAbsent(this.client, this.tableName, {
      ...orderPointerKey(platform, platformOrderId),
      type: 'order-pointer',
      customerId,
    });
    if (created) return { customerId, created };
    const holder = await this.findCustomerOf(platform, platformOrderId);
    if (!holder) throw new Error('Order pointer conflicted but is missing');
    return { customerId: holder, created };
  }

  /** Reads one order (strongly consistent). */
  async get(customerId: string, platform: string, platformOrderId: string): Promise<StoredOrder | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: customerOrderKey(customerId, platform, platformOrderId),
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    return { state: result.Item.order as OrderState, revision: result.Item.revision as number };
  }

  /**
   * Writes the next state of an order if it is still at `expectedRevision` (undefined: new order);
   * returns false when another delivery changed it first.
   */
  async save(next: OrderState, expectedRevision: number | undefined): Promise<boolean> {
    return writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...customerOrderKey(next.customerId, next.platform, next.platformOrderId),
            type: 'order',
            order: next,
            revision: (expectedRevision ?? 0) + 1,
          },
          ConditionExpression:
            expectedRevision === undefined ? 'attribute_not_exists(pk)' : 'revision = :expected',
          ...(expectedRevision === undefined
            ? {}
            : { ExpressionAttributeValues: { ':expected': expectedRevision } }),
        }),
      ),
    );
  }

  /** Every order of a customer (query: customer's orders, strongly consistent). */
  async listForCustomer(customerId: string): Promise<OrderState[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': customerProfileKey(customerId).pk,
        ':prefix': customerOrdersPrefix,
      },
      ConsistentRead: true,
    });
    return items.map((item) => item.order as OrderState);
  }
}
