import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { replayStreamDeadLetters } from '../../infra/local/stream-dead-letters';
import { startStreamPoller } from '../../infra/local/stream-poller';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { receiverDepsFor } from '../helpers/receiver-deps';
import { shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { recordingRelay } from '../helpers/stream-events';
import { createTestTable, type TestTable } from '../helpers/test-table';

async function storeOrder(table: TestTable, orderId: number, buyerId: number) {
  const result = await receiveWebhook(
    receiverDepsFor(table),
    shopifyChannel,
    shopifyRequest('orders/create', shopifyOrderFor(orderId, buyerId)),
  );
  expect(result.kind).toBe('stored');
}

describe('the local stream poller', () => {
  it('keeps retrying through an outage of more than ten attempts and then delivers everything once', async () => {
    // Prepare: the bus is down for the first 15 invocations (the old poller gave up after 10).
    const table = await createTestTable(inject('dynamoEndpoint'));
    const { published, relay } = recordingRelay();
    let failures = 0;
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'rapport-stream-')), 'dead.jsonl');
    const poller = startStreamPoller({
      endpoint: table.endpoint,
      streamArn: table.streamArn,
      relay: async (event) => {
        if (failures < 15) {
          failures += 1;
          throw new Error('EventBridge unavailable');
        }
        return relay(event);
      },
      deadLetterFile,
      pollIntervalMs: 20,
      retryDelayMs: () => 5,
    });

    // Act
    await storeOrder(table, 3001, 4001);
    await poller.drain();
    await poller.stop();

    // Assess
    expect(failures).toBe(15);
    const types = published.map((event) => event.type).sort();
    expect(types).toEqual(['customer.created', 'order.placed']);
    expect(() => readFileSync(deadLetterFile)).toThrow();
  });

  it('sets aside only the record that keeps failing, by bisecting the batch, and keeps no personal data of it', async () => {
    // Prepare: one poisoned customer whose records always fail; records age out at once.
    const table = await createTestTable(inject('dynamoEndpoint'));
    const { published, relay } = recordingRelay();
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'rapport-stream-')), 'dead.jsonl');
    const poisoned = (event: DynamoDBStreamEvent) =>
      event.Records.some((record) => JSON.stringify(record.dynamodb?.NewImage ?? {}).includes('"3102"'));
    const poller = startStreamPoller({
      endpoint: table.endpoint,
      streamArn: table.streamArn,
      relay: async (event) => {
        if (poisoned(event)) throw new Error('cannot publish');
        return relay(event);
      },
      deadLetterFile,
      pollIntervalMs: 20,
      retryDelayMs: () => 5,
      maxRecordAgeMs: 0,
    });

    // Act
    await storeOrder(table, 3101, 4101);
    await storeOrder(table, 3102, 4102);
    await storeOrder(table, 3103, 4103);
    await poller.drain();
    await poller.stop();

    // Assess: the two healthy customers went through; the poisoned one is set aside by key only.
    const orderIds = published
      .filter((event) => event.type === 'order.placed')
      .map((event) => event.order?.id);
    expect(orderIds.sort()).toEqual(['3101', '3103']);
    const letters = readFileSync(deadLetterFile, 'utf8').trim().split('\n');
    expect(letters.length).toBeGreaterThanOrEqual(1);
    const text = letters.join('\n');
    expect(text).not.toContain('@');
    expect(text).not.toContain('Bob');
    for (const line of letters) {
      expect(Object.keys(JSON.parse(line)).sort()).toEqual([
        'eventName',
        'failedAt',
        'keys',
        'sequenceNumber',
        'shardId',
      ]);
    }

    // Act again: the replay command's work, once the cause is fixed.
    const replay = recordingRelay();
    const result = await replayStreamDeadLetters({
      deadLetterFile,
      client: table.documentClient,
      tableName: table.tableName,
      relay: replay.relay,
    });

    // Assess: every set-aside record published from its item, and the file emptied.
    expect(result).toEqual({ replayed: letters.length, gone: 0, remaining: 0 });
    expect(
      replay.published.flatMap((event) => (event.type === 'order.placed' ? [event.order.id] : [])),
    ).toContain('3102');
    expect(existsSync(deadLetterFile)).toBe(false);
  });
});
