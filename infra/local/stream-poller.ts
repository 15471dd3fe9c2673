import { existsSync, readFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { publishedItemTypes } from '../../functions/relay-events/events-from-record';
import type { UnpublishableRecord } from '../../functions/relay-events/unpublishable-records';
import { invokeAs } from './invocation-context';
import { lambdaContext } from './local-handlers';
import { withTypedEmptyMaps } from './stream-images';

/** A running stream poller. */
export interface StreamPoller {
  /** Resolves once every record written so far has been handed to the relay. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

type RelayHandler = (event: DynamoDBStreamEvent, context: never) => Promise<DynamoDBBatchResponse>;

/** Item types the relay turns into events (`functions/relay-events/events-from-record.ts`). */
const publishedTypes = new Set<string>(publishedItemTypes);

/** The file, in the data directory, of stream records the local host gave up on. */
export const streamDeadLetterFile = 'stream-dead-letters.jsonl';

/** The stack's event source mapping retries a batch until its records are this old (the stream's retention). */
const defaultMaxRecordAgeMs = 24 * 60 * 60_000;

/** Lambda backs off between retries of a failing batch; capped so that recovery is noticed quickly. */
const defaultRetryDelayMs = (attempt: number) => Math.min(30_000, 100 * 2 ** attempt);

/**
 * A line of the stream dead-letter file: a record the poller gave up on after the stream's
 * retention, or one the relay could not decode (sent through the local SQS stand-in). Only where
 * it was and the key of its item are kept, never the item's values (they may hold personal
 * data). `npm run replay-stream-dead-letters` relays them again from the items in the table.
 */
export type StreamDeadLetter = Omit<UnpublishableRecord, 'reason'> & { shardId?: string; reason?: string };

/**
 * Polls the table's stream the way the stack's event source mapping does and invokes the relay
 * with the same event shape: batches of up to 100 records, partial batch responses honoured
 * (retry from the first failed record), bisect on function errors, retries until the records are
 * 24 hours old (the stream's retention; then their keys go to `deadLetterFile`), and progress
 * checkpointed to `checkpointFile` so that a restart resumes where it stopped.
 *
 * @example
 * const poller = startStreamPoller({ endpoint, streamArn, relay: handler, checkpointFile });
 */
export function startStreamPoller(options: {
  endpoint: string;
  streamArn: string;
  relay: RelayHandler;
  checkpointFile?: string;
  /** Where records given up on are kept, as {@link StreamDeadLetter} lines. */
  deadLetterFile: string;
  pollIntervalMs?: number;
  maxRecordAgeMs?: number;
  retryDelayMs?: (attempt: number) => number;
  now?: () => number;
}): StreamPoller {
  const maxRecordAgeMs = options.maxRecordAgeMs ?? defaultMaxRecordAgeMs;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const now = options.now ?? Date.now;
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const checkpoints: Record<string, string> =
    options.checkpointFile && existsSync(options.checkpointFile)
      ? JSON.parse(readFileSync(options.checkpointFile, 'utf8'))
      : {};
  const iterators = new Map<string, string>();
  const closedShards = new Set<string>();
  let stopped = false;
  // A drain waits for two empty polls that started after it was asked, so nothing in flight is missed.
  let waiters: Array<{ emptyPolls: number; resolve: () => void }> = [];

  const iteratorFor = async (shardId: string, after?: string, at?: string): Promise<string | undefined> => {
    const result = await client.send(
      new GetShardIteratorCommand({
        StreamArn: options.streamArn,
        ShardId: shardId,
        ShardIteratorType: at ? 'AT_SEQUENCE_NUMBER' : after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(at || after ? { SequenceNumber: at ?? after } : {}),
      }),
    );
    return result.ShardIterator;
  };

  const discoverShards = async () => {
    const description = await client.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (!shardId || iterators.has(shardId) || closedShards.has(shardId)) continue;
      const iterator = await iteratorFor(shardId, checkpoints[shardId]);
      if (iterator) iterators.set(shardId, iterator);
    }
  };

  // A retry's wait ends early when the poller stops (the batch is retried after a restart).
  let wakeUp: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** True when the oldest record of the batch is past the mapping's maximum record age. */
  const expired = (batch: DynamoDBRecord[]) =>
    now() - (batch[0]?.dynamodb?.ApproximateCreationDateTime ?? now() / 1000) * 1000 > maxRecordAgeMs;

  const giveUp = async (shardId: string, batch: DynamoDBRecord[]) => {
    const failedAt = new Date(now()).toISOString();
    const lines = batch
      // Only items the relay publishes (their keys hold ids, never personal data); identity claims
      // and the like carry emails in their keys and publish nothing anyway.
      .filter((record) => publishedTypes.has(record.dynamodb?.NewImage?.type?.S ?? ''))
      .map((record) =>
        JSON.stringify({
          shardId,
          sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
          eventName: record.eventName ?? '',
          keys: { pk: record.dynamodb?.Keys?.pk?.S ?? '', sk: record.dynamodb?.Keys?.sk?.S ?? '' },
          failedAt,
        } satisfies StreamDeadLetter),
      );
    if (lines.length) await appendFile(options.deadLetterFile, `${lines.join('\n')}\n`);
    process.stderr.write(
      `stream poller: gave up on ${batch.length} records older than ${maxRecordAgeMs} ms; kept in ${options.deadLetterFile} (npm run replay-stream-dead-letters)\n`,
    );
  };

  /**
   * Delivers a batch as the stack's event source mapping does: a partial batch response retries
   * from the first failed record; a function error splits the batch in two and retries each half
   * (bisect on error); retries back off and go on until the records are `maxRecordAgeMs` old.
   */
  const deliver = async (shardId: string, records: DynamoDBRecord[]): Promise<void> => {
    let batch = records;
    for (let attempt = 1; batch.length > 0 && !stopped; attempt += 1) {
      let failedAt: string | undefined;
      let threw = false;
      try {
        const current = batch;
        const response = await invokeAs('relay-events', () =>
          options.relay({ Records: current }, lambdaContext('relay-events') as never),
        );
        failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
      } catch (error) {
        threw = true;
        process.stderr.write(
          `stream poller: relay failed: ${error instanceof Error ? error.name : 'error'}\n`,
        );
      }
      if (!threw && !failedAt) return;
      if (threw && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await deliver(shardId, batch.slice(0, half));
        await deliver(shardId, batch.slice(half));
        return;
      }
      if (failedAt) {
        const index = batch.findIndex((record) => record.dynamodb?.SequenceNumber === failedAt);
        if (index > 0) batch = batch.slice(index);
      }
      if (expired(batch)) {
        await giveUp(shardId, batch);
        return;
      }
      await pause(retryDelayMs(attempt));
    }
  };

  const invokeRelay = async (shardId: string, records: StreamRecord[]): Promise<void> => {
    await deliver(shardId, records.map(toLambdaRecord(options.streamArn)));
    // Stopped mid-retry: keep the checkpoint, so the batch is retried after a restart.
    if (stopped) return;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) {
      checkpoints[shardId] = last;
      if (options.checkpointFile) await writeFile(options.checkpointFile, JSON.stringify(checkpoints));
    }
  };

  const pollOnce = async (): Promise<number> => {
    await discoverShards();
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      const result = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = result.Records ?? [];
      seen += records.length;
      if (records.length) await invokeRelay(shardId, records);
      if (result.NextShardIterator) iterators.set(shardId, result.NextShardIterator);
      else {
        iterators.delete(shardId);
        closedShards.add(shardId);
      }
    }
    return seen;
  };

  const loop = (async () => {
    while (!stopped) {
      let seen = 0;
      try {
        seen = await pollOnce();
      } catch (error) {
        if (!stopped) process.stderr.write(`stream poller: ${String(error)}\n`);
      }
      if (seen === 0) {
        for (const waiter of waiters) waiter.emptyPolls += 1;
        for (const waiter of waiters.filter((candidate) => candidate.emptyPolls >= 2)) waiter.resolve();
        waiters = waiters.filter((waiter) => waiter.emptyPolls < 2);
        await new Promise((done) => setTimeout(done, options.pollIntervalMs ?? 100));
      }
    }
  })();

  return {
    drain: () =>
      new Promise<void>((resolve) => {
        waiters.push({ emptyPolls: 0, resolve });
      }),
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      for (const waiter of waiters) waiter.resolve();
      client.destroy();
    },
  };
}

function toLambdaRecord(streamArn: string) {
  return (record: StreamRecord): DynamoDBRecord => ({
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(withTypedEmptyMaps(record.dynamodb ?? {}) as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(new Date(record.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
    } as DynamoDBRecord['dynamodb'],
  });
}
