import { describe, expect, it } from 'vitest';
import type { OrderStats } from '../../shared/domain/order-stats';
import { scoreProfile, stagesReached } from '../../shared/scoring/customer-scores';
import { customerValue } from '../../shared/scoring/customer-value';
import { engagementScore } from '../../shared/scoring/engagement';
import { materialScoreChange } from '../../shared/scoring/material-change';
import {
  defaultRfmBoundaries,
  quintileBoundaries,
  type RfmBoundaries,
  rfmScores,
  segmentFor,
  segmentNames,
} from '../../shared/scoring/rfm';
import { defaultScoringModel } from '../../shared/scoring/scoring-model';
import { defaultScoringSettings } from '../../shared/scoring/scoring-settings';

const now = new Date('2026-11-23T00:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

describe('RFM', () => {
  it('cuts a customer base into quintiles', () => {
    expect(quintileBoundaries([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([2, 4, 6, 8]);
    expect(quintileBoundaries([1, 1, 1, 1, 2])).toEqual([1, 1, 1, 1]);
  });

  it('scores recency reversed and frequency and value upward, a value on a cut point staying below it', () => {
    const boundaries: RfmBoundaries = {
      recencyDays: [10, 20, 30, 40],
      orders: [1, 2, 3, 4],
      revenue: [100, 200, 300, 400],
    };
    expect(rfmScores({ recencyDays: 5, orders: 5, revenue: 500 }, boundaries)).toEqual({ r: 5, f: 5, m: 5 });
    expect(rfmScores({ recencyDays: 10, orders: 1, revenue: 100 }, boundaries)).toEqual({ r: 5, f: 1, m: 1 });
    expect(rfmScores({ recencyDays: 41, orders: 3, revenue: 250 }, boundaries)).toEqual({ r: 1, f: 3, m: 3 });
  });

  it('maps every R and FM to one of the 11 segments, as the grid documents', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r += 1) {
      for (let f = 1; f <= 5; f += 1) {
        for (let m = 1; m <= 5; m += 1) seen.add(segmentFor({ r, f, m }));
      }
    }
    expect([...seen].sort()).toEqual([...segmentNames].sort());
    expect(segmentFor({ r: 5, f: 5, m: 4 })).toBe('champions');
    expect(segmentFor({ r: 5, f: 1, m: 1 })).toBe('new_customers');
    expect(segmentFor({ r: 1, f: 5, m: 5 })).toBe('cant_lose');
    expect(segmentFor({ r: 1, f: 1, m: 2 })).toBe('lost');
    expect(segmentFor({ r: 3, f: 3, m: 3 })).toBe('need_attention');
  });
});

describe('engagement', () => {
  it('halves every half-life, per the documented weights', () => {
    const order = [{ kind: 'order' as const, at: daysAgo(14) }];
    expect(engagementScore(order, now, defaultScoringSettings)).toBe(2.5);
    expect(engagementScore([{ kind: 'message', at: daysAgo(0) }], now, defaultScoringSettings)).toBe(1);
    expect(
      engagementScore([{ kind: 'checkout', at: daysAgo(28) }], now, {
        ...defaultScoringSettings,
        halfLifeDays: 14,
      }),
    ).toBe(0.5);
    expect(engagementScore(order, now, { ...defaultScoringSettings, halfLifeDays: 7 })).toBe(1.25);
  });
});

describe('customer value', () => {
  it('gives an integer CLV, expected orders and churn risk in the documented bands', () => {
    const model = defaultScoringModel(2);
    const recent = customerValue(model, { x: 3, tx: 200, T: 210, mx: 5000 }, defaultScoringSettings);
    const silent = customerValue(model, { x: 3, tx: 20, T: 400, mx: 5000 }, defaultScoringSettings);
    expect(Number.isInteger(recent.clv)).toBe(true);
    expect(recent.clv).toBeGreaterThan(silent.clv);
    expect(recent.churnRisk).toBeCloseTo(1 - recent.pAlive, 4);
    expect(recent.churnBand).toBe('low');
    expect(silent.churnBand).toBe('high');
  });
});

describe('scoreProfile', () => {
  const stats = (orders: number, revenue: number, first: number, last: number): OrderStats => ({
    orders,
    revenue: { amount: revenue, currency: 'USD' },
    firstOrderAt: daysAgo(first),
    lastOrderAt: daysAgo(last),
    unconvertedOrders: 0,
    repeatOrders: orders - 1,
    repeatRevenue: orders > 1 ? revenue / 2 : 0,
    repeatOrdersValued: orders - 1,
  });
  const inputs = {
    now,
    counts: { messages: 2, comments: 0, checkouts: 1 },
    interactions: [{ kind: 'message' as const, at: daysAgo(1) }],
    previousStage: 'engaged' as const,
    settings: defaultScoringSettings,
    model: defaultScoringModel(2),
    boundaries: defaultRfmBoundaries(2),
  };

  it('gives a buyer every score with a reason, says the defaults are in use, and when time will change it', () => {
    const outcome = scoreProfile({ ...inputs, orderStats: stats(3, 30000, 200, 5) });
    expect(outcome.lifecycleStage).toBe('repeat');
    expect(outcome.scores).toMatchObject({
      rfm: { r: 5, f: 3, m: 5 },
      segment: 'champions',
      churnBand: expect.any(String),
      clv: { amount: expect.any(Number), currency: 'USD' },
    });
    const reasons = outcome.scores.reasons.join('\n');
    expect(reasons).toContain('R=5: last order 5 days ago');
    expect(reasons).toContain('default boundaries');
    expect(reasons).toContain(
      'Pareto/NBD with the CDNOW defaults until 200 buyers and 50 repeat buyers can be fitted; 3 orders, the last 5 days ago, the first 200 days ago',
    );
    expect(reasons).toContain('Gamma-Gamma, CDNOW defaults');
    expect(outcome.rescoreDueAt).toBeDefined();
    expect(Date.parse(outcome.rescoreDueAt as string)).toBeGreaterThan(now.getTime());
    expect(outcome.orderStats.meanRepeatOrderValue).toEqual({ amount: 7500, currency: 'USD' });
  });

  it('gives a customer without orders engagement and stage, and says why there is no RFM yet', () => {
    const outcome = scoreProfile({
      ...inputs,
      orderStats: {
        orders: 0,
        revenue: { amount: 0, currency: 'USD' },
        unconvertedOrders: 0,
        repeatOrders: 0,
        repeatRevenue: 0,
        repeatOrdersValued: 0,
      },
    });
    expect(outcome.lifecycleStage).toBe('shopper');
    expect(outcome.scores.segment).toBeUndefined();
    expect(outcome.scores.engagement).toBeGreaterThan(0);
    expect(outcome.scores.reasons.join('\n')).toContain('no order yet');
    expect(outcome.segmentRank).toBeUndefined();
  });

  it('counts the stages a customer passes, forward only, for the funnel', () => {
    expect(stagesReached(undefined, 'engaged')).toEqual(['visitor', 'engaged']);
    expect(stagesReached('engaged', 'buyer')).toEqual(['shopper', 'buyer']);
    expect(stagesReached('repeat', 'buyer')).toEqual([]);
  });
});

describe('materialScoreChange', () => {
  const snapshot = (scores: Record<string, unknown>, stage = 'buyer', orders = 1) => ({
    lifecycleStage: stage,
    stats: { orders, revenue: { amount: 1000, currency: 'USD' } },
    scores,
  });
  it('publishes segment, stage, churn band and order changes and big moves, not small drifts', () => {
    const base = { segment: 'loyal', churnBand: 'low', pAlive: 0.8, engagement: 5, clv: { amount: 10000 } };
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, engagement: 4.8 }))).toBe(false);
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, pAlive: 0.78 }))).toBe(false);
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, segment: 'at_risk' }))).toBe(true);
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, churnBand: 'medium' }))).toBe(true);
    expect(materialScoreChange(snapshot(base), snapshot(base, 'repeat', 2))).toBe(true);
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, pAlive: 0.74 }))).toBe(true);
    expect(materialScoreChange(snapshot(base), snapshot({ ...base, clv: { amount: 12000 } }))).toBe(true);
  });
});
