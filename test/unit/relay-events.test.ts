import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../functions/relay-events/event-publisher';
import { eventFromRecord } from '../../functions/relay-events/events-from-record';
import { type RelayDeps, relayEvents } from '../../functions/relay-events/relay-events';
import type { UnpublishableRecord } from '../../functions/relay-events/unpublishable-records';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { recordingLogger } from '../helpers/receiver-deps';

const orderEvent = (id: string): CanonicalEvent => ({
  id,
  type: 'order.placed',
  version: 1,
  occurredAt: '2026-11-01T10:00:00.000Z',
  customerId: 'c1',
  channel: 'shopify',
  order: { id: '1', platform: 'shopify', status: 'placed', total: { amount: 100, currency: 'USD' } },
});

const record = (
  eventName: 'INSERT' | 'MODIFY',
  newImage: Record<string, unknown>,
  oldImage?: Record<string, unknown>,
  sequence = '1',
): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall(newImage, { removeUndefinedValues: true }) as never,
    ...(oldImage ? { OldImage: marshall(oldImage) as never } : {}),
  },
});

const profile = (overrides: Record<string, unknown> = {}) => ({
  pk: 'CUSTOMER#c1',
  sk: 'PROFILE',
  type: 'customer',
  id: 'c1',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  createdVia: 'shopify',
  lifecycleStage: 'visitor',
  stats: { orders: 0 },
  scores: { reasons: [] },
  ...overrides,
});

describe('eventFromRecord', () => {
  const outbound = (overrides: Record<string, unknown> = {}) => ({
    pk: 'CUSTOMER#c1',
    sk: 'CONVERSATION#sms.0123456789abcdef#MSG#2026-12-04T10:00:00.000Z#01JEXAMPLE00000000000000000',
    type: 'conversation-message',
    id: '01JEXAMPLE00000000000000000',
    conversationId: 'c1.sms.0123456789abcdef',
    ownerId: 'c1',
    platform: 'sms',
    direction: 'out',
    at: '2026-12-04T10:00:00.000Z',
    text: 'Hi',
    status: 'queued',
    ...overrides,
  });

  it('publishes a message stored queued as message.queued, the sender’s trigger', () => {
    // Act
    const event = eventFromRecord(record('INSERT', outbound()));

    // Assess
    expect(event).toMatchObject({
      type: 'message.queued',
      id: 'message.queued:01JEXAMPLE00000000000000000',
      customerId: 'c1',
      message: {
        id: '01JEXAMPLE00000000000000000',
        conversationId: 'c1.sms.0123456789abcdef',
        platform: 'sms',
      },
    });
  });

  it('publishes a status moving on to delivered, read or failed as message.status_changed, and nothing else', () => {
    // Act
    const delivered = eventFromRecord(
      record(
        'MODIFY',
        outbound({ status: 'delivered', statusAt: '2026-12-04T10:01:00.000Z' }),
        outbound({ status: 'sent' }),
      ),
    );
    const sent = eventFromRecord(record('MODIFY', outbound({ status: 'sent' }), outbound()));
    const unchanged = eventFromRecord(
      record('MODIFY', outbound({ status: 'read' }), outbound({ status: 'read' })),
    );
    const note = eventFromRecord(record('INSERT', outbound({ direction: 'note', status: undefined })));

    // Assess
    expect(delivered).toMatchObject({
      type: 'message.status_changed',
      status: 'delivered',
      occurredAt: '2026-12-04T10:01:00.000Z',
    });
    expect([sent, unchanged, note]).toEqual([undefined, undefined, undefined]);
  });

  it('publishes a new timeline item as its own event', () => {
    const event = orderEvent('e1');
    expect(eventFromRecord(record('INSERT', { pk: 'x', sk: 'y', type: 'timeline', event }))).toEqual(event);
  });

  it('publishes a new profile as customer.created', () => {
    expect(eventFromRecord(record('INSERT', profile()))).toMatchObject({
      type: 'customer.created',
      id: 'customer.created:c1',
      channel: 'shopify',
    });
  });

  it('publishes customer.scored with before and after when scoring changed the profile', () => {
    const after = profile({ scoreRevision: 1, lifecycleStage: 'buyer', stats: { orders: 1 } });
    expect(eventFromRecord(record('MODIFY', after, profile()))).toMatchObject({
      type: 'customer.scored',
      id: 'customer.scored:c1:1',
      before: null,
      after: { lifecycleStage: 'buyer', stats: { orders: 1 } },
    });
  });

  it('publishes nothing when only the profile details changed', () => {
    expect(
      eventFromRecord(record('MODIFY', profile({ updatedAt: '2026-11-02T00:00:00.000Z' }), profile())),
    ).toBeUndefined();
  });

  it('ignores items that are not events (orders, identities)', () => {
    expect(
      eventFromRecord(record('INSERT', { pk: 'ORDER#1', sk: 'ORDER', type: 'order-pointer' })),
    ).toBeUndefined();
  });
});

