import { describe, expect, it } from 'vitest';
import { type AlertRule, alertRuleSchema } from '../../shared/alerts/alert-rule';
import { evaluateRule, holds, type RuleInput } from '../../shared/alerts/evaluate-rule';
import { type CanonicalEvent, parseCanonicalEvent } from '../../shared/events/contracts';

const order = parseCanonicalEvent({
  id: 'shopify:order:1:placed',
  type: 'order.placed',
  version: 1,
  occurredAt: '2026-11-23T10:00:00.000Z',
  customerId: 'c1',
  channel: 'shopify',
  order: { id: '1', platform: 'shopify', status: 'placed', total: { amount: 75_000, currency: 'USD' } },
});
const customer = {
  id: 'c1',
  emails: ['ana@example.com'],
  lifecycleStage: 'repeat',
  stats: { orders: 4, lastOrderAt: '2026-11-23T10:00:00.000Z' },
  scores: { segment: 'champions', churnRisk: 0.12, reasons: [] },
};
const input: RuleInput = { event: order, customer };
const rule = (fields: Partial<AlertRule> & Pick<AlertRule, 'on'>): AlertRule =>
  alertRuleSchema.parse({ name: 'test', destinations: ['d1'], ...fields });

describe('alert rule conditions', () => {
  it.each([
    [{ path: 'customer.scores.segment', op: 'eq', value: 'champions' }, true],
    [{ path: 'customer.scores.segment', op: 'ne', value: 'champions' }, false],
    [{ path: 'event.order.total.amount', op: 'gt', value: 50_000 }, true],
    [{ path: 'event.order.total.amount', op: 'gte', value: 75_000 }, true],
    [{ path: 'event.order.total.amount', op: 'lt', value: 75_000 }, false],
    [{ path: 'event.order.total.amount', op: 'lte', value: 75_000 }, true],
    [{ path: 'customer.stats.lastOrderAt', op: 'gte', value: '2026-11-01T00:00:00.000Z' }, true],
    [{ path: 'customer.scores.segment', op: 'in', value: ['champions', 'loyal'] }, true],
    [{ path: 'customer.scores.segment', op: 'in', value: ['lost'] }, false],
    [{ path: 'customer.emails', op: 'contains', value: 'ana@example.com' }, true],
    [{ path: 'customer.emails.0', op: 'contains', value: 'EXAMPLE' }, true],
    [{ path: 'customer.scores.churnRisk', op: 'exists' }, true],
    [{ path: 'customer.scores.clv', op: 'exists' }, false],
    [{ path: 'customer.scores.clv', op: 'exists', value: false }, true],
    [{ path: 'event.order.total.amount', op: 'gt', value: '50000' }, false],
    [{ path: 'customer.nothing.here', op: 'eq', value: 1 }, false],
  ] as const)('%o holds: %s', (condition, expected) => {
    expect(holds(condition as never, input)).toBe(expected);
  });

  it('matches changed_to only when the value was something else before the scoring and is it after', () => {
    const scored = (before: string | null, after: string): CanonicalEvent =>
      parseCanonicalEvent({
        id: `customer.scored:c1:${after}`,
        type: 'customer.scored',
        version: 1,
        occurredAt: '2026-11-23T10:00:00.000Z',
        customerId: 'c1',
        channel: 'rapport',
        before: before === null ? null : { lifecycleStage: 'repeat', stats: {}, scores: { segment: before } },
        after: { lifecycleStage: 'repeat', stats: {}, scores: { segment: after } },
      });
    const condition = { path: 'customer.scores.segment', op: 'changed_to', value: 'at_risk' } as const;
    expect(holds(condition, { event: scored('loyal', 'at_risk'), customer })).toBe(true);
    expect(holds(condition, { event: scored(null, 'at_risk'), customer })).toBe(true);
    expect(holds(condition, { event: scored('at_risk', 'at_risk'), customer })).toBe(false);
    expect(holds(condition, { event: scored('at_risk', 'lost'), customer })).toBe(false);
    expect(holds(condition, input)).toBe(false);
  });
});

describe('evaluateRule', () => {
  it('matches an enabled rule on the event’s type whose conditions all hold, and says why not otherwise', () => {
    const bigOrder = rule({
      on: 'order.placed',
      if: [{ path: 'event.order.total.amount', op: 'gte', value: 50_000 }],
    });
    expect(evaluateRule(bigOrder, input)).toEqual({ matches: true });
    expect(evaluateRule({ ...bigOrder, enabled: false }, input)).toMatchObject({ matches: false });
    expect(evaluateRule({ ...bigOrder, on: 'order.paid' }, input)).toMatchObject({ matches: false });
    const vip = rule({
      on: 'order.placed',
      if: [
        { path: 'event.order.total.amount', op: 'gte', value: 50_000 },
        { path: 'customer.scores.segment', op: 'in', value: ['loyal'] },
      ],
    });
    expect(evaluateRule(vip, input)).toEqual({
      matches: false,
      reason: 'customer.scores.segment in does not hold',
    });
  });
});

describe('alertRuleSchema', () => {
  it.each([
    ['an unknown event type', { on: 'order.exploded' }],
    [
      'a path outside event and customer',
      { on: 'order.placed', if: [{ path: 'secrets.x', op: 'eq', value: 1 }] },
    ],
    ['`in` without a list', { on: 'order.placed', if: [{ path: 'customer.id', op: 'in', value: 'x' }] }],
    [
      'a comparison with an object',
      { on: 'order.placed', if: [{ path: 'customer.id', op: 'gt', value: {} }] },
    ],
    [
      'changed_to on another event',
      { on: 'order.placed', if: [{ path: 'customer.scores.segment', op: 'changed_to', value: 'x' }] },
    ],
    ['a throttle that is not a duration', { on: 'order.placed', throttle: { perCustomer: 'an hour' } }],
    ['no destination', { on: 'order.placed', destinations: [] }],
  ])('refuses %s, saying where', (_label, fields) => {
    const result = alertRuleSchema.safeParse({ name: 'r', destinations: ['d1'], ...fields });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message.length).toBeGreaterThan(0);
  });

  it('accepts the rule of the public contract', () => {
    const parsed = alertRuleSchema.parse({
      name: 'VIP wrote to us',
      on: 'message.received',
      if: [{ path: 'customer.scores.segment', op: 'in', value: ['champions', 'loyal'] }],
      destinations: ['dest-1'],
      throttle: { perCustomer: 'PT1H' },
      enabled: true,
    });
    expect(parsed.throttle?.perCustomer).toBe('PT1H');
  });
});
