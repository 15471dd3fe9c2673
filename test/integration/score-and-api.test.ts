import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ScoreDeps, scoreCustomer } from '../../functions/score-customer/score-customer';
import { type ApiDeps, serveApi } from '../../functions/serve-api/serve-api';
import { shopifyChannel } from '../../shared/channels/shopify/shopify-channel';
import type { Customer } from '../../shared/domain/customer';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { httpAnswerForError } from '../../shared/http/http-error';
import { receiveWebhook } from '../../shared/ingest/receive-webhook';
import { apiDepsFor } from '../helpers/identity-deps';
import { receiverDepsFor, scoreDepsFor } from '../helpers/receiver-deps';
import { apiEvent, editedShopifyFixture, shopifyOrderFor, shopifyRequest } from '../helpers/shopify-requests';
import { createTestTable, type TestTable } from '../helpers/test-table';

let table: TestTable;
let scoreDeps: ScoreDeps;
let apiDeps: ApiDeps;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  scoreDeps = scoreDepsFor(table);
  apiDeps = apiDepsFor(table);
});

afterAll(() => table.client.destroy());

async function lookUp(identity: string) {
  const response = await serveApi(apiDeps, apiEvent('GET', '/api/customers', { query: { identity } }));
  return JSON.parse(response.body) as { items: Customer[]; cursor: string | null };
}

const eventFor = (customerId: string, type: CanonicalEvent['type'] = 'order.placed'): CanonicalEvent =>
  ({
    id: `test:${customerId}:${type}`,
    type,
    version: 1,
    occurredAt: '2026-11-23T10:00:00.000Z',
    customerId,
    channel: 'shopify',
    order: { id: '1', platform: 'shopify', status: 'placed', total: { amount: 1, currency: 'USD' } },
  }) as CanonicalEvent;

describe('score-customer on DynamoDB Local', () => {
  it('keeps order stats and lifecycle stage from all orders, less refunds and cancellations, idempotently', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(501, 801)));
    await receiveWebhook(
      deps,
      shopifyChannel,
      shopifyRequest(
        'orders/create',
        shopifyOrderFor(502, 801, (body) => {
          body.created_at = '2008-02-10T11:00:00-05:00';
          body.updated_at = '2008-02-10T11:00:00-05:00';
          body.total_price = '100.00';
        }),
      ),
    );
    await receiveWebhook(
      deps,
      shopifyChannel,
      shopifyRequest(
        'orders/cancelled',
        shopifyOrderFor(503, 801, (body) => {
          body.cancelled_at = '2008-03-01T00:00:00Z';
        }),
      ),
    );
    const refund = editedShopifyFixture('refunds_create.json', (body) => {
      body.order_id = 501;
    });
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('refunds/create', refund));
    const [customer] = (await lookUp('shopify:801')).items;
    const customerId = customer?.id as string;

    // Act
    const first = await scoreCustomer(scoreDeps, eventFor(customerId));
    const again = await scoreCustomer(scoreDeps, eventFor(customerId));

    // Assess
    expect(first.kind).toBe('scored');
    expect(again.kind).toBe('unchanged');
    const [scored] = (await lookUp('email:c801@example.com')).items;
    expect(scored?.stats).toMatchObject({
      orders: 2,
      revenue: { amount: 40994 + 10000 - 20900, currency: 'USD' },
      firstOrderAt: '2008-01-10T16:00:00.000Z',
      lastOrderAt: '2008-02-10T16:00:00.000Z',
    });
    expect(scored?.lifecycleStage).toBe('repeat');
    expect(scored?.scores.reasons[0]).toContain('2 orders');
  });

  it('agrees on the final figures when many scorings run at once', async () => {
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(601, 901)));
    const customerId = (await lookUp('shopify:901')).items[0]?.id as string;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => scoreCustomer(scoreDeps, eventFor(customerId))),
    );
    expect(results.filter((result) => result.kind === 'scored').length).toBeGreaterThanOrEqual(1);
    const [scored] = (await lookUp('shopify:901')).items;
    expect(scored?.stats.orders).toBe(1);
    expect(scored?.lifecycleStage).toBe('buyer');
  });
});

