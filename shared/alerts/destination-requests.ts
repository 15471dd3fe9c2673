import { signTimestamped } from '../channels/timestamped-signature';
import { type AlertBatch, batchMessage } from './alert-batch';
import type { AlertMessage } from './alert-message';
import type { Destination } from './destination';
import { dingtalkSign, feishuSign } from './destination-signatures';
import { dingtalkMarkdownText, larkMarkdownText, wecomMarkdownText } from './robot-markdown-text';
import { slackMrkdwnText } from './slack-mrkdwn-text';
import { withoutAutolinks } from './unlinked-text';

/** One HTTP request to a destination. */
export interface DestinationRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type HttpDestination = Extract<
  Destination,
  { type: 'webhook' | 'slack' | 'wecom' | 'dingtalk' | 'feishu' }
>;

/**
 * Each platform's documented size limits (bytes of UTF-8 unless said otherwise).
 * Slack: 50 blocks, 150 characters in a header, 3,000 in a section's text, 10 fields of 2,000.
 * WeCom group robot: markdown content up to 4,096 bytes. Feishu custom bot: request body up to
 * 20 KB. DingTalk custom robot: kept under the same 20 KB.
 */
export const platformLimits = {
  slackBlocks: 50,
  slackHeaderChars: 150,
  slackSectionChars: 3000,
  slackFields: 10,
  slackFieldChars: 2000,
  wecomMarkdownBytes: 4096,
  feishuBodyBytes: 20 * 1024,
  dingtalkBodyBytes: 20 * 1024,
} as const;

/**
 * Cuts text to at most `maxBytes` of UTF-8, on a character boundary, marking the cut with `…`.
 *
 * @example
 * truncateUtf8('顾客来信', 7); // '顾…'
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength('…');
  let used = 0;
  let kept = '';
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (used + size > budget) break;
    used += size;
    kept += character;
  }
  return `${kept}…`;
}

function truncateChars(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/**
 * The markdown body of a robot message, cut to `maxBytes` with the footer kept. The heading, the
 * bold labels, the list and the quote are Rapport's markup; every interpolated text (the title with
 * the customer's name, each fact, the next step) goes through the robot's own `text` rule, so
 * nothing a customer wrote can add markup of its own.
 */
function robotMarkdown(message: AlertMessage, maxBytes: number, text: (value: string) => string): string {
  const footer = `\n\n> ${text(message.nextStep)}\n\n— Rapport`;
  const lines = message.facts.map((fact) => `- **${text(fact.label)}**: ${text(fact.value)}`);
  const head = `### ${text(message.title)}\n\n${lines.join('\n')}`;
  return truncateUtf8(head, maxBytes - Buffer.byteLength(footer)) + footer;
}

/**
 * The JSON a webhook receives (public contract: `alertId`, `rule`, `event`, `customer`, `text`; a digest
 * `digestId`, `rule`, `window`, `alerts`, `text`); SNS destinations publish the same.
 *
 * @example
 * JSON.stringify(webhookBody(batch, batchMessage(batch, 'en')));
 */
export function webhookBody(batch: AlertBatch, message: AlertMessage): unknown {
  const [only] = batch.alerts;
  if (only && batch.alerts.length === 1) {
    return {
      alertId: only.alertId,
      rule: only.rule,
      event: only.event,
      customer: only.customer,
      text: message.text,
    };
  }
  return {
    digestId: batch.deliveryId,
    rule: batch.rule,
    window: batch.window,
    alerts: batch.alerts.map((alert) => ({
      alertId: alert.alertId,
      event: alert.event,
      customer: alert.customer,
    })),
    text: message.text,
  };
}

/**
 * A Slack Block Kit message. Rapport's bold labels are its only markup; every text goes through
 * {@link slackMrkdwnText}, and the `mrkdwn` objects are `verbatim` so that Slack links no URL,
 * channel name or mention in them by itself.
 */
function slackBody(message: AlertMessage): unknown {
  const fields = message.facts.slice(0, platformLimits.slackFields).map((fact) => ({
    type: 'mrkdwn',
    text: truncateChars(
      `*${slackMrkdwnText(fact.label)}*\n${slackMrkdwnText(fact.value)}`,
      platformLimits.slackFieldChars,
    ),
    verbatim: true,
  }));
  const rest = message.facts.slice(platformLimits.slackFields);
  const blocks: unknown[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncateChars(withoutAutolinks(message.title), platformLimits.slackHeaderChars),
      },
    },
    { type: 'section', fields },
  ];
  if (rest.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateChars(
          rest.map((fact) => `*${slackMrkdwnText(fact.label)}* ${slackMrkdwnText(fact.value)}`).join('\n'),
          platformLimits.slackSectionChars,
        ),
        verbatim: true,
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncateChars(`➜ ${slackMrkdwnText(message.nextStep)}`, platformLimits.slackSectionChars),
        verbatim: true,
      },
    ],
  });
  return { text: truncateChars(slackMrkdwnText(message.title), platformLimits.slackSectionChars), blocks };
}

