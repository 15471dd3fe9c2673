import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertReceiver, startAlertReceiver } from '../helpers/alert-receiver';
import { platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { demoScenario } from '../helpers/demo-scenario';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import { shopifyOrderFor } from '../helpers/shopify-requests';
import { whatsappText } from '../helpers/signed-requests';

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against `npm start`
 * with the demo traffic: what a marketer and a service agent do, found by accessible names.
 * Screenshots of every page at 1280 px and 390 px land in test-results/screenshots.
 */

const exampleEnv = Object.fromEntries(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const screenshots = join('test-results', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let local: LocalProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let receiver: AlertReceiver;
const consoleErrors: string[] = [];

async function send(request: ReturnType<ReturnType<typeof platformRequests>['shopify']>) {
  const answer = await sendPlatformRequest(local.url, request);
  expect(answer.status, request.label).toBe(200);
}

async function apiGet<T>(path: string): Promise<T> {
  const answer = await fetch(`${local.url}${path}`, {
    headers: { authorization: `Bearer ${local.apiToken}` },
  });
  return (await answer.json()) as T;
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(target: Page, token: string) {
  await target.goto(local.url);
  await target.getByLabel('API token').fill(token);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function shoot(name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  local = await startLocalProcess(exampleEnv);
  receiver = await startAlertReceiver();
  const publicUrl = local.url.replace('127.0.0.1', 'localhost');
  for (const step of demoScenario(exampleEnv, publicUrl, new Date()))
    await sendPlatformRequest(local.url, step);
  // Two Shopify customers sharing an email: a possible duplicate to decide.
  const build = platformRequests(exampleEnv, publicUrl);
  for (const [order, customer] of [
    [8_800_001, 8_900_001],
    [8_800_002, 8_900_002],
  ] as const) {
    await send(
      build.shopify(
        'Shopify order sharing an email',
        'orders/create',
        shopifyOrderFor(order, customer, (body) => {
          body.email = 'pat.dash@example.com';
          (body.customer as Record<string, unknown>).email = 'pat.dash@example.com';
        }),
      ),
    );
  }
  await until(
    async () => (await apiGet<{ items: unknown[] }>('/api/duplicates')).items.length > 0,
    'the possible duplicate',
  );
  await until(async () => {
    const found = await apiGet<{ items: Array<{ identities: Array<{ kind: string }> }> }>(
      '/api/customers?identity=email:ana@example.com',
    );
    const kinds = new Set(found.items[0]?.identities.map((identity) => identity.kind));
    return kinds.has('whatsapp') && kinds.has('shopify') && kinds.has('phone');
  }, 'Ana across channels');
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await local?.stop();
});

describe('the dashboard in Chromium against npm start with demo traffic', () => {
  it('signs in with the API token and shows the navigation', async () => {
    await signIn(page, local.apiToken);

    for (const name of [
      'Customers',
      'Segments',
      'Funnel',
      'Alerts',
      'Campaigns',
      'Duplicates',
      'Quarantine',
    ]) {
      await expect(page.getByRole('link', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await shoot('customers');
  });

  it('finds the demo shopper by email and shows identities from three channels, scores with reasons and the timeline', async () => {
    await page.getByLabel('Search customers').fill('ana@example.com');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ana Silva' }).click();

    await page.getByRole('heading', { name: 'Identities' }).waitFor();
    const identities = await page.locator('ul.identities').innerText();
    expect(identities).toContain('shopify');
    expect(identities).toContain('whatsapp');
    expect(identities).toContain('phone');
    await expect(page.getByRole('heading', { name: 'Scores' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('ul.reasons li').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const timeline = await page.locator('.timeline').innerText();
    expect(timeline).toContain('Order placed');
    expect(timeline).toContain('Message');
    await shoot('customer');
  });

  it('shows a new signed message on the open customer page without a reload', async () => {
    const url = page.url();
    const text = `Is the blue jacket back in stock? ${Date.now()}`;
    const message = whatsappText(
      '14155550123',
      `wamid.dash.${Date.now()}`,
      text,
      String(Math.floor(Date.now() / 1000)),
      'Ana Silva',
    );
    const build = platformRequests(exampleEnv, local.url.replace('127.0.0.1', 'localhost'));

    await send(build.meta('WhatsApp message while the page is open', message));

    await page.getByText(text).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(url);
  });

  it('creates a destination and a rule from a template', async () => {
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByLabel('Destination name').fill('Shop CRM');
    await page.getByLabel('URL').fill(receiver.url());
    await page.getByRole('button', { name: 'Create destination' }).click();
    await page.getByRole('cell', { name: 'Shop CRM', exact: true }).waitFor();

    await page.getByLabel('Template', { exact: true }).selectOption('big_order');
    await page.getByLabel('Smallest order amount').fill('300');
    await page.getByRole('checkbox', { name: 'Shop CRM' }).check();
    await page.getByRole('button', { name: 'Create rule' }).click();

    await page.getByRole('button', { name: /^Disable / }).waitFor();
    const rules = await apiGet<{ items: Array<{ on: string; if: Array<{ value: unknown }> }> }>(
      '/api/alert-rules',
    );
    expect(rules.items).toHaveLength(1);
    expect(rules.items[0]?.on).toBe('order.placed');
    await shoot('alerts');
  });

  it('accepts a possible duplicate, which merges the two', async () => {
    await page.getByRole('link', { name: 'Duplicates', exact: true }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'pat.dash@example.com' }).first();
    await card.waitFor();
    await shoot('duplicates');

    await card.getByRole('button', { name: 'Accept and merge' }).click();

    await page.getByText('No possible duplicates are waiting for a decision.').waitFor();
    const found = await apiGet<{ items: Array<{ merges: unknown[] }> }>(
      '/api/customers?identity=email:pat.dash@example.com',
    );
    expect(found.items).toHaveLength(1);
    expect(found.items[0]?.merges).toHaveLength(1);
  });

  it('shows segments, the funnel and the quarantine', async () => {
    await page.getByRole('link', { name: 'Segments', exact: true }).click();
    await page.getByRole('img', { name: 'Customers per segment' }).waitFor();
    await shoot('segments');
    await page.getByRole('link', { name: 'Funnel', exact: true }).click();
    await page.getByRole('img', { name: 'Customers who reached each stage' }).waitFor();
    const funnel = await page.locator('table').innerText();
    expect(funnel).toContain('Buyer');
    await shoot('funnel');
    await page.getByRole('link', { name: 'Quarantine', exact: true }).click();
    await page.getByRole('heading', { name: 'Quarantine' }).waitFor();
    await page.locator('.state, table').first().waitFor();
    await shoot('quarantine');
  });

  it('switches to Chinese and remembers it across a reload', async () => {
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('link', { name: '客户', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: '分群', exact: true }).waitFor();
    await page.getByRole('heading', { name: '隔离区' }).waitFor();
    await page.locator('.state.empty, table').first().waitFor();
    await shoot('segments-zh');
    await page.getByRole('combobox').first().selectOption('en');
    await page.getByRole('link', { name: 'Segments', exact: true }).waitFor();
  });

  it('shows a viewer no editing controls', async () => {
    const viewer = await context.browser()?.newContext({ viewport: { width: 1280, height: 900 } });
    const viewerPage = await viewer?.newPage();
    if (!viewerPage) throw new Error('no page');
    await signIn(viewerPage, local.viewerToken);
    await viewerPage.getByRole('link', { name: 'Alerts', exact: true }).click();
    await viewerPage.getByRole('heading', { name: 'Rules' }).waitFor();
    await viewerPage.getByRole('cell', { name: 'Shop CRM', exact: true }).waitFor();

    expect(await viewerPage.getByRole('button', { name: 'Create destination' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: /^Test / }).count()).toBe(0);
    await viewer?.close();
  });

  it('returns to sign-in when the token is no longer accepted, and back to the same page after', async () => {
    await page.getByRole('link', { name: 'Duplicates', exact: true }).click();
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    const url = page.url();
    // The session ends (an expired or revoked token): the next call is refused.
    await page.evaluate("sessionStorage.setItem('rapport.session', JSON.stringify({ token: 'expired' }))");
    await page.reload();

    await page.getByLabel('API token').waitFor();
    expect(page.url()).toBe(url);
    await page.getByLabel('API token').fill(local.apiToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    expect(page.url()).toBe(url);
  });

  it('logged no console errors other than the refused expired token', () => {
    const refused = consoleErrors.filter((error) => /401/.test(error));
    expect(refused.length).toBeLessThanOrEqual(1);
    expect(consoleErrors.filter((error) => !/401/.test(error))).toEqual([]);
  });
});
