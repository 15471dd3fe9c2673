import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Page } from '../store/cursor';
import { queryGsi1List } from '../store/gsi1-list';
import {
  quarantineBodyChunkKey,
  quarantineBodyChunkPrefix,
  quarantineKey,
  quarantineListKeys,
} from '../store/keys';
import { isWriteRefused, putIfAbsent } from '../store/write-refused';

/** A signed payload that did not validate, kept as it arrived. */
export interface QuarantineEntry {
  channel: string;
  topic?: string;
  reason: string;
  headers: Record<string, string>;
  rawBody: Buffer;
  receivedAt: string;
}

/** A quarantined payload as listed for an operator (the body is not included). */
export interface QuarantineSummary {
  id: string;
  channel: string;
  topic?: string;
  reason: string;
  receivedAt: string;
  bodyBytes: number;
  replayedAt?: string;
  replayResult?: string;
}

/** DynamoDB items are limited to 400 KB; compressed bodies above this do not fit. */
const maxStoredBodyBytes = 350_000;

/** Pieces of a compressed body: a 1 MiB body (the most Rapport accepts) always fits, even incompressible. */
const maxBodyChunks = 4;

/**
 * Raised when a quarantined body is too large to keep in the table even compressed.
 *
 * @example
 * throw new QuarantineTooLargeError('what went wrong');
 */
export class QuarantineTooLargeError extends Error {
  override name = 'QuarantineTooLargeError';
}

/**
 * The id of a quarantined payload: a hash of channel and body, so redeliveries of one bad payload
 * are kept once.
 *
 * @example
 * quarantineId('shopify', rawBody); // '3f2a…' (32 hex characters)
 */
export function quarantineId(channel: string, rawBody: Buffer): string {
  return createHash('sha256').update(channel).update('\0').update(rawBody).digest('hex').slice(0, 32);
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
    /** How long a payload is kept (QUARANTINE_RETENTION): DynamoDB's TTL removes it then. */
    private readonly retentionMs = 30 * 86_400_000,
  ) {}

  /** Stores the entry (once) and returns its id. */
  async keep(entry: QuarantineEntry): Promise<string> {
    const id = quarantineId(entry.channel, entry.rawBody);
    const body = gzipSync(entry.rawBody);
    const chunks = Math.ceil(body.length / maxStoredBodyBytes);
    if (chunks > maxBodyChunks) {
      throw new QuarantineTooLargeError(
        `compressed body of ${body.length} bytes is larger than Rapport keeps`,
      );
    }
    const head = {
      ...quarantineKey(id),
      ...quarantineListKeys(entry.receivedAt, id),
      type: 'quarantine',
      id,
      channel: entry.channel,
      topic: entry.topic,
      reason: entry.reason,
      headers: entry.headers,
      bodyBytes: entry.rawBody.length,
      receivedAt: entry.receivedAt,
      expiresAt: Math.floor((Date.parse(entry.receivedAt) + this.retentionMs) / 1000),
    };
    // A redelivery of the same bad payload is already kept: the failed condition is the dedupe.
    if (chunks <= 1) {
      await putIfAbsent(this.client, this.tableName, { ...head, bodyGzip: body });
      return id;
    }
    // Too large for one item (400 KB): the body goes in pieces beside its head, all or nothing.
    const pieces = Array.from({ length: chunks }, (_, index) => ({
      ...quarantineBodyChunkKey(id, index),
      type: 'quarantine-body',
      expiresAt: head.expiresAt,
      chunk: body.subarray(index * maxStoredBodyBytes, (index + 1) * maxStoredBodyBytes),
    }));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [{ ...head, bodyChunks: chunks }, ...pieces].map((item) => ({
            Put: { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
        }),
      );
    } catch (error) {
      // Cancelled only by failed conditions: every item was already there (a redelivery).
      if (!isWriteRefused(error)) throw error;
    }
    return id;
  }

  /** One page of quarantined payloads, newest first (query: quarantine on gsi1). */
  async listNewestFirst(limit: number, cursor?: string): Promise<Page<QuarantineSummary>> {
    const page = await queryGsi1List(this.client, this.tableName, 'QUARANTINE', limit, cursor);
    return { items: page.items.map(summaryOf), cursor: page.cursor };
  }

  /** One quarantined payload with its raw body, or `undefined`. */
  async get(
    id: string,
  ): Promise<(QuarantineSummary & { headers: Record<string, string>; rawBody: Buffer }) | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: quarantineKey(id), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return {
      ...summaryOf(result.Item),
      headers: result.Item.headers ?? {},
      rawBody: gunzipSync(
        result.Item.bodyChunks
          ? await this.bodyChunks(id, result.Item.bodyChunks as number)
          : (result.Item.bodyGzip as Uint8Array),
      ),
    };
  }

  /** The pieces of a body kept in several items, joined (query: quarantine body pieces). */
  private async bodyChunks(id: string, count: number): Promise<Buffer> {
    // A page holds at most 1 MB: three pieces of an incompressible 1 MiB body take two pages.
    const pieces: Buffer[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': quarantineKey(id).pk, ':prefix': quarantineBodyChunkPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      pieces.push(...(page.Items ?? []).map((item) => Buffer.from(item.chunk as Uint8Array)));
      start = page.LastEvaluatedKey;
    } while (start);
    if (pieces.length !== count)
      throw new Error(`quarantined body ${id} has ${pieces.length} of ${count} pieces`);
    return Buffer.concat(pieces);
  }

  /** Records the outcome of a replay on the quarantined item (which stays, for the record). */
  async markReplayed(id: string, at: string, outcome: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: quarantineKey(id),
        UpdateExpression: 'SET replayedAt = :at, replayResult = :outcome',
        ExpressionAttributeValues: { ':at': at, ':outcome': outcome },
      }),
    );
  }
}

function summaryOf(item: Record<string, unknown>): QuarantineSummary {
  return {
    id: item.id as string,
    channel: item.channel as string,
    ...(item.topic ? { topic: item.topic as string } : {}),
    reason: item.reason as string,
    receivedAt: item.receivedAt as string,
    bodyBytes: (item.bodyBytes as number | undefined) ?? 0,
    ...(item.replayedAt
      ? { replayedAt: item.replayedAt as string, replayResult: item.replayResult as string }
      : {}),
  };
}