function feishuCard(message: AlertMessage, complaint: boolean, maxBytes: number): unknown {
  const body = robotMarkdown({ ...message, title: '' }, maxBytes, larkMarkdownText).replace(/^### \n\n/, '');
  return {
    header: {
      title: { tag: 'plain_text', content: truncateChars(withoutAutolinks(message.title), 100) },
      template: complaint ? 'red' : 'blue',
    },
    elements: [{ tag: 'div', text: { tag: 'lark_md', content: body } }],
  };
}

/**
 * The HTTP request that delivers a batch to a webhook, Slack or a group robot, in the
 * destination's language, signed where the destination has a secret:
 * - `webhook`: JSON, `X-Rapport-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, and
 *   `X-Rapport-Delivery` (the same on every retry);
 * - `slack`: an incoming-webhook Block Kit message (header, fields, next step);
 * - `wecom`: a `markdown` message;
 * - `dingtalk`: a `markdown` message; with a secret, `timestamp` (ms) and `sign` on the URL;
 * - `feishu`: an `interactive` card; with a secret, `timestamp` (s) and `sign` in the body.
 *
 * What customers wrote is text in every one of them: each format's own rule
 * ({@link slackMrkdwnText}, {@link wecomMarkdownText}, {@link dingtalkMarkdownText},
 * {@link larkMarkdownText}) neutralises its markup, so no customer can add a link, image, mention
 * or heading to an alert; plain-text titles only lose what would let a client link a URL
 * ({@link withoutAutolinks}).
 *
 * @example
 * const request = destinationRequest(destination, batch, new Date());
 * await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
 */
export function destinationRequest(
  destination: HttpDestination,
  batch: AlertBatch,
  now: Date,
): DestinationRequest {
  const message = batchMessage(batch, destination.locale);
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (destination.type) {
    case 'webhook': {
      const body = JSON.stringify(webhookBody(batch, message));
      return {
        url: destination.url,
        headers: {
          ...json,
          'x-rapport-delivery': batch.deliveryId,
          ...(destination.secret
            ? { 'x-rapport-signature': signTimestamped(Buffer.from(body), destination.secret, now) }
            : {}),
        },
        body,
      };
    }
    case 'slack':
      return { url: destination.webhookUrl, headers: json, body: JSON.stringify(slackBody(message)) };
    case 'wecom':
      return {
        url: destination.webhookUrl,
        headers: json,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { content: robotMarkdown(message, platformLimits.wecomMarkdownBytes, wecomMarkdownText) },
        }),
      };
    case 'dingtalk': {
      let url = destination.webhookUrl;
      if (destination.secret) {
        const ms = now.getTime();
        url += `${url.includes('?') ? '&' : '?'}timestamp=${ms}&sign=${dingtalkSign(destination.secret, ms)}`;
      }
      const envelope = Buffer.byteLength(
        JSON.stringify({ msgtype: 'markdown', markdown: { title: '', text: '' } }),
      );
      return {
        url,
        headers: json,
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: {
            title: truncateChars(withoutAutolinks(message.title), 100),
            // JSON escaping can grow the text; leave room for it.
            text: robotMarkdown(
              message,
              Math.floor((platformLimits.dingtalkBodyBytes - envelope - 200) / 1.2),
              dingtalkMarkdownText,
            ),
          },
        }),
      };
    }
    case 'feishu': {
      const seconds = Math.floor(now.getTime() / 1000);
      const complaint = batch.alerts.some(
        (alert) =>
          'message' in alert.event &&
          'complaint' in alert.event.message &&
          alert.event.message.complaint === true,
      );
      return {
        url: destination.webhookUrl,
        headers: json,
        body: JSON.stringify({
          ...(destination.secret
            ? { timestamp: String(seconds), sign: feishuSign(destination.secret, seconds) }
            : {}),
          msg_type: 'interactive',
          card: feishuCard(message, complaint, Math.floor((platformLimits.feishuBodyBytes - 1024) / 1.2)),
        }),
      };
    }
  }
}
