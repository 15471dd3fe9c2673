import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { failFastRequestHandler } from '../aws/fail-fast-request-handler';
import { traced } from '../observability/tracer';

let client: DynamoDBDocumentClient | undefined;

/**
 * The process's DynamoDB document client, created once per cold start and shared by every
 * repository. The region and endpoint come from the SDK's own variables (`AWS_REGION`, and
 * `AWS_ENDPOINT_URL_DYNAMODB`, which the local host points at DynamoDB Local), so the code that
 * runs under `npm start` is the code that runs in Lambda.
 *
 * @example
 * const repo = new CustomerRepository(documentClient(), functionSettings('serve-api').TABLE_NAME);
 */
export function documentClient(): DynamoDBDocumentClient {
  client ??= createDocumentClient();
  return client;
}

/**
 * A document client with Rapport's settings: each request fails after about a second and is tried
 * three times, so a stuck DynamoDB costs a webhook about 3 s at most and the platform gets a 5xx
 * (and retries) within its deadline, instead of a hung request. `config` adds to or replaces the
 * defaults (tests point it at a stand-in).
 *
 * @example
 * const client = createDocumentClient({ endpoint: 'http://127.0.0.1:8000' });
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const base = traced(
    new DynamoDBClient({ maxAttempts: 3, requestHandler: failFastRequestHandler, ...config }),
  );
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
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

/**
 * Every item a query matches, page after page (batch jobs, exports, a customer's orders): the
 * caller gives the query without `ExclusiveStartKey`.
 *
 * @example
 * const orders = await queryAll(client, { TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
 */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
