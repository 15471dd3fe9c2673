import { describe, expect, it } from 'vitest';
import type { OrderState } from '../../shared/domain/order-state';
import { computeOrderStats, lifecycleStageFor } from '../../shared/domain/order-stats';

const order = (id: string, overrides: Partial<OrderState> = {}): OrderState => ({
  platform: 'shopify',
  platformOrderId: id,
  customerId: 'c1',
  version: 1,
  placedAt: '2026-11-01T10:00:00.000Z',
  total: { amount: 10000, currency: 'USD' },
  milestones: [],
  refunds: {},
  lastChanges: [],
  ...overrides,
});

describe('computeOrderStats', () => {
  it('counts orders not cancelled, revenue less refunds, first and last order, and the repeat orders with their net value', () => {
    const stats = computeOrderStats(
      [
        order('1', {
          placedAt: '2026-01-01T00:00:00.000Z',
          refunds: { r: { amount: 2500, currency: 'USD' } },
        }),
        order('2', { placedAt: '2026-03-01T00:00:00.000Z' }),
        order('3', { milestones: ['cancelled'] }),
      ],
      'USD',
    );
    expect(stats).toEqual({
      orders: 2,
      revenue: { amount: 17500, currency: 'USD' },
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-03-01T00:00:00.000Z',
      unconvertedOrders: 0,
      repeatOrders: 1,
      repeatRevenue: 10000,
      repeatOrdersValued: 1,
    });
  });

  it('leaves orders in another currency out of revenue and says how many', () => {
    const stats = computeOrderStats([order('1', { total: { amount: 500, currency: 'EUR' } })], 'USD');
    expect(stats.orders).toBe(1);
    expect(stats.revenue.amount).toBe(0);
    expect(stats.unconvertedOrders).toBe(1);
  });
});

describe('lifecycleStageFor', () => {
  it('follows the activity and never goes back', () => {
    expect(lifecycleStageFor('visitor', { orders: 0, checkouts: 1, messages: 0 })).toBe('shopper');
    expect(lifecycleStageFor('visitor', { orders: 1, checkouts: 0, messages: 0 })).toBe('buyer');
    expect(lifecycleStageFor('buyer', { orders: 2, checkouts: 0, messages: 0 })).toBe('repeat');
    expect(lifecycleStageFor('repeat', { orders: 0, checkouts: 0, messages: 1 })).toBe('repeat');
  });
});
