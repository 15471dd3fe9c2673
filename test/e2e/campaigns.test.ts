import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import { platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import { shopifyOrderFor } from '../helpers/shopify-requests';

/**
 * A campaign with a 50% holdout end to end through `npm start`: buyers, a condition audience
 * enrolled by the local enrolment job, the treatment (and only it) delivered to a local webhook,
 * orders from some members after enrolment, and results whose counts match exactly; then the
 * Campaigns page in Chromium.
 */

const exampleEnv = Object.fromEntries(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const buyers = 20;

let local: LocalProcess;
let receiver: AlertReceiver;

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const answer = await fetch(`${local.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${local.apiToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, body: (await answer.json()) as T };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function order(orderId: number, shopifyCustomerId: number) {
  const build = platformRequests(exampleEnv, local.url.replace('127.0.0.1', 'localhost'));
  const body = shopifyOrderFor(orderId, shopifyCustomerId, (draft) => {
    draft.created_at = new Date().toISOString();
    draft.updated_at = new Date().toISOString();
    draft.total_price = '50.00';
  });
  const answer = await sendPlatformRequest(local.url, build.shopify('order', 'orders/create', body));
  expect(answer.status).toBe(200);
}

type Members = { items: Array<{ customerId: string }> };

beforeAll(async () => {
  local = await startLocalProcess(exampleEnv);
  receiver = await startAlertReceiver();
  for (let index = 0; index < buyers; index += 1) await order(6_100_000 + index, 6_200_000 + index);
  // Every buyer scored (the audience reads customer.stats.orders, which score keeps).
  for (let index = 0; index < buyers; index += 1) {
    await until(
      () =>
        api<{ items: Array<{ stats: { orders: number } }> }>(
          'GET',
          `/api/customers?identity=shopify:${6_200_000 + index}`,
        ),
      (answer) => (answer.body.items[0]?.stats.orders ?? 0) >= 1,
      `buyer ${index} scored`,
    );
  }
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await local?.stop();
});

describe('a campaign with a 50% holdout through npm start', () => {
  let campaignId: string;
  let treatment: Members['items'];
  let control: Members['items'];

  it('enrols the condition audience, delivers the treatment to the webhook and never the control', async () => {
    const destination = await api<{ id: string }>('POST', '/api/destinations', {
      type: 'webhook',
      name: 'Email tool',
      url: receiver.url(),
      secret: 'whsec_e2e',
    });
    const created = await api<{ id: string }>('POST', '/api/campaigns', {
      name: 'Second order',
      audience: { if: [{ path: 'customer.stats.orders', op: 'gte', value: 1 }] },
      holdoutPercent: 50,
      endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      goal: { on: 'order.placed', withinDays: 14 },
      destinations: [destination.body.id],
    });
    expect(created.status).toBe(201);
    campaignId = created.body.id;

    await until(
      () => api<{ enrolment: { done: boolean } }>('GET', `/api/campaigns/${campaignId}`),
      (answer) => answer.body.enrolment.done,
      'the enrolment job',
    );
    treatment = (await api<Members>('GET', `/api/campaigns/${campaignId}/members?group=treatment&limit=100`))
      .body.items;
    control = (await api<Members>('GET', `/api/campaigns/${campaignId}/members?group=control&limit=100`)).body
      .items;

    expect(treatment.length + control.length).toBe(buyers);
    expect(treatment.length).toBeGreaterThan(0);
    expect(control.length).toBeGreaterThan(0);
    await receiver.waitFor(treatment.length, 20_000);
    // Nothing more arrives: control members are never sent.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentTo = receiver.received.map(
      (alert) => (JSON.parse(alert.body) as { customer: { id: string } }).customer.id,
    );
    expect(sentTo.sort()).toEqual(treatment.map((member) => member.customerId).sort());
  });

  it('counts orders from members after enrolment, and the results match exactly', async () => {
    const shopifyIdOf = async (customerId: string) => {
      const customer = await api<{ identities: Array<{ kind: string; value: string }> }>(
        'GET',
        `/api/customers/${customerId}`,
      );
      return Number(customer.body.identities.find((identity) => identity.kind === 'shopify')?.value);
    };
    const fromTreatment = treatment.slice(0, 3);
    const fromControl = control.slice(0, 1);
    let orderId = 6_300_000;
    for (const member of [...fromTreatment, ...fromControl])
      await order(orderId++, await shopifyIdOf(member.customerId));

    const results = await until(
      () =>
        api<{
          treatment: { converted: number; revenue: { amount: number } };
          control: { converted: number; revenue: { amount: number } };
        }>('GET', `/api/campaigns/${campaignId}/results`),
      (answer) => answer.body.treatment.converted >= 3 && answer.body.control.converted >= 1,
      'the conversions',
    );

    expect(results.body).toMatchObject({
      treatment: { customers: treatment.length, converted: 3, revenue: { amount: 15_000 } },
      control: { customers: control.length, converted: 1, revenue: { amount: 5_000 } },
    });
  });

  it('shows the campaign, its verdict and the interval on the Campaigns page', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      await page.goto(local.url);
      await page.getByLabel('API token').fill(local.apiToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
      await page.getByRole('link', { name: 'Second order' }).click();

      await page
        .getByRole('status')
        .filter({ hasText: /evidence|worked|backfired/ })
        .waitFor();
      await page.getByRole('img', { name: '95% interval of the conversion lift, in points' }).waitFor();
      const table = await page.locator('table').innerText();
      expect(table).toContain('Treatment');
      expect(table).toContain('Control');
      mkdirSync(join('test-results', 'screenshots'), { recursive: true });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: join('test-results', 'screenshots', `campaign-${width}.png`),
          fullPage: true,
        });
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
