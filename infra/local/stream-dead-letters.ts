import { existsSync, readFileSync, renameSync } from 'node:fs';
import { appendFile, rm } from 'node:fs/promises';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamDeadLetter } from './stream-poller';

/** How a replay of the stream dead letters went. */
export interface DeadLetterReplay {
  /** Records relayed again from their items. */
  replayed: number;
  /** Records whose item is gone (erased or expired): nothing to publish. */
  gone: number;
  /** Records the relay refused again; they stay in the file. */
  remaining: number;
}

/**
 * Relays again the stream records the local host gave up on: each item is read back from the
 * table by its key and handed to the relay as the record it was (an insert, or a change with only
 * its new image), so every event the table holds is published at least once. Consumers are
 * idempotent, so a replay never double-counts. Records that fail again stay in the file.
 *
 * @example
 * await replayStreamDeadLetters({ deadLetterFile, client, tableName, relay });
 */
export async function replayStreamDeadLetters(options: {
  deadLetterFile: string;
  client: DynamoDBDocumentClient;
  tableName: string;
  relay: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
}): Promise<DeadLetterReplay> {
  if (!existsSync(options.deadLetterFile)) return { replayed: 0, gone: 0, remaining: 0 };
  // Taken aside first: the running poller may append new dead letters while this runs.
  const processing = `${options.deadLetterFile}.replaying-${Date.now()}`;
  renameSync(options.deadLetterFile, processing);
  const letters = readFileSync(processing, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamDeadLetter);
  const remaining: StreamDeadLetter[] = [];
  let replayed = 0;
  let gone = 0;
  for (const letter of letters) {
    const { Item: item } = await options.client.send(
      new GetCommand({ TableName: options.tableName, Key: letter.keys, ConsistentRead: true }),
    );
    if (!item) {
      gone += 1;
      continue;
    }
    const record: DynamoDBRecord = {
      eventID: `replay-${letter.sequenceNumber}`,
      eventName: letter.eventName === 'MODIFY' ? 'MODIFY' : 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      dynamodb: {
        Keys: marshall(letter.keys) as never,
        NewImage: marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as never,
        ...(letter.eventName === 'MODIFY' ? { OldImage: {} } : {}),
        SequenceNumber: letter.sequenceNumber,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    try {
      const response = await options.relay({ Records: [record] });
      if (response?.batchItemFailures?.length) remaining.push(letter);
      else replayed += 1;
    } catch {
      remaining.push(letter);
    }
  }
  if (remaining.length) {
    await appendFile(
      options.deadLetterFile,
      remaining.map((letter) => `${JSON.stringify(letter)}\n`).join(''),
    );
  }
  await rm(processing, { force: true });
  return { replayed, gone, remaining: remaining.length };
}
