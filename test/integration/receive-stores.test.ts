import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ScoreDeps, scoreCustomer } from '../../functions/score-customer/score-customer';
import { storefrontChannel } from '../../shared/channels/storefront/storefront-channel';
import { stripeChannel } from '../../shared/channels/stripe/stripe-channel';
import { wooCommerceChannel } from '../../shared/channels/woocommerce/woocommerce-channel';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { fixture, webhookRequest } from '../helpers/channel-fixtures';
import { receiverDepsFor, scoreDepsFor, testChannelSecrets } from '../helpers/receiver-deps';
import { timestampedRequest, wooRequest } from '../helpers/signed-requests';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;
let scoreDeps: ScoreDeps;
const now = new Date('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  scoreDeps = scoreDepsFor(table, { EUR: '1.10' });
});

afterAll(() => table.client.destroy());

const wooOrder = (id: number, email: string, changes: Record<string, unknown> = {}) => ({
  ...JSON.parse(fixture('woocommerce', 'order_created_docs_example.json').toString()),
  id,
  billing: { first_name: 'John', last_name: 'Doe', email, phone: '', country: 'US' },
  ...changes,
});

async function scoredStats(kind: string, value: string) {
  const customerId = (await identityOwner(table, kind, value)) as string;
  const items = await partitionItems(table, `CUSTOMER#${customerId}`);
  const event = items.find((item) => item.type === 'timeline')?.event as CanonicalEvent;
  await scoreCustomer(scoreDeps, event);
  return {
    customerId,
    profile: (await partitionItems(table, `CUSTOMER#${customerId}`)).find((item) => item.type === 'customer'),
  };
}

