import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
