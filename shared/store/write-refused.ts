import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Which refusal a caller takes as "not written" (anything else is an error and is thrown):
 * - `'condition'`: a failed condition, of a single conditional write or of a transaction that
 *   was cancelled by failed conditions only (a redelivery of an all-or-nothing write);
 * - `{ item }`: a transaction whose item at that index failed its condition (the item that says
 *   whether the write happened already, such as a member enrolled once);
 * - `'any-cancellation'`: a transaction cancelled for any reason, a failed condition or a
 *   concurrent transaction on the same items; the caller re-reads and decides again.
 */
export type RefusalScope = 'condition' | { item: number } | 'any-cancellation';

type CancelledTransaction = { name?: string; CancellationReasons?: Array<{ Code?: string }> };

/**
 * True when DynamoDB refused a conditional write or a transaction the way `scope` says: the one
 * place that reads DynamoDB's refusals (`ConditionalCheckFailedException`, and
 * `TransactionCanceledException` with its cancellation reasons).
 *
 * @example
 * try { await client.send(new TransactWriteCommand(...)); }
 * catch (error) { if (!isWriteRefused(error, { item: 0 })) throw error; }
 */
export function isWriteRefused(error: unknown, scope: RefusalScope = 'condition'): boolean {
  const refusal = error as CancelledTransaction | null;
  if (refusal?.name === 'ConditionalCheckFailedException') return true;
  if (refusal?.name !== 'TransactionCanceledException') return false;
  if (scope === 'any-cancellation') return true;
  const codes = (refusal.CancellationReasons ?? []).map((reason) => reason.Code);
  if (typeof scope === 'object') return codes[scope.item] === 'ConditionalCheckFailed';
  return (
    codes.includes('ConditionalCheckFailed') &&
    codes.every((code) => code === 'ConditionalCheckFailed' || code === 'None')
  );
}

/**
 * Runs a conditional write or a transaction: true when it was applied, false when DynamoDB
 * refused it as `scope` says (the item was already there, or changed meanwhile); any other error
 * is thrown.
 *
 * @example
 * const stored = await writeIf(client.send(new PutCommand({ ..., ConditionExpression: 'attribute_not_exists(pk)' })));
 */
export async function writeIf(write: Promise<unknown>, scope: RefusalScope = 'condition'): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isWriteRefused(error, scope)) return false;
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
