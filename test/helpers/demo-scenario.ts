import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PlatformRequest, platformRequests } from './channel-traffic';
import { whatsappText } from './signed-requests';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (platform: string, name: string) => readFileSync(join(fixtures, platform, name));
const readJson = (platform: string, name: string) => JSON.parse(read(platform, name).toString('utf8'));

/** A request of the demo and the status a correct Rapport answers. */
export type ScenarioStep = PlatformRequest & { expect: number };

/**
 * A realistic stream of signed traffic from every channel: one shopper (Ana, +14155550123,
 * ana@example.com) who orders on Shopify, writes on WhatsApp and by SMS, plus people on Messenger,
 * Instagram, Telegram, LINE, WeChat and X; with handshakes, duplicates and one tampered request.
 *
 * @example
 * for (const step of demoScenario(secrets, 'http://localhost:3000', new Date())) await send(step);
 */
export function demoScenario(
  secrets: Record<string, string | undefined>,
  publicBaseUrl: string,
  now: Date,
): ScenarioStep[] {
  const build = platformRequests(secrets, publicBaseUrl);
  const seconds = Math.floor(now.getTime() / 1000);
  const order = readJson('shopify', 'orders_create.json');
  Object.assign(order, {
    id: 5_000_001,
    email: 'ana@example.com',
    phone: '+14155550123',
    customer: {
      ...order.customer,
      id: 6_000_001,
      email: 'ana@example.com',
      phone: '+14155550123',
      first_name: 'Ana',
      last_name: 'Silva',
    },
  });
  const orderBody = Buffer.from(JSON.stringify(order));
  const paidBody = Buffer.from(
    JSON.stringify({
      ...order,
      financial_status: 'paid',
      updated_at: new Date(now.getTime() - 60_000).toISOString(),
    }),
  );
  const refund = { ...readJson('shopify', 'refunds_create.json'), order_id: 5_000_001 };
  const tampered = build.shopify(
    'Shopify order with a tampered total (must be refused)',
    'orders/create',
    orderBody,
  );
  tampered.body = Buffer.from(orderBody.toString().replace('"409.94"', '"1.00"'));
  const whatsapp = (id: string, text: string) =>
    whatsappText('14155550123', id, text, String(seconds - 30), 'Ana Silva');
  const telegramMessage = { ...readJson('telegram', 'update_message_text.json'), update_id: seconds };
  telegramMessage.message.text = 'Hi! Do you ship to Berlin?';
  const lineEvents = {
    destination: 'Uea8667adaf43586706170ff25ff47ae6',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: now.getTime() - 20_000,
        webhookEventId: `01DEMO${seconds}`,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: 'U206d25c2ea6bd87c17655609a1c37cb8' },
        message: { id: `${seconds}01`, type: 'text', text: 'The jacket is perfect, thank you!' },
      },
    ],
  };
  const wechatText = (id: string, text: string) =>
    `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>${seconds - 10}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${id}</MsgId></xml>`;
  const xDm = {
    for_user_id: '1234858592',
    direct_message_events: [
      {
        ...readJson('x', 'direct_message_event_message_create_adapted.json'),
        id: `${seconds}77`,
        created_timestamp: String(now.getTime() - 5_000),
      },
    ],
    users: { '3805104374': { id: '3805104374', name: 'Blue Bird Fan', screen_name: 'bluebirdfan' } },
  };
  const xMention = {
    for_user_id: '1234858592',
    tweet_create_events: [
      {
        id_str: `${seconds}88`,
        created_at: now.toUTCString().replace('GMT', '+0000'),
        text: '@shop my order arrived broken, I want a refund',
        user: { id_str: '42', name: 'Kim Lee', screen_name: 'kimlee' },
      },
    ],
  };
  const sms = {
    MessageSid: `SMdemo${seconds}`,
    AccountSid: 'ACdemo',
    From: '+14155550123',
    To: '+12028831111',
    Body: 'Is my order on its way?',
    NumMedia: '0',
  };

  const wooOrder = {
    ...readJson('woocommerce', 'order_created_docs_example.json'),
    id: 7_000_001,
    date_created_gmt: new Date(now.getTime() - 3_600_000).toISOString().slice(0, 19),
    date_modified_gmt: new Date(now.getTime() - 3_000_000).toISOString().slice(0, 19),
    billing: {
      first_name: 'John',
      last_name: 'Doe',
      email: 'john.doe@example.com',
      phone: '+14155550188',
      country: 'US',
    },
  };
  const wooCompleted = {
    ...wooOrder,
    status: 'completed',
    date_modified_gmt: new Date(now.getTime() - 60_000).toISOString().slice(0, 19),
    refunds: [{ id: 7_100_001, reason: 'size', total: '-5.00' }],
  };
  const stripeEvent = (type: string, object: unknown, id: string) => ({
    id,
    object: 'event',
    type,
    created: seconds - 100,
    data: { object },
  });
  const stripeSession = {
    id: `cs_demo_${seconds}`,
    customer: 'cus_demo_1',
    customer_details: { email: 'lee@example.com', name: 'Lee Park', phone: null },
    amount_total: 12900,
    currency: 'eur',
    payment_status: 'paid',
    payment_intent: `pi_demo_${seconds}`,
    created: seconds - 120,
  };
  const stripeRefund = {
    id: `re_demo_${seconds}`,
    amount: 2900,
    currency: 'eur',
    status: 'succeeded',
    created: seconds - 50,
    payment_intent: `pi_demo_${seconds}`,
  };
  const mia = { id: 'shop-c-42', email: 'mia@example.com', phone: '+4915112345678', name: 'Mia Wagner' };
  const storefrontOrder = {
    id: `evt_order_${seconds}`,
    type: 'order.upserted',
    occurredAt: now.toISOString(),
    customer: mia,
    order: {
      id: `o-${seconds}`,
      number: '1042',
      status: 'paid',
      total: '49.90',
      currency: 'EUR',
      placedAt: new Date(now.getTime() - 120_000).toISOString(),
      updatedAt: now.toISOString(),
    },
  };
  const storefrontCheckout = {
    id: `evt_checkout_${seconds}`,
    type: 'checkout.started',
    occurredAt: now.toISOString(),
    customer: { id: 'shop-c-77', email: 'noah@example.com', name: 'Noah' },
    checkout: { id: `chk-${seconds}`, total: '120.00', currency: 'EUR' },
  };

  return [
    { ...build.wooCommercePing('WooCommerce ping when the webhook is created'), expect: 200 },
    {
      ...build.woocommerce('WooCommerce order.created (processing)', 'order.created', wooOrder),
      expect: 200,
    },
    {
      ...build.woocommerce(
        'WooCommerce order.updated (completed, partial refund)',
        'order.updated',
        wooCompleted,
      ),
      expect: 200,
    },
    {
      ...build.woocommerce('WooCommerce order.updated again (duplicate)', 'order.updated', wooCompleted),
      expect: 200,
    },
    {
      ...build.stripe(
        'Stripe checkout.session.completed',
        stripeEvent('checkout.session.completed', stripeSession, `evt_cs_${seconds}`),
        now,
      ),
      expect: 200,
    },
    {
      ...build.stripe(
        'Stripe charge.refund.updated (succeeded)',
        stripeEvent('charge.refund.updated', stripeRefund, `evt_re_${seconds}`),
        now,
      ),
      expect: 200,
    },
    {
      ...build.stripe(
        'Stripe event signed 10 minutes ago (stale, must be refused)',
        stripeEvent('customer.created', { id: 'cus_x' }, 'evt_stale'),
        new Date(now.getTime() - 600_000),
      ),
      expect: 401,
    },
    { ...build.storefront('Storefront order.upserted (paid)', storefrontOrder, now), expect: 200 },
    { ...build.storefront('Storefront checkout.started', storefrontCheckout, now), expect: 200 },
    { ...build.metaHandshake('Meta verification handshake'), expect: 200 },
    { ...build.wechatHandshake('WeChat echostr check', now), expect: 200 },
    { ...build.xCrc('X CRC challenge'), expect: 200 },
    {
      ...build.shopify(
        'Shopify customers/create (Ana)',
        'customers/create',
        Buffer.from(JSON.stringify(order.customer)),
      ),
      expect: 200,
    },
    { ...build.shopify('Shopify orders/create #1001 (Ana)', 'orders/create', orderBody), expect: 200 },
    {
      ...build.shopify('Shopify orders/create again (duplicate delivery)', 'orders/create', orderBody),
      expect: 200,
    },
    { ...build.shopify('Shopify orders/paid', 'orders/paid', paidBody), expect: 200 },
    {
      ...build.shopify('Shopify refunds/create', 'refunds/create', Buffer.from(JSON.stringify(refund))),
      expect: 200,
    },
    { ...tampered, expect: 401 },
    {
      ...build.meta(
        'WhatsApp text from Ana (same phone as her Shopify orders)',
        whatsapp(`wamid.DEMO${seconds}`, 'Thanks, I love the jacket!'),
      ),
      expect: 200,
    },
    {
      ...build.meta(
        'WhatsApp text again (duplicate)',
        whatsapp(`wamid.DEMO${seconds}`, 'Thanks, I love the jacket!'),
      ),
      expect: 200,
    },
    { ...build.meta('WhatsApp read receipt', readJson('whatsapp', 'cloud_status_read.json')), expect: 200 },
    {
      ...build.meta(
        'Messenger batch of two messages',
        readJson('messenger', 'page_batch_two_entries.raw.json'),
      ),
      expect: 200,
    },
    {
      ...build.meta(
        'Instagram direct message',
        readJson('instagram', 'messages_dashboard_test_text.raw.json'),
      ),
      expect: 200,
    },
    {
      ...build.meta('Instagram comment', readJson('instagram', 'comments_dashboard_test.raw.json')),
      expect: 200,
    },
    { ...build.telegram('Telegram message', telegramMessage), expect: 200 },
    {
      ...build.telegram('Telegram button tap', readJson('telegram', 'update_callback_query.json')),
      expect: 200,
    },
    { ...build.line('LINE message', lineEvents), expect: 200 },
    { ...build.line('LINE console verification', { destination: 'U1', events: [] }), expect: 200 },
    {
      ...build.wechat(
        'WeChat text (plaintext mode)',
        wechatText(`${seconds}0001`, '你好，请问有折扣吗？'),
        now,
        false,
      ),
      expect: 200,
    },
    {
      ...build.wechat(
        'WeChat text (safe mode)',
        wechatText(`${seconds}0002`, '包裹没收到，我要退款'),
        now,
        true,
      ),
      expect: 200,
    },
    { ...build.twilio('SMS from Ana via Twilio', sms), expect: 200 },
    {
      ...build.twilio('WhatsApp via Twilio', {
        MessageSid: `SMwa${seconds}`,
        From: 'whatsapp:+447700900123',
        To: 'whatsapp:+12028831111',
        Body: 'Hello!',
        WaId: '447700900123',
        ProfileName: 'Sam',
      }),
      expect: 200,
    },
    { ...build.x('X direct message', xDm), expect: 200 },
    { ...build.x('X mention (complaint)', xMention), expect: 200 },
  ];
}
