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
import { invokeAs } from './invocation-context';
import { lambdaContext } from './local-handlers';

/** A running stream poller. */
export interface StreamPoller {
  /** Resolves once every record written so far has been handed to the relay. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

type RelayHandler = (event: DynamoDBStreamEvent, context: never) => Promise<DynamoDBBatchResponse>;

/** Lambda's event source mapping retries a failing batch; after this many it goes to the on-failure file. */
const maxBatchAttempts = 10;

/**
 * Polls the table's stream the way Lambda's event source mapping does and invokes the relay
 * with the same event shape: batches of up to 100 records, partial batch responses honoured
 * (retry from the first failed record), and progress checkpointed to `checkpointFile` so that a
 * restart resumes where it stopped.
 *
 * @example
 * const poller = startStreamPoller({ endpoint, streamArn, relay: handler, checkpointFile });
 */
export function startStreamPoller(options: {
  endpoint: string;
  streamArn: string;
  relay: RelayHandler;
  checkpointFile?: string;
  failureFile: string;
  pollIntervalMs?: number;
}): StreamPoller {
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

  const invokeRelay = async (shardId: string, records: StreamRecord[]): Promise<void> => {
    let batch = records.map(toLambdaRecord(options.streamArn));
    for (let attempt = 1; batch.length > 0; attempt += 1) {
      let response: DynamoDBBatchResponse;
      try {
        const records = batch;
        response = await invokeAs('relay-events', () =>
          options.relay({ Records: records }, lambdaContext('relay-events') as never),
        );
      } catch (error) {
        process.stderr.write(`stream poller: relay failed: ${String(error)}\n`);
        response = { batchItemFailures: [{ itemIdentifier: batch[0]?.dynamodb?.SequenceNumber ?? '' }] };
      }
      const failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
      if (!failedAt) break;
      const index = batch.findIndex((record) => record.dynamodb?.SequenceNumber === failedAt);
      batch = index >= 0 ? batch.slice(index) : batch;
      if (attempt >= maxBatchAttempts) {
        await appendFile(options.failureFile, `${JSON.stringify({ shardId, records: batch })}\n`);
        break;
      }
      await new Promise((done) => setTimeout(done, Math.min(5000, 100 * 2 ** attempt)));
    }
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
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
        ? Math.floor(new Date(record.dynamodb.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
    } as DynamoDBRecord['dynamodb'],
  });
}
