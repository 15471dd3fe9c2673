import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { channelRegistry } from '../../../shared/channels/channel-registry';
import { identityText } from '../../../shared/domain/identity';
import type { CanonicalEvent } from '../../../shared/events/contracts';
import { receiverHandler } from '../../../shared/ingest/receiver-handler';
import {
  arbitrarySignedRequests,
  type ExpectedRecord,
  readableDeliveries,
} from '../../helpers/channel-arbitraries';
import type { PlatformRequest } from '../../helpers/channel-traffic';
import {
  type InMemoryReceiverDeps,
  type InMemoryRecords,
  inMemoryReceiverDeps,
} from '../../helpers/in-memory-receiver-deps';
import { apiEvent } from '../../helpers/shopify-requests';

type Channel = keyof typeof channelRegistry;
const channels = Object.keys(channelRegistry) as Channel[];

/** Samples per channel and property: enough to vary every field, small enough for ~20 s in all. */
const numRuns = 100;

/** What each channel's samples came to, printed once at the end. */
const summary: Record<string, Record<string, number>> = {};

afterAll(() => {
  const lines = Object.entries(summary).map(
    ([name, counts]) =>
      `${name.padEnd(26)} ${Object.entries(counts)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ')}`,
  );
  if (lines.length) console.info(`receiver outcomes per channel\n${lines.join('\n')}`);
});

function toEvent(request: PlatformRequest): APIGatewayProxyEventV2 {
  const [path = '', query = ''] = request.path.split('?');
  const event = apiEvent(request.method, path, {
    headers: request.headers,
    query: Object.fromEntries(new URLSearchParams(query)),
    ...(request.body ? { body: request.body } : {}),
  });
  return { ...event, rawQueryString: query };
}

/** An answer of the receiver: its status, raw body and, when JSON, what it says happened. */
interface Answer {
  status: number;
  body: string;
  json?: { status?: string; id?: string; reason?: string };
}

async function deliver(
  channel: Channel,
  deps: InMemoryReceiverDeps,
  request: PlatformRequest,
): Promise<Answer> {
  const handler = receiverHandler(channelRegistry[channel], deps);
  const response = (await handler(toEvent(request), {} as never)) as APIGatewayProxyStructuredResultV2;
  const body = String(response.body ?? '');
  const json = response.headers?.['content-type'] === 'application/json' ? JSON.parse(body) : undefined;
  return { status: response.statusCode ?? 0, body, ...(json ? { json } : {}) };
}

/** Everything the repositories hold, to compare before and after a redelivery. */
function contents(records: InMemoryRecords) {
  return {
    writes: records.writes(),
    timeline: records.timeline(),
    receipts: records.receipts(),
    quarantined: records.quarantined().length,
  };
}

function isMessage(
  event: CanonicalEvent,
): event is Extract<CanonicalEvent, { type: 'message.received' | 'comment.received' }> {
  return event.type === 'message.received' || event.type === 'comment.received';
}

function isOrder(event: CanonicalEvent): event is Extract<CanonicalEvent, { order: unknown }> {
  return 'order' in event;
}

/** Asserts the repositories hold the customer and the record a delivery describes. */
function assessStored(records: InMemoryRecords, channel: Channel, record: ExpectedRecord): void {
  const [primary] = record.customer.identities;
  expect(primary, 'an expected record names its customer').toBeDefined();
  const customerId = records.ownerOf(primary as NonNullable<typeof primary>);
  expect(
    customerId,
    `a customer holds ${identityText(primary as NonNullable<typeof primary>)}`,
  ).toBeDefined();
  for (const identity of record.customer.identities) {
    expect(records.ownerOf(identity), identityText(identity)).toBe(customerId);
  }
  const profile = records.profile(customerId as string);
  expect(profile, 'the customer has a profile').toBeDefined();
  if (!profile) return;
  expect([...profile.identityTexts]).toEqual(
    expect.arrayContaining(record.customer.identities.map(identityText)),
  );
  if (record.customer.name !== undefined) expect(profile.name).toBe(record.customer.name);
  expect([...profile.emails]).toEqual(expect.arrayContaining(record.customer.emails ?? []));
  expect([...profile.phones]).toEqual(expect.arrayContaining(record.customer.phones ?? []));

  const timeline = records.timeline();
  switch (record.kind) {
    case 'message': {
      const event = timeline
        .filter(isMessage)
        .find(
          (item) =>
            item.type === record.eventType &&
            item.message.platform === record.platform &&
            item.message.id === record.messageId,
        );
      expect(event, `${record.eventType} ${record.messageId} is on the timeline`).toBeDefined();
      if (!event) return;
      expect(event.customerId).toBe(customerId);
      expect(event.channel).toBe(channel);
      // Texts are kept verbatim: no trimming, no normalization, every code point.
      expect(event.message.text).toBe(record.text);
      expect(event.message.kind).toBe(record.messageKind);
      if (record.media) expect(event.message.media).toEqual(record.media);
      if (record.conversationId !== undefined)
        expect(event.message.conversationId).toBe(record.conversationId);
      if (record.edited) expect(event.message.edited).toBe(true);
      if (record.occurredAt) expect(event.occurredAt).toBe(record.occurredAt);
      else expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
      expect(profile.messages).toBeGreaterThan(0);
      return;
    }
    case 'order': {
      const order = records.order(record.platform, record.orderId);
      expect(order, `${record.platform} order ${record.orderId} is stored`).toBeDefined();
      if (!order) return;
      expect(order.customerId).toBe(customerId);
      // Totals in integer minor units of the currency, never a float.
      expect(order.total).toEqual(record.total);
      expect(order.placedAt).toBe(record.placedAt);
      expect(order.name).toBe(record.orderName);
      expect([...order.milestones].sort()).toEqual([...record.milestones].sort());
      expect(order.refunds).toEqual(record.refunds);
      const changes = timeline
        .filter(isOrder)
        .filter((item) => item.order.platform === record.platform && item.order.id === record.orderId);
      const expectedTypes = [
        'order.placed',
        ...(record.milestones.includes('paid') ? ['order.paid'] : []),
        ...(record.milestones.includes('cancelled') ? ['order.cancelled'] : []),
        ...Object.keys(record.refunds).map(() => 'order.refunded'),
      ];
      expect(changes.map((item) => item.type).sort()).toEqual(expectedTypes.sort());
      for (const change of changes) {
        expect(change.customerId).toBe(customerId);
        expect(change.order.total).toEqual(record.total);
      }
      return;
    }
    case 'checkout': {
      const event = timeline.find(
        (item) => item.type === 'checkout.started' && item.checkout.id === record.checkoutId,
      );
      expect(event, `checkout ${record.checkoutId} is on the timeline`).toBeDefined();
      if (event?.type !== 'checkout.started') return;
      expect(event.customerId).toBe(customerId);
      expect(event.occurredAt).toBe(record.occurredAt);
      expect(event.checkout.total).toEqual(record.total);
      return;
    }
    case 'receipt': {
      const receipt = records
        .receipts()
        .find(
          (item) =>
            item.receipt.platform === record.platform &&
            item.receipt.messageId === record.messageId &&
            item.receipt.status === record.status,
        );
      expect(receipt, `${record.status} receipt of ${record.messageId} is kept`).toBeDefined();
      expect(receipt?.customerId).toBe(customerId);
      return;
    }
    case 'consent': {
      const change = records
        .consents()
        .find((item) => item.platform === record.platform && item.sourceId === record.id);
      expect(change, `${record.platform} consent ${record.id} is recorded`).toBeDefined();
      expect(change?.customerId).toBe(customerId);
      expect(change?.consent.status).toBe(record.consent);
      return;
    }
    case 'customer':
      return;
  }
}

