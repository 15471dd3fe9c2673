import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { wechatAccessTokenKey } from '../store/keys';
import { writeIf } from '../store/write-refused';
import type { AccessTokenStore, StoredAccessToken } from './senders/wechat-access-token';

/**
 * The Official Account's access token in the table, one item (`WECHAT#access-token` / `TOKEN`),
 * read consistently so a holder sees a replacement the moment it is written. A write is
 * conditional: it lands only while the item still holds the token it replaces (or, for the first
 * token, while there is none), so two holders refreshing at once keep one token, the first stored.
 * The token lives at most two hours and is only good with the AppSecret's account.
 *
 * @example
 * const store = new WechatTokenRepository(documentClient, 'rapport');
 * await store.write('TOKEN', '2026-12-04T12:00:00.000Z');
 */
export class WechatTokenRepository implements AccessTokenStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The stored token, or `undefined` when none was ever stored. */
  async read(): Promise<StoredAccessToken | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: wechatAccessTokenKey(), ConsistentRead: true }),
    );
    const item = result.Item;
    if (!item || typeof item.token !== 'string' || typeof item.expiresAt !== 'string') return undefined;
    return { token: item.token, expiresAt: item.expiresAt };
  }

  /** Stores `token` in place of `replacing` (or as the first token); dropped when another holder got there first. */
  async write(token: string, expiresAt: string, replacing?: string): Promise<void> {
    await writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...wechatAccessTokenKey(), type: 'wechat-token', token, expiresAt },
          ...(replacing === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'attribute_not_exists(pk) OR #token = :replacing',
                ExpressionAttributeNames: { '#token': 'token' },
                ExpressionAttributeValues: { ':replacing': replacing },
              }),
        }),
      ),
    );
  }
}

/**
 * An {@link AccessTokenStore} in memory with the repository's rules, for tests and `npm start`.
 *
 * @example
 * const store = createInMemoryAccessTokenStore();
 * await store.write('A', '2026-12-04T12:00:00.000Z');
 * await store.write('B', '2026-12-04T12:00:00.000Z', 'stale'); // dropped: 'A' is stored
 */
export function createInMemoryAccessTokenStore(initial?: StoredAccessToken): AccessTokenStore & {
  writes: StoredAccessToken[];
} {
  let stored = initial;
  const writes: StoredAccessToken[] = [];
  return {
    writes,
    async read() {
      return stored ? { ...stored } : undefined;
    },
    async write(token, expiresAt, replacing) {
      const allowed = stored === undefined || (replacing !== undefined && stored.token === replacing);
      if (!allowed) return;
      stored = { token, expiresAt };
      writes.push({ token, expiresAt });
    },
  };
}
