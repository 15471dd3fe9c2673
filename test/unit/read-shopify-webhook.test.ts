import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readShopifyWebhook } from '../../shared/channels/shopify/read-shopify-webhook';
import { editedShopifyFixture, shopifyFixture } from '../helpers/shopify-requests';

const topic = (name: string) => ({ 'x-shopify-topic': name, 'x-shopify-webhook-id': 'w-1' });

describe('readShopifyWebhook', () => {
  it('reads orders/create into an order fact with money in minor units and the customer identities', () => {
    // Act
    const result = readShopifyWebhook(shopifyFixture('orders_create.json'), topic('orders/create'));

    // Assess
    expect(result.kind).toBe('facts');
    if (result.kind !== 'facts') return;
    expect(result.deliveryId).toBe('w-1');
    const [fact] = result.facts;
    expect(fact?.kind).toBe('order');
    if (fact?.kind !== 'order') return;
    expect(fact.order).toMatchObject({
      platform: 'shopify',
      platformOrderId: '450789469',
      total: { amount: 40994, currency: 'USD' },
      placedAt: '2008-01-10T16:00:00.000Z',
      milestones: [],
      name: '#1001',
    });
    expect(fact.customer.identities).toEqual([
      { kind: 'shopify', value: '207119551' },
      { kind: 'email', value: 'bob.norman@hostmail.com' },
    ]);
    expect(fact.customer.name).toBe('Bob Norman');
  });

  it('marks an order paid on orders/paid even when the sample says authorized', () => {
    const result = readShopifyWebhook(shopifyFixture('orders_create.json'), topic('orders/paid'));
    expect(
      result.kind === 'facts' && result.facts[0]?.kind === 'order' && result.facts[0].order.milestones,
    ).toEqual(['paid']);
  });

  it('uses shop_money when the order carries total_price_set', () => {
    const result = readShopifyWebhook(
      shopifyFixture('order_partially_refunded.json'),
      topic('orders/updated'),
    );
    expect(result.kind).toBe('facts');
    if (result.kind !== 'facts' || result.facts[0]?.kind !== 'order') throw new Error('expected an order');
    expect(result.facts[0].order.total).toEqual({ amount: 59894, currency: 'USD' });
    expect(result.facts[0].order.milestones).toEqual(['paid']);
  });

  it('reads orders/cancelled as a cancellation', () => {
    const body = editedShopifyFixture('orders_create.json', (order) => {
      order.cancelled_at = '2008-01-11T11:00:00-05:00';
    });
    const result = readShopifyWebhook(body, topic('orders/cancelled'));
    expect(
      result.kind === 'facts' && result.facts[0]?.kind === 'order' && result.facts[0].order.milestones,
    ).toContain('cancelled');
  });

  it('reads refunds/create into a refund of the successful refund transactions', () => {
    const result = readShopifyWebhook(shopifyFixture('refunds_create.json'), topic('refunds/create'));
    expect(result).toMatchObject({
      kind: 'facts',
      facts: [
        {
          kind: 'refund',
          refund: {
            platformOrderId: '450789469',
            refundId: '509562969',
            amount: { amount: 20900, currency: 'USD' },
          },
        },
      ],
    });
  });

  it('reads customers/create and checkouts/create', () => {
    const customer = readShopifyWebhook(shopifyFixture('customers_create.json'), topic('customers/create'));
    const checkout = readShopifyWebhook(shopifyFixture('checkouts_create.json'), topic('checkouts/create'));
    expect(customer).toMatchObject({ kind: 'facts', facts: [{ kind: 'customer' }] });
    expect(checkout).toMatchObject({
      kind: 'facts',
      facts: [{ kind: 'checkout', checkoutId: '2a1ace52255252df566af0faaedfbfa7' }],
    });
  });

  it('keeps 64-bit ids exact', () => {
    const body = Buffer.from(
      shopifyFixture('orders_create.json')
        .toString('utf8')
        .replace('"id": 450789469', '"id": 820982911946154508'),
    );
    const result = readShopifyWebhook(body, topic('orders/create'));
    expect(
      result.kind === 'facts' && result.facts[0]?.kind === 'order' && result.facts[0].order.platformOrderId,
    ).toBe('820982911946154508');
  });

  it('answers unhandled for a topic Rapport does not read', () => {
    expect(readShopifyWebhook(Buffer.from('{}'), topic('products/create'))).toEqual({
      kind: 'unhandled',
      topic: 'products/create',
    });
  });

  it('answers invalid, with the reason, for a body that breaks the schema', () => {
    const body = editedShopifyFixture('orders_create.json', (order) => {
      delete order.total_price;
    });
    const result = readShopifyWebhook(body, topic('orders/create'));
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.reason).toMatch(/total_price/);
  });

  it('answers invalid for an order with no customer, email or phone', () => {
    const body = editedShopifyFixture('orders_create.json', (order) => {
      order.customer = null;
      order.email = null;
      order.billing_address = null;
      order.shipping_address = null;
    });
    expect(readShopifyWebhook(body, topic('orders/create')).kind).toBe('invalid');
  });

  it('never throws on any bytes for any handled topic', () => {
    const topics = fc.constantFrom(
      'orders/create',
      'orders/updated',
      'refunds/create',
      'customers/update',
      'checkouts/create',
    );
    fc.assert(
      fc.property(
        topics,
        fc.oneof(fc.uint8Array({ maxLength: 512 }).map(Buffer.from), fc.json().map(Buffer.from)),
        (name, body) => {
          const result = readShopifyWebhook(body, topic(name));
          expect(['facts', 'invalid']).toContain(result.kind);
        },
      ),
    );
  });

  it('never throws when fields of a real order are replaced by arbitrary JSON values', () => {
    const order = JSON.parse(shopifyFixture('orders_create.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    const keys = fc.constantFrom(...Object.keys(order));
    fc.assert(
      fc.property(keys, fc.jsonValue(), (key, value) => {
        const body = Buffer.from(JSON.stringify({ ...order, [key]: value }));
        const result = readShopifyWebhook(body, topic('orders/updated'));
        expect(['facts', 'invalid']).toContain(result.kind);
      }),
    );
  });
});
