import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import { whatsappText } from '../helpers/signed-requests';
import { startMetaGraphStandIn } from '../helpers/stand-ins/meta-graph-stand-in';
import type { StandIn } from '../helpers/stand-ins/scripted-stand-in';

/**
 * The Inbox in a real browser (Debian's Chromium driven by playwright-core) against `npm start`,
 * with WhatsApp replies sent to a stand-in of Meta's Graph API: what a service agent does, found
 * by accessible names. Screenshots of the list and an open conversation, in English and Chinese
 * at 1280 px and 390 px, land in test-results/screenshots.
 */

const exampleEnv = Object.fromEntries(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const screenshots = join('test-results', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const agentToken = 'e2e-agent-token';
const meta = {
  whatsAppAccessToken: 'EAAG-e2e',
  phoneNumberId: '277321005464405',
  pageAccessToken: 'EAAP-e2e',
};

let local: LocalProcess;
let graph: StandIn;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
/** The customer who writes while the window is open, and one whose last message is two days old. */
const ines = { name: 'Ines Moreau', waId: '14155552750' };
const olaf = { name: 'Olaf Berg', waId: '4791234567' };
/** A customer known only by phone, who wrote by SMS and then sent STOP. */
const sam = '+14155550177';

async function sendWhatsApp(who: { name: string; waId: string }, text: string, at: Date) {
  const build = platformRequests(exampleEnv, local.url.replace('127.0.0.1', 'localhost'));
  const body = whatsappText(
    who.waId,
    `wamid.inbox.${who.waId}.${at.getTime()}`,
    text,
    String(Math.floor(at.getTime() / 1000)),
    who.name,
  );
  const answer = await sendPlatformRequest(local.url, build.meta(`WhatsApp message from ${who.name}`, body));
  expect(answer.status).toBe(200);
}

async function sendSms(body: string, sid: string) {
  const build = platformRequests(exampleEnv, local.url.replace('127.0.0.1', 'localhost'));
  const params = {
    MessageSid: sid,
    AccountSid: 'ACe2e',
    From: sam,
    To: '+12028831111',
    Body: body,
    NumMedia: '0',
  };
  const answer = await sendPlatformRequest(local.url, build.twilio(`SMS ${body}`, params));
  expect(answer.status).toBe(200);
}

async function apiGet<T>(path: string): Promise<T> {
  const answer = await fetch(`${local.url}${path}`, { headers: { authorization: `Bearer ${agentToken}` } });
  expect(answer.status, path).toBe(200);
  return (await answer.json()) as T;
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Listed = { items: Array<{ id: string; customerName?: string }> };

async function conversationOf(name: string): Promise<string> {
  let id: string | undefined;
  await until(async () => {
    const listed = await apiGet<Listed>('/api/conversations?status=open&limit=100');
    id = listed.items.find((item) => item.customerName === name)?.id;
    return id !== undefined;
  }, `the conversation with ${name}`);
  return id as string;
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
  graph = await startMetaGraphStandIn(meta);
  local = await startLocalProcess({
    ...exampleEnv,
    RAPPORT_AGENT_TOKEN: agentToken,
    META_GRAPH_URL: graph.url,
    WHATSAPP_ACCESS_TOKEN: meta.whatsAppAccessToken,
    WHATSAPP_PHONE_NUMBER_ID: meta.phoneNumberId,
    META_PAGE_ACCESS_TOKEN: meta.pageAccessToken,
  });
  await sendSms('What are your opening hours?', 'SMe2e0001');
  await sendSms('STOP', 'SMe2e0002');
  await sendWhatsApp(olaf, 'Do you ship to Norway?', new Date(Date.now() - 2 * 86_400_000));
  await sendWhatsApp(ines, 'Is the green scarf still available?', new Date());
  await conversationOf(olaf.name);
  await conversationOf(ines.name);
  // The operator registers the WhatsApp template Meta approved, so the composer can offer it.
  const registered = await fetch(`${local.url}/api/message-templates`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${local.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      items: [
        {
          platform: 'whatsapp',
          name: 'shipping_question',
          language: 'en_US',
          parameters: 1,
          text: 'Hello {{1}}, about your shipping question: we can help. Reply to continue.',
        },
      ],
    }),
  });
  expect(registered.status).toBe(200);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  await graph?.close();
});