describe('serve-api on DynamoDB Local', () => {
  it('returns a customer by id in the DESIGN shape and its timeline newest first, paged', async () => {
    // Prepare
    const deps = receiverDepsFor(table);
    await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', shopifyOrderFor(701, 1001)));
    await receiveWebhook(
      deps,
      shopifyChannel,
      shopifyRequest(
        'orders/paid',
        shopifyOrderFor(701, 1001, (body) => {
          body.updated_at = '2008-01-11T11:00:00-05:00';
        }),
      ),
    );
    const customerId = (await lookUp('shopify:1001')).items[0]?.id as string;

    // Act
    const customer = await serveApi(apiDeps, apiEvent('GET', `/api/customers/${customerId}`));
    const page1 = await serveApi(
      apiDeps,
      apiEvent('GET', `/api/customers/${customerId}/timeline`, { query: { limit: '1' } }),
    );
    const body1 = JSON.parse(page1.body);
    const page2 = await serveApi(
      apiDeps,
      apiEvent('GET', `/api/customers/${customerId}/timeline`, {
        query: { limit: '1', cursor: body1.cursor },
      }),
    );

    // Assess
    expect(customer.statusCode).toBe(200);
    expect(JSON.parse(customer.body)).toMatchObject({
      id: customerId,
      name: 'Bob Norman',
      emails: ['c1001@example.com'],
      phones: [],
      identities: [
        { kind: 'email', value: 'c1001@example.com' },
        { kind: 'shopify', value: '1001' },
      ],
      stats: { orders: 0, revenue: { amount: 0, currency: 'USD' }, messages: 0 },
      lifecycleStage: 'visitor',
      scores: { reasons: [] },
    });
    expect(body1.items.map((event: CanonicalEvent) => event.type)).toEqual(['order.paid']);
    expect(JSON.parse(page2.body).items.map((event: CanonicalEvent) => event.type)).toEqual(['order.placed']);
  });

  it('answers 404 for an unknown customer and 400 with zod issues for bad input', async () => {
    const missing = await serveApi(apiDeps, apiEvent('GET', '/api/customers/01NOPE'));
    expect(missing.statusCode).toBe(404);
    await expect(
      serveApi(apiDeps, apiEvent('GET', '/api/customers', { query: { identity: 'myspace:1' } })),
    ).rejects.toThrow();
    await expect(serveApi(apiDeps, apiEvent('GET', '/api/customers', { query: {} }))).rejects.toThrow();
  });

  it('answers malformed percent-encoding in a customer id with 400, never 500', async () => {
    for (const id of ['%FF', '%', '%zz', '%C0%AF', 'a%2Fb']) {
      const answer = await serveApi(apiDeps, apiEvent('GET', `/api/customers/${id}`)).catch(
        httpAnswerForError,
      );
      expect(answer.statusCode, id).toBe(400);
      expect(JSON.parse(answer.body).error, id).toBe('invalid_request');
    }
  });

  it('refuses forged cursors and cursors of another list with 400 before they reach DynamoDB', async () => {
    // Prepare: two customers with two timeline items each, and a real cursor of the first.
    const deps = receiverDepsFor(table);
    for (const [order, buyer] of [
      [801, 2001],
      [802, 2002],
    ] as const) {
      await receiveWebhook(
        deps,
        shopifyChannel,
        shopifyRequest('orders/create', shopifyOrderFor(order, buyer)),
      );
      await receiveWebhook(
        deps,
        shopifyChannel,
        shopifyRequest(
          'orders/paid',
          shopifyOrderFor(order, buyer, (body) => {
            body.updated_at = '2008-01-11T11:00:00-05:00';
          }),
        ),
      );
    }
    const first = (await lookUp('shopify:2001')).items[0]?.id as string;
    const second = (await lookUp('shopify:2002')).items[0]?.id as string;
    const firstPage = await serveApi(
      apiDeps,
      apiEvent('GET', `/api/customers/${first}/timeline`, { query: { limit: '1' } }),
    );
    const foreign = JSON.parse(firstPage.body).cursor as string;
    expect(foreign).toBeTruthy();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    // Act and Assess
    const forged = {
      'an empty key': 'e30',
      'another customer’s cursor': foreign,
      'not base64 JSON': '!!!',
      'a key with other attributes': encode({ pk: `CUSTOMER#${second}`, sk: 'X', extra: 'y' }),
      'a key outside the timeline': encode({ pk: `CUSTOMER#${second}`, sk: 'PROFILE' }),
      'a number where a string belongs': encode({ pk: `CUSTOMER#${second}`, sk: 1 }),
      'an oversized value': encode({ pk: `CUSTOMER#${second}`, sk: `TIMELINE#${'x'.repeat(2000)}` }),
    };
    for (const [label, cursor] of Object.entries(forged)) {
      const answer = await serveApi(
        apiDeps,
        apiEvent('GET', `/api/customers/${second}/timeline`, { query: { cursor } }),
      ).catch(httpAnswerForError);
      expect(answer.statusCode, label).toBe(400);
    }
    const quarantine = await serveApi(
      apiDeps,
      apiEvent('GET', '/api/quarantine', { query: { cursor: foreign } }),
    ).catch(httpAnswerForError);
    expect(quarantine.statusCode).toBe(400);
    expect(JSON.parse(quarantine.body).error).toBe('invalid_cursor');
  });

  it('lists quarantined payloads newest first, without their bodies', async () => {
    const deps = receiverDepsFor(table);
    const bad = editedShopifyFixture('orders_create.json', (order) => {
      order.total_price = 'not money';
    });
    const result = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', bad));
    expect(result.kind).toBe('quarantined');
    const response = await serveApi(apiDeps, apiEvent('GET', '/api/quarantine'));
    const page = JSON.parse(response.body) as { items: Array<Record<string, unknown>> };
    expect(page.items[0]).toMatchObject({
      channel: 'shopify',
      topic: 'orders/create',
      bodyBytes: bad.length,
    });
    expect(page.items[0]).not.toHaveProperty('bodyGzip');
  });

  it('replays a quarantined payload through its channel: still invalid is 422, unknown is 404', async () => {
    const deps = receiverDepsFor(table);
    const bad = editedShopifyFixture('orders_create.json', (order) => {
      order.total_price = 'still not money';
    });
    const quarantined = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', bad));
    const id = quarantined.kind === 'quarantined' ? quarantined.id : '';
    const replay = await serveApi(apiDeps, apiEvent('POST', `/api/quarantine/${id}/replay`));
    expect(replay.statusCode).toBe(422);
    const listed = JSON.parse((await serveApi(apiDeps, apiEvent('GET', '/api/quarantine'))).body) as {
      items: Array<{ id: string; replayResult?: string }>;
    };
    expect(listed.items.find((item) => item.id === id)?.replayResult).toBe('still_invalid');
    const audit = JSON.parse((await serveApi(apiDeps, apiEvent('GET', '/api/audit'))).body) as {
      items: Array<{ action: string; details?: Record<string, unknown> }>;
    };
    expect(audit.items.find((item) => item.action === 'quarantine.replayed')).toMatchObject({
      details: { id, channel: 'shopify', outcome: 'quarantined' },
    });
    expect(
      (await serveApi(apiDeps, apiEvent('POST', `/api/quarantine/${'0'.repeat(32)}/replay`))).statusCode,
    ).toBe(404);
  });

  it.each([
    [
      '900 KB of random text (two pieces)',
      () =>
        editedShopifyFixture('orders_create.json', (order) => {
          order.id = 777_001;
          order.total_price = 'not money';
          order.note = randomBytes(675_000).toString('base64');
        }),
    ],
    // Incompressible: three pieces, more than one 1 MB page of a Query.
    ['1,040,000 random bytes (three pieces)', () => randomBytes(1_040_000)],
  ])(
    'keeps a signed, unreadable body too large for one item whole: %s, read back and replayed byte-exact',
    async (_label, body) => {
      // Prepare: over DynamoDB's 400 KB item limit even compressed.
      const deps = receiverDepsFor(table);
      const bad = body();
      expect(bad.length).toBeGreaterThan(900_000);

      // Act
      const quarantined = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', bad));
      const again = await receiveWebhook(deps, shopifyChannel, shopifyRequest('orders/create', bad));

      // Assess
      expect(quarantined.kind).toBe('quarantined');
      expect(again).toEqual(quarantined);
      const id = quarantined.kind === 'quarantined' ? quarantined.id : '';
      const kept = await deps.quarantine.get(id);
      expect(kept?.rawBody.equals(bad)).toBe(true);
      expect(kept?.bodyBytes).toBe(bad.length);
      const replay = await serveApi(apiDeps, apiEvent('POST', `/api/quarantine/${id}/replay`));
      expect(replay.statusCode).toBe(422);
    },
  );

  it('returns an empty list for an identity nobody holds', async () => {
    expect(await lookUp('email:nobody@example.com')).toEqual({ items: [], cursor: null });
  });
});
