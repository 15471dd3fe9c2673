import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../../infra/local/ensure-table';

/** A fresh table on DynamoDB Local, built from the shared definition. */
export interface TestTable {
  endpoint: string;
  tableName: string;
  streamArn: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
}

/**
 * Creates a uniquely named table on the given DynamoDB Local endpoint.
 *
 * @example
 * const table = await createTestTable(inject('dynamoEndpoint'));
 */
export async function createTestTable(endpoint: string): Promise<TestTable> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tableName = `test-${randomUUID()}`;
  const streamArn = await ensureTable(client, tableName);
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { endpoint, tableName, streamArn, client, documentClient };
}

/**
 * Every item of one partition, read consistently.
 *
 * @example
 * const items = await partitionItems(table, 'CUSTOMER#01J...');
 */
// biome-ignore lint/suspicious/noExplicitAny: stored items are untyped in assertions.
export async function partitionItems(table: TestTable, pk: string): Promise<Record<string, any>[]> {
  const result = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

/**
 * The customer holding an identity, from its claim item.
 *
 * @example
 * await identityOwner(table, 'email', 'bob@example.com');
 */
export async function identityOwner(
  table: TestTable,
  kind: string,
  value: string,
): Promise<string | undefined> {
  return (await partitionItems(table, `IDENTITY#${kind}#${value}`))[0]?.customerId as string | undefined;
}
