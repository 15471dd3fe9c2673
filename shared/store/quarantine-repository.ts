import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './dynamo-client';
import { quarantineKey, quarantineListKeys } from './keys';

/** A signed payload that did not validate, kept as it arrived. */
export interface QuarantineEntry {
  channel: string;
  topic?: string;
  reason: string;
  headers: Record<string, string>;
  rawBody: Buffer;
  receivedAt: string;
}

/** DynamoDB items are limited to 400 KB; compressed bodies above this do not fit. */
const maxStoredBodyBytes = 350_000;

/** Raised when a quarantined body is too large to keep in the table even compressed. */
export class QuarantineTooLargeError extends Error {
  override name = 'QuarantineTooLargeError';
}

/**
 * Quarantine: the raw bytes of signed requests Rapport could not read, for inspection and replay.
 * The id is a hash of channel and body, so redeliveries of one bad payload are kept once.
 *
 * @example
 * const id = await quarantine.keep({ channel: 'shopify', reason: 'total_price: Required', ... });
 */
export class QuarantineRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores the entry (once) and returns its id. */
  async keep(entry: QuarantineEntry): Promise<string> {
    const id = createHash('sha256')
      .update(entry.channel)
      .update('\0')
      .update(entry.rawBody)
      .digest('hex')
      .slice(0, 32);
    const body = gzipSync(entry.rawBody);
    if (body.length > maxStoredBodyBytes) {
      throw new QuarantineTooLargeError(`compressed body of ${body.length} bytes does not fit in one item`);
    }
    // A redelivery of the same bad payload is already kept: the failed condition is the dedupe.
    await writeIf(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...quarantineKey(id),
            ...quarantineListKeys(entry.receivedAt, id),
            type: 'quarantine',
            id,
            channel: entry.channel,
            topic: entry.topic,
            reason: entry.reason,
            headers: entry.headers,
            bodyGzip: body,
            receivedAt: entry.receivedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return id;
  }
}
