import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertMoney, parseCurrencyRates } from '../../shared/domain/currency-conversion';
import type { OrderState } from '../../shared/domain/order-state';
import { computeOrderStats } from '../../shared/domain/order-stats';

describe('currency conversion', () => {
  it('reads CURRENCY_RATES and refuses malformed rates', () => {
    expect(parseCurrencyRates('EUR=1.08, jpy=0.0067')).toEqual({ EUR: '1.08', JPY: '0.0067' });
    expect(parseCurrencyRates('')).toEqual({});
    expect(() => parseCurrencyRates('EUR:1.08')).toThrow();
    expect(() => parseCurrencyRates('QQQ=1')).toThrow();
  });

  it('converts across exponents with integer arithmetic, rounding half away from zero', () => {
    expect(convertMoney({ amount: 1000, currency: 'EUR' }, 'USD', { EUR: '1.08' })).toEqual({
      amount: 1080,
      currency: 'USD',
    });
    expect(convertMoney({ amount: 1500, currency: 'JPY' }, 'USD', { JPY: '0.0067' })).toEqual({
      amount: 1005,
      currency: 'USD',
    });
    expect(convertMoney({ amount: 1234, currency: 'KWD' }, 'USD', { KWD: '3.25' })).toEqual({
      amount: 401,
      currency: 'USD',
    });
    expect(convertMoney({ amount: -5, currency: 'EUR' }, 'USD', { EUR: '1.1' })).toEqual({
      amount: -6,
      currency: 'USD',
    });
    expect(convertMoney({ amount: 100, currency: 'GBP' }, 'USD', {})).toBeUndefined();
  });

  it('is the identity at rate 1 between currencies of the same exponent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        expect(convertMoney({ amount, currency: 'EUR' }, 'USD', { EUR: '1' })?.amount).toBe(
          amount === 0 ? 0 : amount,
        );
      }),
    );
  });

  it('counts converted orders in revenue and says how many could not be converted', () => {
    const order = (
      id: string,
      total: { amount: number; currency: string },
      refunds: OrderState['refunds'] = {},
    ): OrderState => ({
      platform: 'stripe',
      platformOrderId: id,
      customerId: 'c',
      version: 1,
      placedAt: '2026-11-01T00:00:00.000Z',
      total,
      milestones: ['paid'],
      refunds,
      lastChanges: [],
    });
    const stats = computeOrderStats(
      [
        order('1', { amount: 10000, currency: 'USD' }),
        order('2', { amount: 5000, currency: 'EUR' }, { r: { amount: 1000, currency: 'EUR' } }),
        order('3', { amount: 700, currency: 'GBP' }),
      ],
      'USD',
      { EUR: '1.10' },
    );
    expect(stats).toMatchObject({
      orders: 3,
      revenue: { amount: 10000 + 5500 - 1100, currency: 'USD' },
      unconvertedOrders: 1,
    });
  });
});