describe('receiver of each channel, given payloads the channel reads', () => {
  it.each(channels)(
    '%s stores the customer and what the payload describes (200), then stores nothing more when the same signed delivery comes again (200 duplicate)',
    async (channel) => {
      const counts = { stored: 0, duplicate: 0, quarantined: 0, ignored: 0 };
      const acknowledgement = channelRegistry[channel].acknowledgement;
      await fc.assert(
        fc.asyncProperty(readableDeliveries[channel], async ({ label, request, expected }) => {
          // Prepare
          const deps = inMemoryReceiverDeps();

          // Act
          const first = await deliver(channel, deps, request);

          // Assess
          if (first.status === 202) counts.quarantined += 1;
          if (first.json?.status === 'ignored') counts.ignored += 1;
          expect(first.status, `${label}: ${first.body}`).toBe(200);
          if (acknowledgement) expect(first.body).toBe(acknowledgement.body);
          else expect(first.json?.status, label).toBe('stored');
          expect(deps.records.writes(), `${label} wrote something`).toBeGreaterThan(0);
          expect(deps.records.quarantined()).toEqual([]);
          for (const record of expected) assessStored(deps.records, channel, record);
          counts.stored += 1;

          // Act
          const before = structuredClone(contents(deps.records));
          const again = await deliver(channel, deps, request);

          // Assess
          expect(again.status, `${label} again: ${again.body}`).toBe(200);
          expect(contents(deps.records), `${label} again wrote nothing`).toEqual(before);
          if (acknowledgement) expect(again.body).toBe(acknowledgement.body);
          else expect(again.json?.status, label).toBe('duplicate');
          counts.duplicate += 1;
        }),
        { numRuns },
      );
      summary[`${channel} (readable)`] = counts;
      expect(counts).toEqual({ stored: numRuns, duplicate: numRuns, quarantined: 0, ignored: 0 });
    },
  );
});

describe('receiver of each channel, given arbitrary signed payloads', () => {
  it.each(channels)(
    '%s answers 200 ignored with nothing stored, 202 quarantined with the exact raw body kept, or 4xx; never 5xx',
    async (channel) => {
      const counts = { ignored: 0, quarantined: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(arbitrarySignedRequests[channel], async (request) => {
          // Prepare
          const deps = inMemoryReceiverDeps();

          // Act
          const answer = await deliver(channel, deps, request);

          // Assess
          expect(answer.status, answer.body).toBeGreaterThanOrEqual(200);
          expect(answer.status, answer.body).toBeLessThan(500);
          if (answer.status === 202) {
            expect(answer.json?.status).toBe('quarantined');
            const kept = deps.records.quarantined();
            expect(kept.map((entry) => entry.id)).toEqual([answer.json?.id]);
            expect(kept[0]?.channel).toBe(channel);
            expect(kept[0]?.rawBody.equals(request.body ?? Buffer.alloc(0))).toBe(true);
            counts.quarantined += 1;
          } else if (answer.status === 200) {
            // Ignored, or (WooCommerce) the deletion of an order Rapport never saw: nothing stored.
            if (answer.json) expect(['ignored', 'duplicate']).toContain(answer.json.status);
            expect(deps.records.writes(), `200 for ${request.body} stored nothing`).toBe(0);
            counts.ignored += 1;
          } else {
            expect(answer.status).toBeLessThan(500);
            expect(deps.records.writes()).toBe(0);
            counts.rejected += 1;
          }
        }),
        { numRuns },
      );
      summary[`${channel} (arbitrary)`] = counts;
      expect(counts.ignored + counts.quarantined + counts.rejected).toBe(numRuns);
    },
  );
});