const now = new Date('2026-11-01T12:00:00.000Z');

/** Relay deps with a recording dead-letter sink (or one that fails when `sinkFails`). */
const relayDeps = (publisher: EventPublisher, options: { sinkFails?: boolean } = {}) => {
  const deadLettered: UnpublishableRecord[] = [];
  return {
    deadLettered,
    publisher,
    unpublishable: {
      deadLetter: async (letter: UnpublishableRecord) => {
        if (options.sinkFails) throw new Error('SQS unavailable');
        deadLettered.push(letter);
      },
    },
    log: recordingLogger(),
    sleep: async () => undefined,
    now: () => now,
    undecodableRetryMs: 10 * 60_000,
  } satisfies RelayDeps & { deadLettered: UnpublishableRecord[] };
};

describe('relayEvents', () => {
  const deps = (publisher: EventPublisher) => relayDeps(publisher);
  const records = ['e1', 'e2', 'e3'].map((id, index) =>
    record(
      'INSERT',
      { pk: id, sk: id, type: 'timeline', event: orderEvent(id) },
      undefined,
      String(index + 1),
    ),
  );

  it('retries only the entries a partial PutEvents rejected', async () => {
    // Prepare
    const calls: string[][] = [];
    let failOnce = true;
    const publisher: EventPublisher = {
      publish: async (events) => {
        calls.push(events.map((event) => event.id));
        if (failOnce) {
          failOnce = false;
          return [1];
        }
        return [];
      },
    };

    // Act
    const response = await relayEvents(deps(publisher), records);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toEqual([['e1', 'e2', 'e3'], ['e2']]);
  });

  it('reports the first record still failing so that Lambda retries from there', async () => {
    const publisher: EventPublisher = {
      publish: async (events) => events.flatMap((event, index) => (event.id === 'e1' ? [] : [index])),
    };
    const response = await relayEvents(deps(publisher), records);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });
});

describe('relayEvents with a record it cannot decode', () => {
  const publishing: EventPublisher = { publish: async () => [] };
  /** A timeline item whose event breaks its contract, written `ageSeconds` before now. */
  const broken = (sequence: string, ageSeconds: number): DynamoDBRecord => {
    const item = record('INSERT', {
      pk: 'CUSTOMER#c9',
      sk: `EVENT#${sequence}`,
      type: 'timeline',
      event: { id: 'x', type: 'order.placed', customerId: 'someone@example.com' },
    });
    return {
      ...item,
      dynamodb: {
        ...item.dynamodb,
        Keys: { pk: { S: 'CUSTOMER#c9' }, sk: { S: `EVENT#${sequence}` } },
        SequenceNumber: sequence,
        ApproximateCreationDateTime: now.getTime() / 1000 - ageSeconds,
      },
    };
  };
  const good = (sequence: string) =>
    record(
      'INSERT',
      { pk: 'p', sk: sequence, type: 'timeline', event: orderEvent(`e${sequence}`) },
      undefined,
      sequence,
    );

  it('retries a record written less than the retry window ago, from that record, and dead-letters nothing', async () => {
    // Prepare
    const deps = relayDeps(publishing);

    // Act
    const response = await relayEvents(deps, [good('1'), broken('2', 60), good('3')]);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
    expect(deps.deadLettered).toEqual([]);
    expect(deps.log.lines.some((line) => line.level === 'warn')).toBe(true);
  });

  it('dead-letters the keys of a record past the retry window, never its values, and goes on', async () => {
    // Prepare
    const deps = relayDeps(publishing);

    // Act
    const response = await relayEvents(deps, [good('1'), broken('2', 11 * 60), good('3')]);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(deps.deadLettered).toEqual([
      {
        sequenceNumber: '2',
        eventName: 'INSERT',
        keys: { pk: 'CUSTOMER#c9', sk: 'EVENT#2' },
        reason: expect.stringContaining('invalid_type'),
        failedAt: now.toISOString(),
      },
    ]);
    expect(JSON.stringify(deps.deadLettered)).not.toContain('someone@example.com');
    expect(JSON.stringify(deps.log.lines)).not.toContain('someone@example.com');
  });

  it('retries the record when its dead letter cannot be written: nothing is dropped', async () => {
    // Prepare
    const deps = relayDeps(publishing, { sinkFails: true });

    // Act
    const response = await relayEvents(deps, [good('1'), broken('2', 3600)]);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '2' }]);
  });

  it('retries from the earliest of an undecodable record and a failed publish', async () => {
    // Prepare
    const failingE3: EventPublisher = {
      publish: async (events) => events.flatMap((event, index) => (event.id === 'e3' ? [index] : [])),
    };

    // Act
    const response = await relayEvents(relayDeps(failingE3), [good('1'), good('3'), broken('4', 60)]);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '3' }]);
  });
});
