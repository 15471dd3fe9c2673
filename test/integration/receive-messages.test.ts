import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scoreCustomer } from '../../functions/score-customer/score-customer';
import { metaChannel } from '../../shared/channels/meta/meta-channel';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { twilioChannel } from '../../shared/channels/twilio/twilio-channel';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { fixture } from '../helpers/channel-fixtures';
import { receiverDepsFor, scoreDepsFor } from '../helpers/receiver-deps';
import { shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { messengerBatch, metaRequest, twilioRequest, whatsappText } from '../helpers/signed-requests';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(() => table.client.destroy());

const partition = (pk: string) => partitionItems(table, pk);
const ownerOf = (kind: string, value: string) => identityOwner(table, kind, value);

describe('receiving messages on DynamoDB Local', () => {
  it('stores a WhatsApp message once, with sentiment, counted once on the customer', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    const request = metaRequest(whatsappText('972544400001', 'wamid.A1', 'I love it, thank you!'));

    // Act
    const first = await receiveWebhook(deps, metaChannel, request);
    const again = await receiveWebhook(deps, metaChannel, request);

    // Assess
    expect(first.kind).toBe('stored');
    expect(again.kind).toBe('duplicate');
    const customerId = await ownerOf('whatsapp', '972544400001');
    expect(await ownerOf('phone', '+972544400001')).toBe(customerId);
    const items = await partition(`CUSTOMER#${customerId}`);
    const timeline = items.filter((item) => item.type === 'timeline');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]?.event).toMatchObject({
      type: 'message.received',
      id: 'meta:whatsapp:message:wamid.A1',
      channel: 'meta',
      message: { text: 'I love it, thank you!', complaint: false, platform: 'whatsapp' },
    });
    expect(timeline[0]?.event.message.sentiment).toBeGreaterThan(0);
    const profile = items.find((item) => item.type === 'customer');
    expect(profile).toMatchObject({ messageCount: 1, lastMessageAt: '2024-10-29T19:58:23.000Z' });
    expect(profile?.name).toBe('Dana');
  });

  it('stores only the new message of a redelivered batch', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, metaChannel, metaRequest(messengerBatch('5550001', ['mid.b1', 'mid.b2'])));
    const result = await receiveWebhook(
      deps,
      metaChannel,
      metaRequest(messengerBatch('5550001', ['mid.b1', 'mid.b2', 'mid.b3'])),
    );
    expect(result).toEqual({ kind: 'stored', facts: 1 });
    const customerId = await ownerOf('messenger', '5550001');
    const items = await partition(`CUSTOMER#${customerId}`);
    expect(
      items
        .filter((item) => item.type === 'timeline')
        .map((item) => item.event.message.id)
        .sort(),
    ).toEqual(['mid.b1', 'mid.b2', 'mid.b3']);
    expect(items.find((item) => item.type === 'customer')?.messageCount).toBe(3);
  });

  it('records WhatsApp statuses as receipts, never as messages', async () => {
    const deps = receiverDepsFor(table);
    const result = await receiveWebhook(
      deps,
      metaChannel,
      metaRequest(fixture('whatsapp', 'cloud_status_read.json')),
    );
    expect(result.kind).toBe('stored');
    const customerId = await ownerOf(
      'whatsapp',
      JSON.parse(fixture('whatsapp', 'cloud_status_read.json').toString()).entry[0].changes[0].value
        .statuses[0].recipient_id,
    );
    const items = await partition(`CUSTOMER#${customerId}`);
    expect(items.filter((item) => item.type === 'timeline')).toHaveLength(0);
    expect(items.filter((item) => item.type === 'receipt').map((item) => item.status)).toEqual(['read']);
    expect(items.find((item) => item.type === 'customer')?.messageCount).toBeUndefined();
  });

  it('makes a WhatsApp sender and a Shopify buyer with the same phone one customer', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(
      deps,
      metaChannel,
      metaRequest(whatsappText('972544400002', 'wamid.P1', 'Is my order shipped?')),
    );
    await receiveWebhook(
      deps,
      shopifyChannel,
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(8801, 8801, (order) => {
          order.phone = '+972544400002';
        }),
      ),
    );
    const customerId = await ownerOf('whatsapp', '972544400002');
    expect(await ownerOf('shopify', '8801')).toBe(customerId);
    const types = (await partition(`CUSTOMER#${customerId}`))
      .filter((item) => item.type === 'timeline')
      .map((item) => item.event.type);
    expect(types.sort()).toEqual(['message.received', 'order.placed']);
  });

  it('deduplicates a Twilio message, which carries no timestamp, by the time it was first received', async () => {
    const request = twilioRequest({
      MessageSid: 'SM-dup-1',
      From: '+14133880001',
      To: '+12028831111',
      Body: 'Where is my package?',
    });
    const first = await receiveWebhook(receiverDepsFor(table), twilioChannel, request);
    const later = receiverDepsFor(table, { now: () => new Date('2026-11-23T10:05:00.000Z') });
    const again = await receiveWebhook(later, twilioChannel, request);
    expect([first.kind, again.kind]).toEqual(['stored', 'duplicate']);
    const customerId = await ownerOf('phone', '+14133880001');
    const timeline = (await partition(`CUSTOMER#${customerId}`)).filter((item) => item.type === 'timeline');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]?.event.occurredAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('stores an SMS from a number the shipped phone metadata does not call valid, on a customer with that phone', async () => {
    // Prepare: +44 7700 900xxx is Ofcom's drama range: possible, but not valid for libphonenumber;
    // a platform only delivers from numbers that exist, so it is a real sender.
    const request = twilioRequest({
      MessageSid: 'SM-drama-1',
      From: '+447700900123',
      To: '+12028831111',
      Body: 'Hello from London',
    });

    // Act
    const answer = await receiveWebhook(receiverDepsFor(table), twilioChannel, request);

    // Assess
    expect(answer.kind).toBe('stored');
    const customerId = await ownerOf('phone', '+447700900123');
    expect(customerId).toBeDefined();
    const profile = (await partition(`CUSTOMER#${customerId}`)).find((item) => item.sk === 'PROFILE');
    expect([...(profile?.phones ?? [])]).toEqual(['+447700900123']);
  });

  it('rejects a Twilio request signed for another URL', async () => {
    const deps = receiverDepsFor(table, { publicBaseUrl: 'https://attacker.example.com' });
    const request = twilioRequest({ MessageSid: 'SM-x', From: '+14133880009', Body: 'hi' });
    expect(await receiveWebhook(deps, twilioChannel, request)).toEqual({ kind: 'unauthorized' });
  });

  it('stores the good messages of a batch and quarantines the raw body for the bad one (202)', async () => {
    const deps = receiverDepsFor(table);
    const body = messengerBatch('5550003', ['mid.q1']);
    (body.entry as unknown[]).push({
      id: '1',
      messaging: [{ timestamp: 1486464322190, message: { mid: 'mid.q2' } }],
    });
    const result = await receiveWebhook(deps, metaChannel, metaRequest(body));
    expect(result.kind).toBe('quarantined');
    const customerId = await ownerOf('messenger', '5550003');
    expect(
      (await partition(`CUSTOMER#${customerId}`)).filter((item) => item.type === 'timeline'),
    ).toHaveLength(1);
  });

  it('moves a customer who wrote to us to the engaged stage when scored', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, metaChannel, metaRequest(whatsappText('972544400004', 'wamid.E1', 'hello')));
    const customerId = (await ownerOf('whatsapp', '972544400004')) as string;
    const event = (await partition(`CUSTOMER#${customerId}`)).find((item) => item.type === 'timeline')
      ?.event as CanonicalEvent;
    expect(await scoreCustomer(scoreDepsFor(table), event)).toMatchObject({
      kind: 'scored',
      lifecycleStage: 'engaged',
    });
    const profile = (await partition(`CUSTOMER#${customerId}`)).find((item) => item.type === 'customer');
    expect(profile?.messageCount).toBe(1);
  });
});