describe('the Inbox in Chromium against npm start', () => {
  it('signs in as an agent and lists the conversations opened by signed webhooks, named by the customer', async () => {
    await signIn(page, agentToken);
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();

    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByRole('link', { name: ines.name }).waitFor();
    await expect(page.getByRole('link', { name: olaf.name }).isVisible()).resolves.toBe(true);
    expect(await page.locator('.conversation-row').first().innerText()).toContain(ines.name);
    await shoot('inbox');
  });

  it('opens a conversation with the message, the window countdown and the customer beside it', async () => {
    await page.getByRole('link', { name: ines.name }).click();

    await page.getByText('Is the green scarf still available?').waitFor();
    await page.getByText(/^Window closes in \d{1,2} h \d{1,2} min$/).waitFor();
    await page
      .getByRole('complementary', { name: 'Customer' })
      .getByText('whatsapp', { exact: true })
      .waitFor();
    await expect(page.getByRole('link', { name: 'Open the customer page' }).isVisible()).resolves.toBe(true);
  });

  it('sends a reply, which is listed with its status, and shows it sent through the platform', async () => {
    const reply = 'Yes, the green scarf is in stock. Shall I keep one for you?';

    await page.getByLabel('Reply').fill(reply);
    await page.getByRole('button', { name: 'Send' }).click();

    const bubble = page.locator('.bubble.out').filter({ hasText: reply });
    await bubble.waitFor();
    await bubble.getByRole('img', { name: /^(Queued|Sent|Delivered|Read)$/ }).waitFor();
    await bubble.getByRole('img', { name: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(graph.requests.filter((request) => request.body.includes(reply))).toHaveLength(1);
  });

  it('shows the platform’s read receipt on the reply without a reload', async () => {
    const url = page.url();
    // The stand-in numbered the reply, the first message it accepted, wamid.StandIn1.
    const receipt = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '264937493375603',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550953877', phone_number_id: meta.phoneNumberId },
                statuses: [
                  {
                    id: 'wamid.StandIn1',
                    status: 'read',
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: ines.waId,
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const build = platformRequests(exampleEnv, local.url.replace('127.0.0.1', 'localhost'));

    const answer = await sendPlatformRequest(local.url, build.meta('WhatsApp read receipt', receipt));

    expect(answer.status).toBe(200);
    await page.locator('.bubble.out').getByRole('img', { name: 'Read' }).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(url);
  });

  it('adds a private note, sets the status and assigns the conversation to the agent', async () => {
    const note = 'Wants it gift-wrapped; call before shipping.';
    await page.getByLabel('Reply').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    const noted = page.locator('.bubble.note').filter({ hasText: note });
    await noted.waitFor();
    expect((await noted.innerText()).toLowerCase()).toContain('private note');

    await page.getByLabel('Status').selectOption('pending');
    await page.getByText(/WhatsApp · Pending ·/).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assigned to you').waitFor();
    await shoot('inbox-conversation');

    const pending = await apiGet<Listed & { items: Array<{ status: string; assignee?: string }> }>(
      '/api/conversations?status=pending&assignee=me',
    );
    expect(pending.items.map((item) => item.customerName)).toContain(ines.name);
  });

  it('offers only templates once the window has closed, saying why, and sends one', async () => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('link', { name: olaf.name }).click();

    const template = page.getByLabel('Template', { exact: true });
    await template.waitFor();
    expect(await page.getByLabel('Reply').count()).toBe(0);
    await page.getByText(/The window for free text (closed|is closed)/).waitFor();
    await expect(page.getByRole('button', { name: 'Add note' }).isVisible()).resolves.toBe(true);
    await template.selectOption({ label: 'shipping_question (en_US)' });
    await page.getByLabel('Parameter 1').fill('Olaf');
    await shoot('inbox-template');

    await page.getByRole('button', { name: 'Send' }).click();

    const sent = page.locator('.bubble.out').filter({ hasText: 'shipping_question' });
    await sent.getByRole('img', { name: 'Sent' }).waitFor({ timeout: 15_000 });
    const request = graph.requests.find((candidate) => candidate.body.includes('shipping_question'));
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      type: 'template',
      template: { name: 'shipping_question', language: { code: 'en_US' } },
    });
  });

  it('shows the API’s refusal of a reply to a customer who sent STOP', async () => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('link', { name: sam, exact: true }).click();
    await page.getByText('What are your opening hours?').waitFor();

    await page.getByLabel('Reply').fill('We open at nine.');
    await page.getByRole('button', { name: 'Send' }).click();

    await page
      .getByRole('alert')
      .filter({ hasText: /opted out of SMS/ })
      .waitFor();
    expect(await page.locator('.bubble.out').filter({ hasText: 'We open at nine.' }).count()).toBe(0);
  });

  it('shows the Inbox and a conversation in Chinese', async () => {
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('link', { name: '收件箱', exact: true }).click();
    await page.getByRole('heading', { name: '收件箱' }).waitFor();
    await page.getByLabel('状态').selectOption('all');
    await page.getByRole('link', { name: ines.name }).waitFor();
    await shoot('inbox-zh');

    await page.getByRole('link', { name: ines.name }).click();
    await page.getByText('内部备注').waitFor();
    await page.getByLabel('回复').waitFor();
    await shoot('inbox-conversation-zh');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
  });

  it('shows a viewer the conversation without controls to answer it', async () => {
    const viewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewerPage = await viewer.newPage();
    await signIn(viewerPage, local.viewerToken);
    await viewerPage.getByRole('link', { name: 'Inbox', exact: true }).click();
    await viewerPage.getByLabel('Status').selectOption('all');
    await viewerPage.getByRole('link', { name: ines.name }).click();

    await viewerPage.getByText('Is the green scarf still available?').waitFor();
    expect(await viewerPage.getByLabel('Reply').count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Send' }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    expect(await viewerPage.getByLabel('Status').count()).toBe(0);
    await viewer.close();
  });

  it('logged no console errors other than the refused reply', () => {
    const refused = consoleErrors.filter((error) => /409/.test(error));
    expect(refused).toHaveLength(1);
    expect(consoleErrors.filter((error) => !/409/.test(error))).toEqual([]);
  });
});
