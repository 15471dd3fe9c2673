import { describe, expect, it } from 'vitest';
import type { AlertBatch } from '../../shared/alerts/alert-batch';
import type { AlertContent } from '../../shared/alerts/alert-message';
import { alertMessage } from '../../shared/alerts/alert-message';
import { destinationSchema } from '../../shared/alerts/destination';
import {
  destinationRequest,
  type HttpDestination,
  platformLimits,
  truncateUtf8,
} from '../../shared/alerts/destination-requests';
import { dingtalkSign, feishuSign } from '../../shared/alerts/destination-signatures';
import { verifyTimestampedSignature } from '../../shared/channels/timestamped-signature';

const now = new Date('2026-11-24T08:00:00.000Z');

function content(overrides: Partial<AlertContent> = {}, text = 'Where is my parcel?'): AlertContent {
  return {
    alertId: 'a'.repeat(32),
    rule: { id: 'rule-1', name: 'VIP wrote to us' },
    event: {
      id: 'whatsapp:message:wamid.1',
      type: 'message.received',
      version: 1,
      occurredAt: '2026-11-24T07:59:59.000Z',
      customerId: 'c1',
      channel: 'whatsapp',
      message: { id: 'wamid.1', text, media: [], sentiment: -0.6, complaint: true },
    },
    customer: {
      id: 'c1',
      name: 'Ada Lovelace',
      emails: ['ada@example.com'],
      phones: ['+14155550123'],
      lifecycleStage: 'repeat',
      segment: 'champions',
      orders: 7,
      revenue: { amount: 123_450, currency: 'USD' },
      clv: { amount: 56_000, currency: 'USD' },
      churnRisk: 0.12,
    },
    ...overrides,
  };
}

const single = (alert: AlertContent = content()): AlertBatch => ({
  deliveryId: alert.alertId,
  rule: alert.rule,
  alerts: [alert],
});

const destination = (value: Record<string, unknown>) => destinationSchema.parse(value) as HttpDestination;

describe('alert messages', () => {
  it('says who, what happened, the figures that matter and what to do next, in English', () => {
    const message = alertMessage(content(), 'en');
    expect(message.title).toBe('VIP wrote to us: Ada Lovelace wrote to us');
    expect(message.facts).toContainEqual({ label: 'Segment', value: 'champions' });
    expect(message.facts).toContainEqual({ label: 'Revenue', value: '$1,234.50' });
    expect(message.facts).toContainEqual({ label: 'Message', value: 'Where is my parcel? (complaint)' });
    expect(message.nextStep).toMatch(/Reply today/);
  });

  it('writes the same alert in Chinese, with segment names and money for the locale', () => {
    const message = alertMessage(content(), 'zh');
    expect(message.title).toBe('VIP wrote to us:Ada Lovelace 发来消息');
    expect(message.facts).toContainEqual({ label: '分群', value: '冠军客户' });
    expect(message.facts).toContainEqual({ label: '消费金额', value: 'US$1,234.50' });
    expect(message.nextStep).toMatch(/今天内亲自回复/);
  });
});

