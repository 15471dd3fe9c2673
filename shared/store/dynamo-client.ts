import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { currentSettings } from '../config/settings';

let client: DynamoDBDocumentClient | undefined;

/**
 * The process's DynamoDB document client, created once per cold start and shared by every
 * repository. Locally it points at DynamoDB Local through `DYNAMODB_ENDPOINT`.
 *
 * @example
 * const repo = new CustomerRepository(documentClient(), currentSettings().TABLE_NAME);
 */
export function documentClient(): DynamoDBDocumentClient {
  if (client) return client;
  const settings = currentSettings();
  const base = new DynamoDBClient({
    region: settings.AWS_REGION,
    // Platforms give up after about 5 s (WeChat, Shopify): a stuck request must fail fast enough
    // for the SDK's retries, and the answer, to fit in that window.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 1500 },
    ...(settings.DYNAMODB_ENDPOINT
      ? {
          endpoint: settings.DYNAMODB_ENDPOINT,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  client = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return client;
}

/**
 * True when an SDK error is DynamoDB's failed condition.
 *
 * @example
 * try { await put(); } catch (error) { if (!isConditionFailed(error)) throw error; }
 */
export function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * Runs a conditional write: true when it was applied, false when its condition failed
 * (the item was already there, or changed meanwhile); any other error is thrown.
 *
 * @example
 * const stored = await writeIf(client.send(new PutCommand({ ..., ConditionExpression: 'attribute_not_exists(pk)' })));
 */
export async function writeIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Puts an item unless one with its key exists: true when it was written, false when it was
 * already there (the dedupe every idempotent write of Rapport relies on).
 *
 * @example
 * const stored = await putIfAbsent(client, 'rapport', { pk: 'SEEN#x', sk: 'SEEN', type: 'first-seen' });
 */
export function putIfAbsent(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
): Promise<boolean> {
  return writeIf(
    client.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    ),
  );
}
