import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/rapport';
import { verifyTimestampedSignature } from '../../shared/channels/timestamped-signature';
import type { Customer } from '../../shared/domain/customer';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import {
  shopifyFixture,
  shopifyHeaders,
  shopifyOrderFor,
  shopifyTestSecret,
} from '../helpers/shopify-requests';

let local: LocalProcess;

beforeAll(async () => {
  local = await startLocalProcess({ SHOPIFY_WEBHOOK_SECRET: shopifyTestSecret });
});

afterAll(async () => {
  await local?.stop();
});

const api = (path: string, token = local.apiToken) =>
  fetch(`${local.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the local host over HTTP (npm start)', () => {
  it('answers /health and prints the configured webhook URL', async () => {
    const response = await fetch(`${local.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(local.output()).toMatch(/shopify\s+http:\/\/127\.0\.0\.1:\d+\/webhooks\/shopify\s+configured/);
  });

  it('stores a signed Shopify order and shows it through the API with stats updated by score', async () => {
    // Prepare
    const body = shopifyFixture('orders_create.json');

    // Act
    const response = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body,
    });
    const duplicate = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await duplicate.json()).toEqual({ ok: true, status: 'duplicate' });
    const found = await eventually(
      async () =>
        (await (await api('/api/customers?identity=shopify:207119551')).json()) as { items: Customer[] },
      (page) => page.items[0]?.stats.orders === 1,
    );
    const [customer] = found.items;
    expect(customer?.stats).toMatchObject({ orders: 1, revenue: { amount: 40994, currency: 'USD' } });
    expect(customer?.lifecycleStage).toBe('buyer');
    const timeline = (await (await api(`/api/customers/${customer?.id}/timeline`)).json()) as {
      items: Array<{ type: string }>;
    };
    expect(timeline.items.map((event) => event.type)).toEqual(['order.placed']);
  });

  it('changes a customer’s segment and stage as their orders arrive', async () => {
    // Prepare
    const send = (orderId: number, daysAgo: number, total: string) => {
      const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const body = shopifyOrderFor(orderId, 7_777_001, (order) => {
        Object.assign(order, { created_at: at, updated_at: at, total_price: total });
        order.total_price_set = { shop_money: { amount: total, currency_code: 'USD' } };
      });
      return fetch(`${local.url}/webhooks/shopify`, {
        method: 'POST',
        headers: shopifyHeaders('orders/create', body),
        body,
      });
    };
    const lookUp = async () =>
      ((await (await api('/api/customers?identity=shopify:7777001')).json()) as { items: Customer[] })
        .items[0];

    // Act and Assess: one order 100 days ago, then one today.
    expect((await send(7_100_001, 100, '50.00')).status).toBe(200);
    const first = await eventually(lookUp, (customer) => customer?.scores.segment !== undefined);
    expect(first).toMatchObject({ lifecycleStage: 'buyer', scores: { segment: 'about_to_sleep' } });
    expect((await send(7_100_002, 0, '120.00')).status).toBe(200);
    const second = await eventually(lookUp, (customer) => customer?.lifecycleStage === 'repeat');
    expect(second).toMatchObject({
      lifecycleStage: 'repeat',
      scores: { segment: 'potential_loyalist', rfm: { r: 5, f: 2, m: 4 } },
    });
    const segments = (await (await api('/api/segments')).json()) as {
      items: Array<{ segment: string; customers: number }>;
    };
    expect(
      segments.items.find((item) => item.segment === 'potential_loyalist')?.customers,
    ).toBeGreaterThanOrEqual(1);
  });

  it('rejects a tampered body with 401, an unknown channel with 404 and the API without a token with 401', async () => {
    const body = shopifyFixture('orders_create.json');
    const tampered = Buffer.from(body.toString('utf8').replace('409.94', '1.00'));
    const rejected = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body: tampered,
    });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toMatchObject({ error: 'bad_signature' });
    const unknown = await fetch(`${local.url}/webhooks/myspace`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect((await api('/api/customers?identity=shopify:207119551', 'wrong')).status).toBe(401);
  });

  it('keeps a signed but unreadable order in quarantine (202), lists it, and replays it through its receiver', async () => {
    const body = Buffer.from(
      shopifyFixture('orders_create.json').toString('utf8').replace('"409.94"', '"lots"'),
    );
    const response = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body,
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const listed = (await (await api('/api/quarantine')).json()) as {
      items: Array<{ id: string; reason: string }>;
    };
    expect(listed.items.map((item) => item.id)).toContain(id);
    const replay = await fetch(`${local.url}/api/quarantine/${id}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${local.apiToken}` },
    });
    expect(replay.status).toBe(422);
    expect(await replay.json()).toMatchObject({ error: 'still_invalid' });
  });

  it('verifies a signed body that is not valid UTF-8 on its exact bytes', async () => {
    // Prepare: a real order whose note carries a byte that is not UTF-8 (Latin-1 "é").
    const order = JSON.parse(shopifyFixture('orders_create.json').toString('utf8'));
    order.id = 990001;
    order.note = 'caf_';
    const text = Buffer.from(JSON.stringify(order));
    const body = Buffer.concat([
      text.subarray(0, text.indexOf('caf_') + 3),
      Buffer.from([0xe9]),
      text.subarray(text.indexOf('caf_') + 4),
    ]);

    // Act
    const response = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body,
    });

    // Assess: the signature matched (not 401) and the order was stored.
    expect(response.status).toBe(200);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const body = Buffer.alloc(1024 * 1024 + 10, 0x20);
    const response = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', body),
      body,
    });
    expect(response.status).toBe(413);
  });

  it('alerts a local receiver with a signed webhook within seconds of a signed big order, and not again for a second order in the throttle window', async () => {
    // Prepare: a receiver, a signed webhook destination on it and a throttled big-order rule.
    const receiver = await startAlertReceiver();
    try {
      const post = async (path: string, body: unknown) =>
        (await (
          await fetch(`${local.url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${local.apiToken}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json()) as Record<string, unknown>;
      const destination = await post('/api/destinations', {
        type: 'webhook',
        name: 'Local receiver',
        url: receiver.url(),
        secret: 'whsec_e2e',
      });
      const rule = await post('/api/alert-rules', {
        name: 'Big order',
        on: 'order.placed',
        if: [{ path: 'event.order.total.amount', op: 'gte', value: 30_000 }],
        destinations: [destination.id],
        throttle: { perCustomer: 'PT1H' },
      });
      const order = (orderId: number) => {
        const body = shopifyOrderFor(orderId, 8_888_001, (fields) => {
          fields.total_price = '500.00';
          fields.total_price_set = { shop_money: { amount: '500.00', currency_code: 'USD' } };
        });
        return fetch(`${local.url}/webhooks/shopify`, {
          method: 'POST',
          headers: shopifyHeaders('orders/create', body),
          body,
        });
      };

      // Alerts about this customer's orders (an earlier test's order may still be on its way
      // through the bus and rightly alert too).
      const aboutOurCustomer = () =>
        receiver.received.filter((request) => JSON.parse(request.body).event?.order?.id?.startsWith('81000'));

      // Act
      const sentAt = Date.now();
      expect((await order(8_100_001)).status).toBe(200);
      const [alert] = await eventually(
        async () => aboutOurCustomer(),
        (alerts) => alerts.length > 0,
        10_000,
      );
      const latencyMs = (alert?.at ?? Number.POSITIVE_INFINITY) - sentAt;
      expect((await order(8_100_002)).status).toBe(200);
      await eventually(
        async () =>
          ((await (await api('/api/customers?identity=shopify:8888001')).json()) as { items: Customer[] })
            .items[0],
        (customer) => customer?.stats.orders === 2,
      );
      // notify runs beside score on the bus: give it the same moment again.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      // Assess
      expect(latencyMs).toBeLessThan(5000);
      const body = Buffer.from(String(alert?.body));
      expect(
        verifyTimestampedSignature(
          body,
          String(alert?.headers['x-rapport-signature']),
          'whsec_e2e',
          new Date(),
        ),
      ).toBe(true);
      const payload = JSON.parse(body.toString('utf8'));
      expect(payload).toMatchObject({
        rule: { id: rule.id, name: 'Big order' },
        event: { type: 'order.placed', order: { id: '8100001', total: { amount: 50_000, currency: 'USD' } } },
      });
      // The second order, inside the throttle window, alerted no one.
      expect(aboutOurCustomer()).toHaveLength(1);
      const log = (await (await api('/api/alerts')).json()) as {
        items: Array<{ status: string; ruleId: string; eventId: string }>;
      };
      expect(
        log.items
          .filter((item) => item.ruleId === rule.id && item.eventId.includes(':81000'))
          .map((item) => item.status),
      ).toEqual(['sent']);
    } finally {
      await receiver.close();
    }
  });

  it('lets the API token change things and the viewer token only read; anything else is 401', async () => {
    const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
      fetch(`${local.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const destination = { type: 'webhook', name: 'Roles', url: 'http://127.0.0.1:9/hook' };
    const byViewer = await call('POST', '/api/destinations', local.viewerToken, destination);
    const byAdmin = await call('POST', '/api/destinations', local.apiToken, destination);
    const viewerReads = await call('GET', '/api/destinations', local.viewerToken);
    const noToken = await call('GET', '/api/destinations', undefined);
    const wrongToken = await call('GET', '/api/destinations', 'not-a-token');
    expect(byViewer.status).toBe(403);
    expect(await byViewer.json()).toMatchObject({ error: 'forbidden' });
    expect(byAdmin.status).toBe(201);
    expect(viewerReads.status).toBe(200);
    expect(noToken.status).toBe(401);
    expect(wrongToken.status).toBe(401);
  });

  it('answers the operator CLI: the running host, configured channels, when each last stored a webhook, and each webhook URL on its port', async () => {
    const port = new URL(local.url).port;
    let output = '';
    const env = { PORT: port, SHOPIFY_WEBHOOK_SECRET: shopifyTestSecret, RAPPORT_DATA_DIR: local.dataDir };
    const order = shopifyOrderFor(7_700_001, 7_700_002);
    const sentAt = Date.now();
    const stored = await fetch(`${local.url}/webhooks/shopify`, {
      method: 'POST',
      headers: shopifyHeaders('orders/create', order),
      body: order,
    });
    expect(stored.status).toBe(200);
    const write = (text: string) => {
      output += text;
    };
    const status = await runCli(
      ['status'],
      mkdtempSync(join(tmpdir(), 'rapport-cli-')),
      env,
      () => '',
      write,
    );
    const urls = await runCli(['urls'], mkdtempSync(join(tmpdir(), 'rapport-cli-')), env, () => '', write);
    expect(status).toBe(0);
    expect(urls).toBe(0);
    expect(output).toContain('local host: running');
    // The order just stored is Shopify's last; Stripe has no secret and stored nothing.
    const lastStored = Date.parse(String(/shopify\s+configured, last stored ([^,\s]+)/.exec(output)?.[1]));
    expect(lastStored).toBeGreaterThanOrEqual(sentAt - 1000);
    expect(lastStored).toBeLessThanOrEqual(Date.now());
    expect(output).toMatch(/stripe\s+not configured \(set STRIPE_WEBHOOK_SECRET\)\n/);
    const hook = new RegExp(`shopify\\s+(http://localhost:${port}/webhooks/shopify)`).exec(output)?.[1];
    expect(hook).toBeDefined();
    // The printed URL is the one the host answers on (a wrong signature: 401, not 404).
    const answer = await fetch(String(hook).replace('localhost', '127.0.0.1'), {
      method: 'POST',
      body: '{}',
    });
    expect(answer.status).toBe(401);
  });

  it('stops cleanly on Ctrl-C and leaves no DynamoDB Local behind', async () => {
    const code = await local.stop();
    expect(code).toBe(0);
    await expect(fetch(local.dynamoEndpoint)).rejects.toThrow();
  });
});
