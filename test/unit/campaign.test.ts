import { describe, expect, it } from 'vitest';
import { assignGroup, campaignSchema, inAudience, statusAt } from '../../shared/campaigns/campaign';
import { campaignResults } from '../../shared/campaigns/campaign-results';
import type { Customer } from '../../shared/domain/customer';

const ids = Array.from({ length: 100_000 }, (_, index) => `01JCUSTOMER${String(index).padStart(8, '0')}`);

describe('campaign assignment', () => {
  it('is deterministic: the same campaign and customer always land in the same group', () => {
    for (const id of ids.slice(0, 1000)) {
      expect(assignGroup('01JCAMPAIGN', id, 20)).toBe(assignGroup('01JCAMPAIGN', id, 20));
    }
  });

  it.each([
    [10, 'holdout 10%'],
    [20, 'holdout 20%'],
    [50, 'holdout 50%'],
  ])('splits 100,000 ids to within binomial bounds of a %i%% holdout', (holdout) => {
    const control = ids.filter((id) => assignGroup('01JCAMPAIGNSPLIT', id, holdout) === 'control').length;
    const p = holdout / 100;
    const sd = Math.sqrt(ids.length * p * (1 - p));
    // Four standard deviations: a correct hash fails this once in about 16,000 runs.
    expect(Math.abs(control - ids.length * p)).toBeLessThan(4 * sd);
  });

  it('is independent between campaigns: another campaign splits the same people differently', () => {
    const a = ids.slice(0, 10_000).map((id) => assignGroup('CAMPAIGN-A', id, 50));
    const b = ids.slice(0, 10_000).map((id) => assignGroup('CAMPAIGN-B', id, 50));
    const same = a.filter((group, index) => group === b[index]).length;
    // Independent halves agree about half the time (sd 50).
    expect(Math.abs(same - 5000)).toBeLessThan(250);
  });
});

const customer = (overrides: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  emails: [],
  phones: [],
  identities: [],
  stats: { orders: 2, revenue: { amount: 9000, currency: 'USD' }, messages: 0 },
  lifecycleStage: 'repeat',
  scores: { segment: 'at_risk', reasons: [] },
  merges: [],
  ...overrides,
});

describe('campaign definition and audience', () => {
  const base = {
    name: 'Win back',
    holdoutPercent: 20,
    endsAt: '2026-12-31T00:00:00.000Z',
    goal: { on: 'order.placed', withinDays: 14 },
    destinations: ['d1'],
  };

  it('takes a segment and/or conditions on the customer, and refuses event paths or nothing at all', () => {
    expect(campaignSchema.safeParse({ ...base, audience: { segment: 'at_risk' } }).success).toBe(true);
    expect(campaignSchema.safeParse({ ...base, audience: {} }).success).toBe(false);
    expect(
      campaignSchema.safeParse({
        ...base,
        audience: { if: [{ path: 'event.order.total.amount', op: 'gt', value: 1 }] },
      }).success,
    ).toBe(false);
    expect(
      campaignSchema.safeParse({ ...base, holdoutPercent: 0, audience: { segment: 'lost' } }).success,
    ).toBe(false);
  });

  it('matches the segment and every condition', () => {
    const campaign = campaignSchema.parse({
      ...base,
      audience: { segment: 'at_risk', if: [{ path: 'customer.stats.orders', op: 'gte', value: 2 }] },
    });
    expect(inAudience(campaign, customer())).toBe(true);
    expect(inAudience(campaign, customer({ scores: { segment: 'loyal', reasons: [] } }))).toBe(false);
    expect(
      inAudience(
        campaign,
        customer({ stats: { orders: 1, revenue: { amount: 1, currency: 'USD' }, messages: 0 } }),
      ),
    ).toBe(false);
  });

  it('runs between its start and end, and stays ended once ended', () => {
    const times = { startsAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z' };
    expect(statusAt({ ...times, status: 'scheduled' }, new Date('2026-10-01'))).toBe('scheduled');
    expect(statusAt({ ...times, status: 'scheduled' }, new Date('2026-11-15'))).toBe('running');
    expect(statusAt({ ...times, status: 'running' }, new Date('2026-12-02'))).toBe('ended');
    expect(statusAt({ ...times, status: 'ended' }, new Date('2026-11-15'))).toBe('ended');
  });
});

describe('campaign results', () => {
  const group = (customers: number, converted: number, revenue = 0, revenueSquares = 0) => ({
    customers,
    converted,
    revenue,
    revenueSquares,
  });

  it('says there is not enough evidence at a small size, naming the lift that would show', () => {
    const results = campaignResults({ treatment: group(40, 6), control: group(40, 3) }, 'USD');
    expect(results.treatment.conversionRate).toBe(0.15);
    expect(results.lift.conversion.absolute).toBeCloseTo(0.075, 6);
    expect(results.lift.conversion.ci95?.[0]).toBeLessThan(0);
    expect(results.verdict.en).toMatch(
      /^Not enough evidence yet: at this size only a lift above \d+(\.\d)? points would show/,
    );
    expect(results.verdict.zh).toMatch(/^证据尚不足/);
  });

  it('says it worked when the whole interval is above zero, with the p-value', () => {
    const results = campaignResults({ treatment: group(2000, 300), control: group(2000, 200) }, 'USD');
    expect(results.lift.conversion.ci95?.[0]).toBeGreaterThan(0);
    expect(results.lift.conversion.pValue).toBeLessThan(0.001);
    expect(results.verdict.en).toMatch(/^It worked: conversion is 5 points higher/);
    expect(results.lift.conversion.relative).toBeCloseTo(0.5, 6);
  });

  it('has no lift before both groups have members', () => {
    const results = campaignResults({ treatment: group(3, 1), control: group(0, 0) }, 'USD');
    expect(results.lift.conversion.absolute).toBeNull();
    expect(results.verdict.en).toBe('No results yet: both groups need members.');
  });
});
