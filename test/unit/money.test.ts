import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, MoneyParseError, parseMoney } from '../../shared/domain/money';

describe('money', () => {
  it('uses each currency’s own exponent', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('parses decimal strings into integer minor units without floating point', () => {
    expect(parseMoney('409.94', 'USD')).toEqual({ amount: 40994, currency: 'USD' });
    expect(parseMoney('0.1', 'USD')).toEqual({ amount: 10, currency: 'USD' });
    expect(parseMoney('1500', 'JPY')).toEqual({ amount: 1500, currency: 'JPY' });
    expect(parseMoney('1.234', 'KWD')).toEqual({ amount: 1234, currency: 'KWD' });
    expect(parseMoney('19.990', 'USD')).toEqual({ amount: 1999, currency: 'USD' });
    expect(parseMoney(12.5, 'usd')).toEqual({ amount: 1250, currency: 'USD' });
  });

  it('refuses amounts with more precision than the currency has, and non-numbers', () => {
    expect(() => parseMoney('1.005', 'USD')).toThrow(MoneyParseError);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(MoneyParseError);
    expect(() => parseMoney('abc', 'USD')).toThrow(MoneyParseError);
    expect(() => parseMoney('1', 'XXQ')).toThrow(MoneyParseError);
  });

  it('round-trips parse ∘ format for every ISO 4217 currency', () => {
    const currencies = Intl.supportedValuesOf('currency');
    expect(new Set(currencies.map(currencyExponent))).toEqual(new Set([0, 2, 3]));
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.integer({ min: -1e12, max: 1e12 }),
        (currency, amount) => {
          const money = { amount, currency };
          expect(parseMoney(formatMoney(money), currency)).toEqual({
            amount: amount === 0 ? 0 : amount,
            currency,
          });
        },
      ),
    );
  });
});
