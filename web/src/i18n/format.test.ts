import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from './format';

describe('formats for the locale', () => {
  it('writes money in minor units in the currency’s own digits', () => {
    expect(formatMoney({ amount: 40994, currency: 'USD' }, 'en')).toBe('$409.94');
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, 'en')).toBe('¥1,200');
    // Intl puts a no-break space between the code and the amount.
    expect(formatMoney({ amount: 1234, currency: 'KWD' }, 'en')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney({ amount: 12900, currency: 'CNY' }, 'zh')).toBe('¥129.00');
  });

  it('writes shares as percentages', () => {
    expect(formatNumber(0.254, 'en', 'percent')).toBe('25.4%');
    expect(formatNumber(12345.678, 'zh')).toBe('12,345.68');
  });
});