describe('store channels on DynamoDB Local', () => {
  it('answers the WooCommerce ping 200 without storing, and refuses an unsigned order', async () => {
    const deps = receiverDepsFor(table);
    const ping = webhookRequest('woocommerce', Buffer.from('webhook_id=15'), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(await receiveWebhook(deps, wooCommerceChannel, ping)).toEqual({
      kind: 'unhandled',
      topic: 'ping',
    });
    const unsigned = webhookRequest(
      'woocommerce',
      Buffer.from(JSON.stringify(wooOrder(1, 'x@example.com'))),
      { 'x-wc-webhook-topic': 'order.created' },
    );
    expect(await receiveWebhook(deps, wooCommerceChannel, unsigned)).toEqual({ kind: 'unauthorized' });
  });

  it('counts WooCommerce refunds once, delivered twice and out of order, and follows status changes', async () => {
    const deps = receiverDepsFor(table);
    const email = 'woo-refunds@example.com';
    const placed = wooOrder(801, email, { status: 'processing', date_modified_gmt: '2026-11-20T10:00:00' });
    const refunded = wooOrder(801, email, {
      status: 'completed',
      date_modified_gmt: '2026-11-21T10:00:00',
      refunds: [{ id: 91, reason: '', total: '-5.00' }],
    });
    const results = [
      await receiveWebhook(deps, wooCommerceChannel, wooRequest('order.updated', refunded)),
      await receiveWebhook(deps, wooCommerceChannel, wooRequest('order.created', placed)),
      await receiveWebhook(deps, wooCommerceChannel, wooRequest('order.updated', refunded)),
    ];
    expect(results.map((result) => result.kind)).toEqual(['stored', 'duplicate', 'duplicate']);
    const { profile } = await scoredStats('email', email);
    expect(profile?.stats).toMatchObject({ orders: 1, revenue: { amount: 2935 - 500, currency: 'USD' } });
    const types = (await partitionItems(table, `CUSTOMER#${profile?.id}`))
      .filter((item) => item.type === 'timeline')
      .map((item) => item.event.type);
    expect(types.sort()).toEqual(['order.paid', 'order.placed', 'order.refunded']);
  });

  it('cancels a WooCommerce order moved to the trash, once', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(
      deps,
      wooCommerceChannel,
      wooRequest('order.created', wooOrder(802, 'woo-trash@example.com')),
    );
    const first = await receiveWebhook(deps, wooCommerceChannel, wooRequest('order.deleted', { id: 802 }));
    const again = await receiveWebhook(deps, wooCommerceChannel, wooRequest('order.deleted', { id: 802 }));
    expect([first.kind, again.kind]).toEqual(['stored', 'duplicate']);
    const { profile } = await scoredStats('email', 'woo-trash@example.com');
    expect(profile?.stats.orders).toBe(0);
  });

  it('makes a Stripe checkout session and its PaymentIntent one paid order, refunds counted once, stale events refused', async () => {
    const deps = receiverDepsFor(table);
    const stripe = (type: string, object: object, id = `evt_${type}`) =>
      timestampedRequest(
        'stripe',
        'stripe-signature',
        { id, object: 'event', type, created: 1_763_892_000, data: { object } },
        testChannelSecrets.STRIPE_WEBHOOK_SECRET,
        now,
      );
    const session = {
      id: 'cs_9',
      customer: 'cus_9',
      customer_details: { email: 'stripe-buyer@example.com', name: 'Lee' },
      amount_total: 5000,
      currency: 'eur',
      payment_status: 'paid',
      payment_intent: 'pi_9',
    };
    const intent = {
      id: 'pi_9',
      customer: 'cus_9',
      amount: 5000,
      amount_received: 5000,
      currency: 'eur',
      created: 1_763_891_990,
    };
    const refund = {
      id: 're_9',
      amount: 1000,
      currency: 'eur',
      status: 'succeeded',
      created: 1_763_893_000,
      payment_intent: 'pi_9',
    };
    // A refund before its payment is refused with 503 so that Stripe delivers it again later.
    await expect(
      receiveWebhook(deps, stripeChannel, stripe('charge.refund.updated', refund)),
    ).rejects.toThrow('not been received');
    const results = [
      await receiveWebhook(deps, stripeChannel, stripe('checkout.session.completed', session)),
      await receiveWebhook(deps, stripeChannel, stripe('payment_intent.succeeded', intent)),
      await receiveWebhook(deps, stripeChannel, stripe('charge.refund.updated', refund)),
      await receiveWebhook(deps, stripeChannel, stripe('charge.refund.updated', refund)),
    ];
    expect(results.map((result) => result.kind)).toEqual(['stored', 'duplicate', 'stored', 'duplicate']);
    const { profile } = await scoredStats('stripe', 'cus_9');
    expect(profile?.stats).toMatchObject({ orders: 1, revenue: { amount: 4400, currency: 'USD' } });
    const stale = timestampedRequest(
      'stripe',
      'stripe-signature',
      {
        id: 'evt_x',
        object: 'event',
        type: 'customer.created',
        created: 1,
        data: { object: { id: 'cus_x' } },
      },
      testChannelSecrets.STRIPE_WEBHOOK_SECRET,
      new Date(now.getTime() - 301_000),
    );
    expect(await receiveWebhook(deps, stripeChannel, stale)).toEqual({ kind: 'unauthorized' });
  });

  it('accepts a signed storefront order and its refund, idempotently', async () => {
    const deps = receiverDepsFor(table);
    const customer = { id: 'shop-c-1', email: 'mia@example.com', name: 'Mia' };
    const order = {
      id: 'o-1',
      number: '1042',
      status: 'paid',
      total: '49.90',
      currency: 'EUR',
      placedAt: '2026-11-23T09:58:00Z',
      updatedAt: '2026-11-23T09:59:00Z',
    };
    const send = (body: object) =>
      receiveWebhook(
        deps,
        storefrontChannel,
        timestampedRequest(
          'storefront',
          'x-rapport-signature',
          body,
          testChannelSecrets.STOREFRONT_WEBHOOK_SECRET,
          now,
        ),
      );
    const orderEvent = {
      id: 'evt-1',
      type: 'order.upserted',
      occurredAt: '2026-11-23T09:59:00Z',
      customer,
      order,
    };
    const refundEvent = {
      id: 'evt-2',
      type: 'order.refunded',
      occurredAt: '2026-11-23T10:00:00Z',
      customer,
      refund: { id: 'r-1', orderId: 'o-1', amount: '9.90', currency: 'EUR' },
    };
    expect((await send(orderEvent)).kind).toBe('stored');
    expect((await send(orderEvent)).kind).toBe('duplicate');
    expect((await send(refundEvent)).kind).toBe('stored');
    expect((await send(refundEvent)).kind).toBe('duplicate');
    const { profile } = await scoredStats('storefront', 'shop-c-1');
    expect(profile?.stats).toMatchObject({ orders: 1, revenue: { amount: 4400, currency: 'USD' } });
  });
});
