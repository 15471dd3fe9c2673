import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { OrderNotYetKnownError } from '../../shared/domain/order-errors';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { replayQuarantined } from '../../shared/ingest/replay-quarantined';
import { storeFact } from '../../shared/ingest/store-facts';
import { receiverDepsFor } from '../helpers/receiver-deps';
import {
  editedShopifyFixture,
  shopifyFixture,
  shopifyOrderFor,
  shopifyRequest,
} from '../helpers/shopify-requests';
import { relayTable } from '../helpers/stream-events';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(() => table.client.destroy());

const partition = (pk: string) => partitionItems(table, pk);
const customerIdOf = (identity: string) => {
  const colon = identity.indexOf(':');
  return identityOwner(table, identity.slice(0, colon), identity.slice(colon + 1));
};

describe('receiving Shopify webhooks on DynamoDB Local', () => {
  it('stores a signed order as a customer, an order, a timeline item and one event', async () => {
    // Prepare
    const relay = relayTable(table);
    const deps = receiverDepsFor(table);

    // Act
    const result = await receiveWebhook(
      deps,
      shopifyChannel,
      shopifyRequest('orders/create', shopifyFixture('orders_create.json')),
    );
    await relay.settle();
    await relay.stop();

    // Assess
    expect(result).toEqual({ kind: 'stored', facts: 1 });
    const customerId = await customerIdOf('shopify:207119551');
    expect(customerId).toBeDefined();
    expect(await customerIdOf('email:bob.norman@hostmail.com')).toBe(customerId);
    const items = await partition(`CUSTOMER#${customerId}`);
    expect(items.map((item) => item.type).sort()).toEqual(['customer', 'order', 'timeline']);
    const order = items.find((item) => item.type === 'order');
    expect(order?.order).toMatchObject({
      total: { amount: 40994, currency: 'USD' },
      platformOrderId: '450789469',
    });
    const events = relay.published.filter((event) => event.customerId === customerId);
    expect(events.map((event) => event.type).sort()).toEqual(['customer.created', 'order.placed']);
  });

  it('stores 20 concurrent deliveries of one webhook once and publishes one event', async () => {
    // Prepare
    const relay = relayTable(table);
    const body = shopifyOrderFor(9001, 7001);
    const deps = receiverDepsFor(table);

    // Act
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', body)),
      ),
    );
    await relay.settle();
    await relay.stop();

    // Assess
    expect(results.filter((result) => result.kind === 'stored')).toHaveLength(1);
    expect(results.filter((result) => result.kind === 'duplicate')).toHaveLength(19);
    // The order is kept by one customer: the holder of the Shopify id, or, when a concurrent
    // delivery won that id while this one created the order's pointer, the customer this one
    // planned, linked to the winner (the merge consumer then makes them one).
    const winner = await customerIdOf('shopify:7001');
    const [pointer] = await partition('ORDER#shopify#9001');
    const holder = pointer?.customerId as string;
    const items = await partition(`CUSTOMER#${holder}`);
    expect(items.filter((item) => item.type === 'order')).toHaveLength(1);
    expect(items.filter((item) => item.type === 'timeline')).toHaveLength(1);
    if (holder !== winner) {
      const [smaller, larger] = [holder, winner as string].sort();
      const links = await partition(`CUSTOMER#${smaller}`);
      expect(links.some((item) => item.type === 'link' && item.sk === `LINK#${larger}`)).toBe(true);
    }
    const customerId = holder;
    expect(
      relay.published.filter((event) => event.type === 'order.placed' && event.customerId === customerId),
    ).toHaveLength(1);
    expect(
      relay.published.filter((event) => event.type === 'order.placed' && event.id.includes(':9001:')),
    ).toHaveLength(1);
  });

  it('never moves an order backwards when an older update arrives after a newer one', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    const newer = shopifyOrderFor(9002, 7002, (order) => {
      order.updated_at = '2008-01-12T11:00:00-05:00';
      order.financial_status = 'paid';
      order.total_price = '300.00';
    });
    const older = shopifyOrderFor(9002, 7002, (order) => {
      order.total_price = '999.00';
    });

    // Act
    const first = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/updated', newer));
    const late = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', older));

    // Assess
    expect(first.kind).toBe('stored');
    expect(late.kind).toBe('duplicate');
    const items = await partition(`CUSTOMER#${await customerIdOf('shopify:7002')}`);
    const order = items.find((item) => item.type === 'order')?.order;
    expect(order).toMatchObject({ total: { amount: 30000, currency: 'USD' }, milestones: ['paid'] });
    const types = items.filter((item) => item.type === 'timeline').map((item) => item.event.type);
    expect(types.sort()).toEqual(['order.paid', 'order.placed']);
  });

  it('counts a refund once however often it is delivered, and asks for a retry before its order exists', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    const refund = editedShopifyFixture('refunds_create.json', (body) => {
      body.order_id = 9003;
    });

    // Act
    const early = receiveWebhook(deps, shopifyChannel, shopifyRequest('refunds/create', refund));
    await expect(early).rejects.toBeInstanceOf(OrderNotYetKnownError);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(9003, 7003)));
    const results = [
      await receiveWebhook(deps, shopifyChannel, shopifyRequest('refunds/create', refund)),
      await receiveWebhook(deps, shopifyChannel, shopifyRequest('refunds/create', refund)),
    ];

    // Assess
    expect(results.map((result) => result.kind)).toEqual(['stored', 'duplicate']);
    const items = await partition(`CUSTOMER#${await customerIdOf('shopify:7003')}`);
    expect(items.find((item) => item.type === 'order')?.order.refunds).toEqual({
      '509562969': { amount: 20900, currency: 'USD' },
    });
    expect(
      items.filter((item) => item.type === 'timeline' && item.event.type === 'order.refunded'),
    ).toHaveLength(1);
  });

  it('restores a timeline item lost between the two writes when the platform retries', async () => {
    // Prepare: the first attempt stores the order, then fails before its timeline item.
    const deps = receiverDepsFor(table);
    const body = shopifyOrderFor(9004, 7004);
    const failingTimeline = {
      ...deps,
      timeline: { append: async () => Promise.reject(new Error('connection reset')) } as never,
    };
    await expect(
      receiveWebhook(failingTimeline, shopifyChannel, shopifyRequest('orders/create', body)),
    ).rejects.toThrow('connection reset');

    // Act
    const retry = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', body));

    // Assess
    expect(retry.kind).toBe('duplicate');
    const items = await partition(`CUSTOMER#${await customerIdOf('shopify:7004')}`);
    expect(items.filter((item) => item.type === 'timeline')).toHaveLength(1);
  });

  it('keeps a signed body that fails validation in quarantine, raw, once', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    const body = editedShopifyFixture('orders_create.json', (order) => {
      order.total_price = 'lots';
    });

    // Act
    const first = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', body));
    const again = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', body));

    // Assess
    expect(first.kind).toBe('quarantined');
    expect(again).toEqual(first);
    if (first.kind !== 'quarantined') return;
    const [item] = await partition(`QUARANTINE#${first.id}`);
    expect(item?.channel).toBe('shopify');
    expect(item?.headers['x-shopify-topic']).toBe('orders/create');
    const { gunzipSync } = await import('node:zlib');
    expect(Buffer.compare(gunzipSync(item?.bodyGzip), body)).toBe(0);
  });

  it('stores a quarantined payload when it is replayed after the reader was fixed, once', async () => {
    // Prepare: an older reader that could not read this order quarantined it.
    const deps = receiverDepsFor(table);
    const oldReader = { ...shopifyChannel, read: () => ({ kind: 'invalid' as const, reason: 'reader bug' }) };
    const body = shopifyOrderFor(9008, 7008);
    const quarantined = await receiveWebhook(deps, oldReader, shopifyRequest('orders/create', body));
    const id = quarantined.kind === 'quarantined' ? quarantined.id : '';

    // Act
    const replayed = await replayQuarantined(deps, shopifyChannel, id);
    const again = await replayQuarantined(deps, shopifyChannel, id);

    // Assess
    expect(replayed).toEqual({ kind: 'replayed', result: { kind: 'stored', facts: 1 } });
    expect(again).toEqual({ kind: 'replayed', result: { kind: 'duplicate' } });
    const items = await partition(`CUSTOMER#${await customerIdOf('shopify:7008')}`);
    expect(items.filter((item) => item.type === 'timeline')).toHaveLength(1);
  });

  it('answers unhandled topics, bad signatures and unconfigured secrets without writing', async () => {
    const deps = receiverDepsFor(table);
    const body = shopifyFixture('orders_create.json');
    expect(await receiveWebhook(deps, shopifyChannel, shopifyRequest('products/create', body))).toEqual({
      kind: 'unhandled',
      topic: 'products/create',
    });
    expect(
      await receiveWebhook(
        deps,
        shopifyChannel,
        shopifyRequest('orders/create', body, { 'x-shopify-hmac-sha256': 'x' }),
      ),
    ).toEqual({ kind: 'unauthorized' });
    const unconfigured = receiverDepsFor(table, { secrets: { get: async () => undefined } });
    expect(await receiveWebhook(unconfigured, shopifyChannel, shopifyRequest('orders/create', body))).toEqual(
      {
        kind: 'not_configured',
      },
    );
  });

  it('brings the same email to the same customer from another Shopify customer record', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(9005, 7005)));
    const guestCheckout = editedShopifyFixture('checkouts_create.json', (checkout) => {
      checkout.customer = null;
      checkout.token = 'checkout-9005';
      checkout.email = 'C7005@Example.com';
    });
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('checkouts/create', guestCheckout));
    const customerId = await customerIdOf('shopify:7005');
    expect(await customerIdOf('email:c7005@example.com')).toBe(customerId);
    const timeline = (await partition(`CUSTOMER#${customerId}`)).filter((item) => item.type === 'timeline');
    expect(timeline.map((item) => item.event.type).sort()).toEqual(['checkout.started', 'order.placed']);
  });

  it('writes nothing for a redelivery of an order already stored', async () => {
    // Prepare
    const body = shopifyOrderFor(9007, 7007);
    await receiveWebhook(receiverDepsFor(table), shopifyChannel, shopifyRequest('orders/create', body));
    const before = await partition(`CUSTOMER#${await customerIdOf('shopify:7007')}`);
    const later = receiverDepsFor(table, { now: () => new Date('2026-12-01T00:00:00.000Z') });

    // Act
    const result = await receiveWebhook(later, shopifyChannel, shopifyRequest('orders/create', body));

    // Assess
    expect(result.kind).toBe('duplicate');
    expect(await partition(`CUSTOMER#${await customerIdOf('shopify:7007')}`)).toEqual(before);
  });

  it('stores a refund fact directly through storeFact with the order known', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(9006, 7006)));
    const outcome = await storeFact(
      deps,
      {
        kind: 'refund',
        refund: {
          platform: 'shopify',
          platformOrderId: '9006',
          refundId: 'r-9006',
          amount: { amount: 100, currency: 'USD' },
          occurredAt: '2026-11-20T00:00:00.000Z',
        },
      },
      { channel: 'shopify', receivedAt: '2026-11-23T10:00:00.000Z' },
    );
    expect(outcome).toBe('stored');
  });
});
