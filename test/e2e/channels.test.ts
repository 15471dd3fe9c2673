import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/domain/customer';
import type { CanonicalEvent } from '../../shared/events/contracts';
import { type PlatformRequest, platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { demoScenario } from '../helpers/demo-scenario';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import { whatsappText } from '../helpers/signed-requests';

const exampleEnv = Object.fromEntries(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

let local: LocalProcess;

beforeAll(async () => {
  local = await startLocalProcess(exampleEnv);
});

afterAll(async () => {
  await local?.stop();
});

const api = async <T>(path: string): Promise<T> =>
  (await (
    await fetch(`${local.url}${path}`, { headers: { authorization: `Bearer ${local.apiToken}` } })
  ).json()) as T;

async function customerWith(
  identity: string,
  until: (customer: Customer) => boolean = () => true,
): Promise<Customer | undefined> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const page = await api<{ items: Customer[] }>(`/api/customers?identity=${encodeURIComponent(identity)}`);
    const [customer] = page.items;
    if ((customer && until(customer)) || Date.now() > deadline) return customer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('every channel through the local host over HTTP', () => {
  it('answers the demo stream of signed traffic from every channel as a platform expects', async () => {
    const steps = demoScenario(exampleEnv, local.url.replace('127.0.0.1', 'localhost'), new Date());
    const answers = [];
    for (const step of steps)
      answers.push({
        label: step.label,
        status: (await sendPlatformRequest(local.url, step)).status,
        expect: step.expect,
      });
    expect(answers.filter((answer) => answer.status !== answer.expect)).toEqual([]);
  });

  it('refuses every body-signed request with a tampered body with 401', async () => {
    // Telegram and WeChat plaintext mode sign no body: their secret is checked on its own below.
    // The WooCommerce ping is unsigned by design and stores nothing.
    const steps = demoScenario(exampleEnv, local.url.replace('127.0.0.1', 'localhost'), new Date()).filter(
      (step) =>
        step.body &&
        step.expect === 200 &&
        !step.label.includes('plaintext mode') &&
        !step.label.includes('ping') &&
        !step.path.includes('telegram'),
    );
    const channels = new Set<string>();
    for (const step of steps) {
      const body = Buffer.from(step.body as Buffer);
      body[body.length - 2] = (body[body.length - 2] ?? 0) ^ 0x01;
      const { status } = await sendPlatformRequest(local.url, { ...step, body });
      expect(status, step.label).toBe(401);
      channels.add(step.path.split('?')[0] ?? '');
    }
    expect([...channels].sort()).toEqual(
      ['line', 'meta', 'shopify', 'storefront', 'stripe', 'twilio', 'wechat', 'woocommerce', 'x'].map(
        (channel) => `/webhooks/${channel}`,
      ),
    );
  });

  it('refuses Telegram without the secret token, and WeChat plaintext with a wrong signature', async () => {
    const steps = demoScenario(exampleEnv, local.url.replace('127.0.0.1', 'localhost'), new Date());
    const telegram = steps.find((step) => step.path === '/webhooks/telegram') as (typeof steps)[number];
    const wrongToken = {
      ...telegram,
      headers: { ...telegram.headers, 'x-telegram-bot-api-secret-token': 'guess' },
    };
    expect((await sendPlatformRequest(local.url, wrongToken)).status).toBe(401);
    const wechat = steps.find((step) => step.label.includes('plaintext mode')) as (typeof steps)[number];
    const wrongSignature = { ...wechat, path: wechat.path.replace(/signature=[0-9a-f]+/, 'signature=0000') };
    expect((await sendPlatformRequest(local.url, wrongSignature)).status).toBe(401);
  });

  it('keeps one customer for the shopper met on Shopify, WhatsApp and SMS', async () => {
    const ana = await customerWith(
      'phone:+14155550123',
      (customer) => customer.stats.orders === 1 && customer.stats.messages === 2,
    );
    expect(ana?.identities).toEqual(
      expect.arrayContaining([
        { kind: 'shopify', value: '6000001' },
        { kind: 'whatsapp', value: '14155550123' },
        { kind: 'email', value: 'ana@example.com' },
      ]),
    );
    expect(ana?.stats).toMatchObject({
      orders: 1,
      messages: 2,
      revenue: { amount: 40994 - 20900, currency: 'USD' },
    });
    const timeline = await api<{ items: CanonicalEvent[] }>(`/api/customers/${ana?.id}/timeline?limit=20`);
    expect(timeline.items.map((event) => event.type).sort()).toEqual(
      ['message.received', 'message.received', 'order.paid', 'order.placed', 'order.refunded'].sort(),
    );
  });

  it('stores each platform’s message on the right customer, with its event', async () => {
    const checks: Array<[string, string]> = [
      ['messenger:1412611362105802', 'message.received'],
      ['instagram:12334', 'message.received'],
      ['instagram:232323232', 'comment.received'],
      ['telegram:1111111', 'message.received'],
      ['line:U206d25c2ea6bd87c17655609a1c37cb8', 'message.received'],
      ['wechat:oyORnuP8q7ou2gfYjqLzSIWZf0rs', 'message.received'],
      ['whatsapp:447700900123', 'message.received'],
      ['x:3805104374', 'message.received'],
      ['x:42', 'comment.received'],
    ];
    for (const [identity, type] of checks) {
      const customer = await customerWith(identity);
      expect(customer, identity).toBeDefined();
      const timeline = await api<{ items: CanonicalEvent[] }>(`/api/customers/${customer?.id}/timeline`);
      expect(
        timeline.items.map((event) => event.type),
        identity,
      ).toContain(type);
    }
  });

  it('keeps store orders from WooCommerce, Stripe and the storefront with their refunds', async () => {
    const john = await customerWith('email:john.doe@example.com', (customer) => customer.stats.orders === 1);
    expect(john?.stats.revenue).toEqual({ amount: 2935 - 500, currency: 'USD' });
    expect(john?.lifecycleStage).toBe('buyer');
    const lee = await customerWith('stripe:cus_demo_1', (customer) => customer.stats.orders === 1);
    expect(lee?.stats).toMatchObject({ orders: 1, unconvertedOrders: 1 });
    const mia = await customerWith('storefront:shop-c-42', (customer) => customer.stats.orders === 1);
    expect(mia?.identities).toEqual(expect.arrayContaining([{ kind: 'phone', value: '+4915112345678' }]));
    const noah = await customerWith(
      'storefront:shop-c-77',
      (customer) => customer.lifecycleStage === 'shopper',
    );
    expect(noah?.lifecycleStage).toBe('shopper');
  });

  it('flags the complaint on X and in WeChat safe mode', async () => {
    const kim = await customerWith('x:42');
    const [mention] = (await api<{ items: CanonicalEvent[] }>(`/api/customers/${kim?.id}/timeline`)).items;
    expect(mention?.type === 'comment.received' && mention.message.complaint).toBe(true);
    const wechat = await customerWith('wechat:oyORnuP8q7ou2gfYjqLzSIWZf0rs');
    const events = (await api<{ items: CanonicalEvent[] }>(`/api/customers/${wechat?.id}/timeline`)).items;
    expect(events.some((event) => event.type === 'message.received' && event.message.complaint)).toBe(true);
  });

  it('makes a WhatsApp message, a Shopify order with the same phone and a Telegram user who later shares that phone one customer with one timeline, and unmerge splits them back', async () => {
    // Prepare
    const build = platformRequests(exampleEnv, local.url);
    const seconds = Math.floor(Date.now() / 1000);
    const send = async (request: PlatformRequest) => (await sendPlatformRequest(local.url, request)).status;
    const whatsapp = whatsappText('14155550177', `wamid.e2e.${seconds}`, 'Hola!', String(seconds), 'Rosa');
    const order = JSON.parse(readFileSync('test/fixtures/shopify/orders_create.json', 'utf8'));
    Object.assign(order, { id: 7_000_177, email: 'rosa@example.com', phone: '+14155550177' });
    order.customer = { ...order.customer, id: 8_000_177, email: 'rosa@example.com', phone: '+14155550177' };
    const telegram = (messageId: number, extra: object) => ({
      update_id: 90_177_000 + messageId,
      message: {
        message_id: messageId,
        from: { id: 90177, is_bot: false, first_name: 'Rosa' },
        chat: { id: 90177, type: 'private', first_name: 'Rosa' },
        date: seconds + messageId,
        ...extra,
      },
    });

    // Act
    const statuses = [
      await send(build.meta('Rosa on WhatsApp', whatsapp)),
      await send(build.shopify('Rosa orders', 'orders/create', Buffer.from(JSON.stringify(order)))),
      await send(build.telegram('Rosa on Telegram', telegram(1, { text: 'hi there' }))),
    ];
    const beforeSharing = await customerWith('telegram:90177');
    statuses.push(
      await send(
        build.telegram(
          'Rosa shares her phone',
          telegram(2, { contact: { phone_number: '+14155550177', user_id: 90177, first_name: 'Rosa' } }),
        ),
      ),
    );

    // Assess: one customer, one timeline.
    expect(statuses).toEqual([200, 200, 200, 200]);
    const rosa = await customerWith(
      'telegram:90177',
      (customer) => customer.merges.length === 1 && customer.stats.orders === 1,
    );
    expect(rosa?.id).not.toBe(beforeSharing?.id);
    expect(rosa?.identities.map((identity) => `${identity.kind}:${identity.value}`).sort()).toEqual([
      'email:rosa@example.com',
      'phone:+14155550177',
      'shopify:8000177',
      'telegram:90177',
      'whatsapp:14155550177',
    ]);
    expect((await customerWith('whatsapp:14155550177'))?.id).toBe(rosa?.id);
    const timeline = await api<{ items: CanonicalEvent[] }>(`/api/customers/${beforeSharing?.id}/timeline`);
    expect(timeline.items.map((event) => event.type).sort()).toEqual([
      'customer.merged',
      'message.received',
      'message.received',
      'message.received',
      'order.placed',
    ]);

    // Act: a person splits them back.
    const split = await fetch(`${local.url}/api/customers/${rosa?.id}/unmerge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${local.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mergedId: beforeSharing?.id }),
    });

    // Assess
    expect(split.status).toBe(200);
    const telegramSide = await customerWith('telegram:90177', (customer) => customer.stats.messages === 2);
    expect(telegramSide?.id).toBe(beforeSharing?.id);
    expect(telegramSide?.identities).toEqual([{ kind: 'telegram', value: '90177' }]);
    const shopSide = await customerWith(
      'whatsapp:14155550177',
      (customer) => customer.lifecycleStage === 'buyer',
    );
    expect(shopSide?.id).toBe(rosa?.id);
    expect(shopSide?.merges).toEqual([]);
    expect(shopSide?.stats).toMatchObject({ orders: 1, messages: 1 });
  });
});
