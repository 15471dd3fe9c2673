import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { detectAbandonedCheckouts } from '../../functions/detect-abandoned-checkouts/detect-abandoned-checkouts';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import { CustomerGroupRepository } from '../../shared/customers/customer-group-repository';
import { TimelineRepository } from '../../shared/customers/timeline-repository';
import { mergeCustomers } from '../../shared/identity/merge-customers';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { OrderRepository } from '../../shared/orders/order-repository';
import { linkDepsFor } from '../helpers/identity-deps';
import { receiverDepsFor, recordingLogger } from '../helpers/receiver-deps';
import { editedShopifyFixture, shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { createTestTable, identityOwner, partitionItems, type TestTable } from '../helpers/test-table';

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});

afterAll(() => table.client.destroy());

const startedAt = '2026-11-23T09:00:00.000Z';
const checkout = (customerId: number, token: string) =>
  editedShopifyFixture('checkouts_create.json', (body) => {
    body.token = token;
    body.created_at = startedAt;
    body.email = `c${customerId}@example.com`;
    body.customer = { ...(body.customer as object), id: customerId, email: `c${customerId}@example.com` };
  });

const detectAt = (time: string) =>
  detectAbandonedCheckouts({
    timeline: new TimelineRepository(table.documentClient, table.tableName),
    groups: new CustomerGroupRepository(table.documentClient, table.tableName),
    orders: new OrderRepository(table.documentClient, table.tableName),
    log: recordingLogger(),
    now: () => new Date(time),
  });

async function timelineTypes(customerId: number) {
  const id = await identityOwner(table, 'shopify', String(customerId));
  return (await partitionItems(table, `CUSTOMER#${id}`))
    .filter((item) => item.type === 'timeline')
    .map((item) => item.event.type)
    .sort();
}

describe('abandoned checkouts on DynamoDB Local', () => {
  it('calls a checkout without an order abandoned once, after ABANDONED_CHECKOUT_AFTER, however often detection runs', async () => {
    // Prepare
    await receiveWebhook(
      receiverDepsFor(table),
      shopifyChannel,
      shopifyRequest('checkouts/create', checkout(3101, 'tok-3101')),
    );

    // Act
    const early = await detectAt('2026-11-23T09:59:00.000Z');
    const due = await detectAt('2026-11-23T10:01:00.000Z');
    const again = await detectAt('2026-11-23T10:06:00.000Z');

    // Assess
    expect(early.abandoned).toBe(0);
    expect(due.abandoned).toBeGreaterThanOrEqual(1);
    expect(again.abandoned).toBe(0);
    expect(await timelineTypes(3101)).toEqual(['checkout.abandoned', 'checkout.started']);
    const id = await identityOwner(table, 'shopify', '3101');
    const abandoned = (await partitionItems(table, `CUSTOMER#${id}`)).find(
      (item) => item.event?.type === 'checkout.abandoned',
    );
    expect(abandoned?.event).toMatchObject({
      id: 'shopify:checkout:tok-3101:abandoned',
      occurredAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('does not call a checkout abandoned when the customer ordered after starting it', async () => {
    await receiveWebhook(
      receiverDepsFor(table),
      shopifyChannel,
      shopifyRequest('checkouts/create', checkout(3102, 'tok-3102')),
    );
    await receiveWebhook(
      receiverDepsFor(table),
      shopifyChannel,
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(3102, 3102, (order) => {
          order.created_at = '2026-11-23T09:20:00Z';
          order.updated_at = '2026-11-23T09:20:00Z';
        }),
      ),
    );
    const result = await detectAt('2026-11-23T10:30:00.000Z');
    expect(result.ordered).toBeGreaterThanOrEqual(1);
    expect(await timelineTypes(3102)).toEqual(['checkout.started', 'order.placed']);
    expect((await detectAt('2026-11-23T11:00:00.000Z')).ordered).toBe(0);
  });

  it('does not call a checkout abandoned when another customer of its merged group ordered after it', async () => {
    // Prepare: the checkout is started by one customer, the order placed by another, then the two merged.
    await receiveWebhook(
      receiverDepsFor(table),
      shopifyChannel,
      shopifyRequest('checkouts/create', checkout(3103, 'tok-3103')),
    );
    await receiveWebhook(
      receiverDepsFor(table),
      shopifyChannel,
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(3104, 3104, (order) => {
          order.created_at = '2026-11-23T09:20:00Z';
          order.updated_at = '2026-11-23T09:20:00Z';
        }),
      ),
    );
    const [starter, buyer] = await Promise.all(
      ['3103', '3104'].map((id) => identityOwner(table, 'shopify', id)),
    );
    await mergeCustomers(linkDepsFor(table), {
      customerIds: [starter as string, buyer as string],
      reason: 'manual',
    });

    // Act
    const result = await detectAt('2026-11-23T10:30:00.000Z');

    // Assess
    expect(result.ordered).toBeGreaterThanOrEqual(1);
    expect(await timelineTypes(3103)).not.toContain('checkout.abandoned');
  });
});
