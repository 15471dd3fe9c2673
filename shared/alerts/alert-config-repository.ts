import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import { alertConfigRevisionKey, alertRuleKey, destinationKey, type ItemKey, listKeys } from '../store/keys';
import { queryAll } from '../store/query-all';
import { writeIf } from '../store/write-refused';
import type { AlertRule } from './alert-rule';
import type { Destination } from './destination';

/** A stored rule or destination with its id and times. */
export type Stored<T> = T & { id: string; createdAt: string; updatedAt: string };

type Kind = 'rule' | 'destination';

const shapes: Record<
  Kind,
  { key: (id: string) => ItemKey; list: 'ALERT_RULES' | 'DESTINATIONS'; type: string }
> = {
  rule: { key: alertRuleKey, list: 'ALERT_RULES', type: 'alert-rule' },
  destination: { key: destinationKey, list: 'DESTINATIONS', type: 'destination' },
};

/**
 * Alert rules and destinations, one item each, listed newest first on gsi1 (`ALERT_RULES`,
 * `DESTINATIONS`). Writes are whole-item puts: a rule is small and replaced as a unit.
 *
 * @example
 * const config = new AlertConfigRepository(documentClient(), 'rapport');
 * await config.put('rule', id, rule, now);
 */
export class AlertConfigRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates or replaces; a replace keeps the creation time. False when `mustExist` and it does not. */
  async put<K extends Kind>(
    kind: K,
    id: string,
    value: K extends 'rule' ? AlertRule : Destination,
    now: string,
    options: { createdAt?: string; mustExist?: boolean } = {},
  ): Promise<boolean> {
    const shape = shapes[kind];
    const createdAt = options.createdAt ?? now;
    const written = await writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...shape.key(id),
            ...listKeys(shape.list, `${createdAt}#${id}`),
            type: shape.type,
            id,
            createdAt,
            updatedAt: now,
            value,
          },
          ...(options.mustExist ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
        }),
      ),
    );
    if (written) await this.bumpRevision();
    return written;
  }

  async get<K extends Kind>(
    kind: K,
    id: string,
  ): Promise<Stored<K extends 'rule' ? AlertRule : Destination> | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: shapes[kind].key(id), ConsistentRead: true }),
    );
    return result.Item
      ? (fromItem(result.Item) as Stored<K extends 'rule' ? AlertRule : Destination>)
      : undefined;
  }

  async list<K extends Kind>(
    kind: K,
    limit: number,
    cursor?: string,
  ): Promise<Page<Stored<K extends 'rule' ? AlertRule : Destination>>> {
    const page = await queryGsi1List(this.client, this.tableName, shapes[kind].list, limit, cursor);
    return {
      items: page.items.map(fromItem) as Array<Stored<K extends 'rule' ? AlertRule : Destination>>,
      cursor: page.cursor,
    };
  }

  /** Deletes; false when there was nothing to delete. */
  async remove(kind: Kind, id: string): Promise<boolean> {
    const removed = await writeIf(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: shapes[kind].key(id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
    if (removed) await this.bumpRevision();
    return removed;
  }

  /** Every rule or every destination (what `notify` caches). */
  async listAll<K extends Kind>(kind: K): Promise<Array<Stored<K extends 'rule' ? AlertRule : Destination>>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': shapes[kind].list },
    });
    return items.map(fromItem) as Array<Stored<K extends 'rule' ? AlertRule : Destination>>;
  }

  /**
   * The revision of the rules and destinations: it changes with every change, so a cache of them
   * knows with one small read whether to reload.
   */
  async revision(): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: alertConfigRevisionKey(), ConsistentRead: true }),
    );
    return (result.Item?.revision as number | undefined) ?? 0;
  }

  /** Moves the revision on, so that every function's cache of rules and destinations reloads. */
  private async bumpRevision(): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: alertConfigRevisionKey(),
        UpdateExpression: 'SET #type = :type ADD revision :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'alert-config-revision', ':one': 1 },
      }),
    );
  }
}

function fromItem(item: Record<string, unknown>) {
  return {
    ...(item.value as object),
    id: item.id as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
