import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertReceiver, type ReceivedAlert, startAlertReceiver } from '../helpers/alert-receiver';
import { platformRequests, sendPlatformRequest } from '../helpers/channel-traffic';
import { type LocalProcess, startLocalProcess } from '../helpers/local-process';
import { markupCounts, readMarkdown } from '../helpers/markdown-reading';
import { whatsappText } from '../helpers/signed-requests';

/** The hostile WhatsApp customer of issue 25. */
const hostileName = '[Support](https://evil.example/n)';
const hostileText =
  'Hello [Track your refund here](https://evil.example/login) ![x](https://evil.example/p.png)';
const secrets = { META_APP_SECRET: 'alert-markup-app-secret', META_VERIFY_TOKEN: 'alert-markup-verify' };

let local: LocalProcess;
let robots: AlertReceiver;

beforeAll(async () => {
  robots = await startAlertReceiver();
  // Its own port (free, chosen by startLocalProcess) and its own data directory.
  local = await startLocalProcess({
    ...secrets,
    RAPPORT_DATA_DIR: mkdtempSync(join(tmpdir(), 'rapport-e2e-alert-markup-')),
  });
});

afterAll(async () => {
  await local?.stop();
  await robots?.close();
});

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${local.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${local.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(201);
  return (await response.json()) as { id: string };
}

interface SlackText {
  type: string;
  text: string;
}

/** The texts of each robot's message that its platform reads as markup. */
const markdownOf: Record<string, (body: Record<string, unknown>) => string[]> = {
  '/dingtalk': (body) => [(body.markdown as { text: string }).text],
  '/wecom': (body) => [(body.markdown as { content: string }).content],
  '/feishu': (body) => [
    (body.card as { elements: Array<{ text: { tag: string; content: string } }> }).elements[0]?.text
      .content ?? '',
  ],
  '/slack': (body) => {
    const blocks = body.blocks as Array<{ text?: SlackText; fields?: SlackText[]; elements?: SlackText[] }>;
    return [
      String(body.text),
      ...blocks
        .flatMap((block) => [block.text, ...(block.fields ?? []), ...(block.elements ?? [])])
        .filter((object): object is SlackText => object?.type === 'mrkdwn')
        .map((object) => object.text),
    ];
  },
};

/** Sends a signed WhatsApp text (a Meta webhook) and answers the webhook's status. */
async function whatsapp(waId: string, name: string, text: string): Promise<number> {
  const seconds = Math.floor(Date.now() / 1000);
  const message = whatsappText(waId, `wamid.markup.${waId}.${seconds}`, text, String(seconds), name);
  const request = platformRequests(secrets, local.url).meta(`${name} on WhatsApp`, message);
  return (await sendPlatformRequest(local.url, request)).status;
}

describe('customer-written markdown through npm start to stand-in group robots', () => {
  it('reaches DingTalk, WeCom, Feishu and Slack as text: no customer link, image, mention or heading, every word visible', async () => {
    // Prepare: four robots on the loopback stand-in, a rule on every message, and the alerts a
    // customer who writes plain words gets (Rapport's own markup, to compare with).
    const destinations = [
      await post('/api/destinations', {
        type: 'dingtalk',
        name: 'DingTalk',
        webhookUrl: robots.url('/dingtalk'),
      }),
      await post('/api/destinations', { type: 'wecom', name: 'WeCom', webhookUrl: robots.url('/wecom') }),
      await post('/api/destinations', { type: 'feishu', name: 'Feishu', webhookUrl: robots.url('/feishu') }),
      await post('/api/destinations', { type: 'slack', name: 'Slack', webhookUrl: robots.url('/slack') }),
    ];
    await post('/api/alert-rules', {
      name: 'Any message',
      on: 'message.received',
      destinations: destinations.map((destination) => destination.id),
    });
    expect(await whatsapp('14155550124', 'Ada Plain', 'Hi there')).toBe(200);
    const plain = new Map((await robots.waitFor(4, 30_000)).map((request) => [request.path, request]));

    // Act: the hostile customer writes on WhatsApp.
    const status = await whatsapp('14155550125', hostileName, hostileText);
    const hostile = new Map(
      (await robots.waitFor(8, 30_000)).slice(4).map((request) => [request.path, request] as const),
    );

    // Assess
    expect(status).toBe(200);
    expect([...hostile.keys()].sort()).toEqual(['/dingtalk', '/feishu', '/slack', '/wecom']);
    for (const [path, request] of hostile) {
      const read = (received: ReceivedAlert | undefined) =>
        (markdownOf[path]?.(JSON.parse(received?.body ?? '{}')) ?? []).map(readMarkdown);
      const readings = read(request);
      const own = read(plain.get(path));
      expect(readings.length, path).toBeGreaterThan(0);
      readings.forEach((reading, index) => {
        expect(reading.counts.link_open ?? 0, `${path} links`).toBe(0);
        expect(reading.counts.image ?? 0, `${path} images`).toBe(0);
        expect((reading.counts.html_inline ?? 0) + (reading.counts.html_block ?? 0), `${path} tags`).toBe(0);
        // Headings, bold, lists and quotes: exactly what Rapport wrote for the plain customer.
        expect(markupCounts(reading), path).toEqual(markupCounts(own[index] ?? readMarkdown('')));
      });
      const visible = readings.map((reading) => reading.visible).join('\n');
      for (const words of ['Support', 'Hello', 'Track your refund here'])
        expect(visible, `${path} shows "${words}"`).toContain(words);
      expect(visible, path).not.toContain('https://');
      expect(request.body, path).not.toContain('https://evil.example');
    }
  });
});
