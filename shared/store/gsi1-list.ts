import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, type Page } from './cursor';

/**
 * One page of a list kept on gsi1 (quarantine, possible duplicates, audit log), newest first,
 * with a cursor bound to that list.
 *
 * @example
 * const page = await queryGsi1List(client, 'rapport', 'AUDIT', 25, cursor);
 */
export async function queryGsi1List(
  client: DynamoDBDocumentClient,
  tableName: string,
  list: string,
  limit: number,
  cursor?: string,
): Promise<Page<Record<string, unknown>>> {
  const page = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :list',
      ExpressionAttributeValues: { ':list': list },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, {
        keyNames: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        fixed: { gsi1pk: list },
      }),
    }),
  );
  return { items: page.Items ?? [], cursor: encodeCursor(page.LastEvaluatedKey) };
}
