import { describe, expect, it } from 'vitest';
import { alertRuleSchema } from '../../shared/alerts/alert-rule';
import { alertTemplates } from '../../shared/alerts/alert-templates';
import { alertIdFor, digestFor } from '../../shared/alerts/deliver-alert';
import { destinationOutcome } from '../../shared/alerts/destination-answer';
import { quietUntil } from '../../shared/alerts/quiet-hours';
import { retryAfterMs } from '../../shared/delivery/http-answer';
import { retryDelivery } from '../../shared/delivery/retry-delivery';

const now = new Date('2026-11-24T08:00:00.000Z');
const ok = (body: string, status = 200) => ({ status, headers: {}, body });

describe('reading a destination’s answer', () => {
  it('takes 2xx as delivered for webhooks and Slack', () => {
    expect(destinationOutcome('webhook', ok(''), now)).toEqual({ kind: 'delivered' });
    expect(destinationOutcome('slack', ok('ok'), now)).toEqual({ kind: 'delivered' });
  });

  it('reads the robots’ error codes in a 200 body as the failures they are', () => {
    expect(destinationOutcome('dingtalk', ok('{"errcode":0,"errmsg":"ok"}'), now)).toEqual({
      kind: 'delivered',
    });
    expect(
      destinationOutcome('dingtalk', ok('{"errcode":310000,"errmsg":"keywords not in content"}'), now),
    ).toEqual({
      kind: 'permanent-failure',
      reason: 'dingtalk errcode 310000: keywords not in content',
    });
    expect(destinationOutcome('dingtalk', ok('{"errcode":130101,"errmsg":"send too fast"}'), now)).toEqual({
      kind: 'retry-at',
      reason: 'dingtalk errcode 130101: send too fast',
      retryAfterMs: 600_000,
    });
    expect(
      destinationOutcome('wecom', ok('{"errcode":45009,"errmsg":"api freq out of limit"}'), now).kind,
    ).toBe('retry-at');
    expect(
      destinationOutcome('wecom', ok('{"errcode":93000,"errmsg":"invalid webhook url"}'), now).kind,
    ).toBe('permanent-failure');
    expect(destinationOutcome('feishu', ok('{"code":0,"msg":"success","data":{}}'), now)).toEqual({
      kind: 'delivered',
    });
    expect(destinationOutcome('feishu', ok('{"StatusCode":0,"StatusMessage":"success"}'), now)).toEqual({
      kind: 'delivered',
    });
    expect(destinationOutcome('feishu', ok('{"code":19021,"msg":"sign match fail"}'), now).kind).toBe(
      'permanent-failure',
    );
    expect(destinationOutcome('feishu', ok('{"code":9499,"msg":"too many request"}'), now).kind).toBe(
      'retry-at',
    );
    expect(destinationOutcome('feishu', ok('{"code":11232,"msg":"frequency limited"}'), now).kind).toBe(
      'retry-at',
    );
    expect(destinationOutcome('wecom', ok('<html>proxy</html>'), now).kind).toBe('permanent-failure');
  });

  it('retries 429 after its Retry-After, and 408 and 5xx; not other 4xx', () => {
    expect(
      destinationOutcome('slack', { status: 429, headers: { 'retry-after': '3' }, body: '' }, now),
    ).toEqual({
      kind: 'retry-at',
      reason: '429',
      retryAfterMs: 3000,
    });
    expect(destinationOutcome('webhook', ok('', 503), now).kind).toBe('retry-at');
    expect(destinationOutcome('webhook', ok('', 408), now).kind).toBe('retry-at');
    expect(destinationOutcome('slack', ok('invalid_payload', 400), now)).toEqual({
      kind: 'permanent-failure',
      reason: '400 invalid_payload',
    });
    expect(destinationOutcome('slack', ok('channel_is_archived', 410), now).kind).toBe('permanent-failure');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 24 Nov 2026 08:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('retrying a delivery', () => {
  const clockFrom = (waits: number[], random = 1) => {
    let at = 0;
    return {
      sleep: async (ms: number) => {
        waits.push(ms);
        at += ms;
      },
      random: () => random,
      nowMs: () => at,
    };
  };

  it('backs off exponentially with jitter and stops when delivered', async () => {
    const waits: number[] = [];
    const answers = [
      { kind: 'retry-at', reason: 'timeout' },
      { kind: 'retry-at', reason: '503' },
      { kind: 'delivered' },
    ] as const;
    let call = 0;
    const result = await retryDelivery(
      async () => answers[call++] ?? { kind: 'permanent-failure', reason: 'no more answers' },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 },
      clockFrom(waits, 0.5),
    );
    expect(result).toEqual({ outcome: { kind: 'delivered' }, attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  it('waits at least what Retry-After asks, and never retries a permanent failure', async () => {
    const waits: number[] = [];
    let call = 0;
    const result = await retryDelivery(
      async () =>
        call++ === 0
          ? { kind: 'retry-at', reason: '429', retryAfterMs: 2000 }
          : { kind: 'permanent-failure', reason: '404' },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 },
      clockFrom(waits),
    );
    expect(waits).toEqual([2000]);
    expect(result).toEqual({ outcome: { kind: 'permanent-failure', reason: '404' }, attempts: 2 });
  });

  it('does not wait past its budget: the alert is left to a later run', async () => {
    const waits: number[] = [];
    const result = await retryDelivery(
      async () => ({ kind: 'retry-at', reason: 'send too fast', retryAfterMs: 600_000 }),
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 },
      clockFrom(waits),
    );
    expect(waits).toEqual([]);
    expect(result.attempts).toBe(1);
    expect(result.outcome.kind).toBe('retry-at');
  });
});

describe('quiet hours', () => {
  const night = { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' };

  it('holds an alert until quiet hours end in the destination’s time zone, across midnight', () => {
    // 23:30 in Shanghai (UTC+8): quiet until 08:00 there, 00:00 UTC.
    expect(quietUntil(night, new Date('2026-11-24T15:30:00Z'))?.toISOString()).toBe(
      '2026-11-25T00:00:00.000Z',
    );
    // 03:15 in Shanghai.
    expect(quietUntil(night, new Date('2026-11-24T19:15:20Z'))?.toISOString()).toBe(
      '2026-11-25T00:00:00.000Z',
    );
  });

  it('lets alerts through outside quiet hours, and daytime windows work too', () => {
    expect(quietUntil(night, new Date('2026-11-24T04:00:00Z'))).toBeUndefined();
    expect(quietUntil(undefined, now)).toBeUndefined();
    const lunch = { start: '12:00', end: '13:00', timeZone: 'Europe/London' };
    expect(quietUntil(lunch, new Date('2026-11-24T12:10:00Z'))?.toISOString()).toBe(
      '2026-11-24T13:00:00.000Z',
    );
    expect(quietUntil(lunch, new Date('2026-11-24T13:00:00Z'))).toBeUndefined();
  });
});

describe('alert identity and digests', () => {
  it('gives a rule’s alert about an event to a destination one stable id', () => {
    expect(alertIdFor('r', 'e', 'd')).toBe(alertIdFor('r', 'e', 'd'));
    expect(alertIdFor('r', 'e', 'd')).not.toBe(alertIdFor('r', 'e', 'd2'));
    expect(alertIdFor('r', 'e', 'd')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('puts alerts of one window in one digest, due when the window ends', () => {
    const a = digestFor('r', 'd', 'PT1H', new Date('2026-11-24T10:05:00Z'));
    const b = digestFor('r', 'd', 'PT1H', new Date('2026-11-24T10:59:59Z'));
    const c = digestFor('r', 'd', 'PT1H', new Date('2026-11-24T11:00:00Z'));
    expect(a).toEqual(b);
    expect(a.windowStart).toBe('2026-11-24T10:00:00.000Z');
    expect(a.dueAt).toBe('2026-11-24T11:00:00.000Z');
    expect(c.id).not.toBe(a.id);
  });
});

describe('alert templates', () => {
  it('makes every template a valid rule', () => {
    for (const [name, template] of Object.entries(alertTemplates)) {
      const rule = alertRuleSchema.safeParse({
        ...template.rule({ destinations: ['d1'] }, 'USD'),
        destinations: ['d1'],
      });
      expect(rule.success, name).toBe(true);
    }
  });

  it('turns a big-order amount in major units into the order’s minor units', () => {
    const bigOrder = alertTemplates.big_order;
    if (!bigOrder) throw new Error('big_order template missing');
    const rule = bigOrder.rule({ destinations: ['d1'], amount: 250, currency: 'JPY' }, 'USD');
    expect(rule.if).toEqual([
      { path: 'event.order.total.currency', op: 'eq', value: 'JPY' },
      { path: 'event.order.total.amount', op: 'gte', value: 250 },
    ]);
    expect(bigOrder.rule({ destinations: ['d1'] }, 'USD').if[1]).toEqual({
      path: 'event.order.total.amount',
      op: 'gte',
      value: 50_000,
    });
  });
});