describe('destination requests', () => {
  it('signs a webhook body with t=<unix>,v1=<hex HMAC of "t.body"> and carries the public contract’s fields and a stable delivery id', () => {
    const request = destinationRequest(
      destination({
        type: 'webhook',
        name: 'Shop',
        url: 'https://hooks.example.com/rapport',
        secret: 'whsec_1',
      }),
      single(),
      now,
    );
    expect(request.url).toBe('https://hooks.example.com/rapport');
    expect(request.headers['x-rapport-delivery']).toBe('a'.repeat(32));
    expect(
      verifyTimestampedSignature(
        Buffer.from(request.body),
        request.headers['x-rapport-signature'],
        'whsec_1',
        now,
      ),
    ).toBe(true);
    expect(request.headers['x-rapport-signature']).toMatch(/^t=1795507200,v1=[0-9a-f]{64}$/);
    const body = JSON.parse(request.body);
    expect(Object.keys(body).sort()).toEqual(['alertId', 'customer', 'event', 'rule', 'text']);
    expect(body.rule).toEqual({ id: 'rule-1', name: 'VIP wrote to us' });
    expect(body.event.id).toBe('whatsapp:message:wamid.1');
  });

  it('writes a digest webhook with every alert and the window', () => {
    const alerts = [content(), content({ alertId: 'b'.repeat(32) })];
    const request = destinationRequest(
      destination({ type: 'webhook', name: 'Shop', url: 'https://hooks.example.com/rapport' }),
      { deliveryId: 'dg_1', rule: content().rule, alerts, window: { from: 'f', to: 't' } },
      now,
    );
    const body = JSON.parse(request.body);
    expect(body.digestId).toBe('dg_1');
    expect(body.alerts.map((alert: { alertId: string }) => alert.alertId)).toEqual([
      'a'.repeat(32),
      'b'.repeat(32),
    ]);
    expect(body.text).toMatch(/^VIP wrote to us: 2 alerts/);
    expect(request.headers['x-rapport-signature']).toBeUndefined();
  });

  it('writes Slack Block Kit within its limits, escaping what a customer wrote so it cannot mention anyone', () => {
    const request = destinationRequest(
      destination({ type: 'slack', name: 'Team', webhookUrl: 'https://hooks.slack.com/services/T/B/x' }),
      single(content({}, `<!channel> ${'x'.repeat(5000)}`)),
      now,
    );
    const body = JSON.parse(request.body);
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'VIP wrote to us: Ada Lovelace wrote to us' },
    });
    expect(body.blocks.length).toBeLessThanOrEqual(platformLimits.slackBlocks);
    const fields = body.blocks[1].fields as Array<{ text: string }>;
    expect(fields.length).toBeLessThanOrEqual(platformLimits.slackFields);
    for (const block of body.blocks) {
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
      if (block.text?.type === 'mrkdwn') expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    expect(request.body).not.toContain('<!channel>');
    expect(request.body).toContain('&lt;!channel&gt;');
    expect(body.blocks.at(-1).elements[0].text).toMatch(/Reply today/);
  });

  it('writes a WeCom markdown message of at most 4,096 bytes, even from a very long Chinese message', () => {
    const request = destinationRequest(
      destination({
        type: 'wecom',
        name: '群',
        locale: 'zh',
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      }),
      single(content({}, `<@all> ${'退货'.repeat(5000)}`)),
      now,
    );
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    expect(body.markdown.content).toContain('— Rapport');
    expect(body.markdown.content).not.toContain('<@all>');
  });

  it('signs a DingTalk call with timestamp (ms) and sign on the URL, and writes markdown under 20 KB', () => {
    const request = destinationRequest(
      destination({
        type: 'dingtalk',
        name: 'Ops',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abc',
        secret: 'SEC1234567890abcdef',
      }),
      single(content({}, 'y'.repeat(40_000))),
      now,
    );
    expect(request.url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${now.getTime()}&sign=${dingtalkSign('SEC1234567890abcdef', now.getTime())}`,
    );
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe('VIP wrote to us: Ada Lovelace wrote to us');
    expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(platformLimits.dingtalkBodyBytes);
  });

  it('signs a Feishu call with timestamp (s, a string) and sign in the body, and writes a card under 20 KB', () => {
    const request = destinationRequest(
      destination({
        type: 'feishu',
        name: '飞书',
        locale: 'zh',
        webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/h',
        secret: 'nIMtb7r3N9pkXyXdtAbx6e',
      }),
      single(content({}, `<at id=all></at>${'投诉'.repeat(20_000)}`)),
      now,
    );
    const body = JSON.parse(request.body);
    const seconds = Math.floor(now.getTime() / 1000);
    expect(body.timestamp).toBe(String(seconds));
    expect(body.sign).toBe(feishuSign('nIMtb7r3N9pkXyXdtAbx6e', seconds));
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.template).toBe('red');
    expect(body.card.elements[0].text.tag).toBe('lark_md');
    expect(body.card.elements[0].text.content).not.toContain('<at id=all>');
    expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(platformLimits.feishuBodyBytes);
  });

  it('leaves robots unsigned without a secret', () => {
    const request = destinationRequest(
      destination({
        type: 'feishu',
        name: 'f',
        webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/h',
      }),
      single(),
      now,
    );
    expect(JSON.parse(request.body).sign).toBeUndefined();
  });

  it('cuts UTF-8 on a character boundary', () => {
    expect(truncateUtf8('顾客来信', 7)).toBe('顾…');
    expect(truncateUtf8('short', 10)).toBe('short');
  });
});
