import { currencyExponent, type Money } from './money';

/** Rates into the base currency: how many base units one unit of a currency is worth, as decimal strings. */
export type CurrencyRates = Readonly<Record<string, string>>;

/**
 * Reads `EUR=1.08,GBP=1.27` (the `CURRENCY_RATES` setting) into rates; throws on anything else.
 *
 * @example
 * parseCurrencyRates('EUR=1.08, jpy=0.0067'); // { EUR: '1.08', JPY: '0.0067' }
 */
export function parseCurrencyRates(text: string | undefined): CurrencyRates {
  const rates: Record<string, string> = {};
  for (const pair of (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s*=\s*(\d+(?:\.\d+)?)$/.exec(pair);
    if (!match?.[1] || !match[2] || Number(match[2]) <= 0)
      throw new Error(`Not a currency rate: ${pair} (expected CODE=1.23)`);
    currencyExponent(match[1]);
    rates[match[1].toUpperCase()] = match[2];
  }
  return rates;
}

/**
 * Converts money into the base currency with integer arithmetic only (rounded half away from
 * zero, in the base currency's minor units); `undefined` when no rate is configured.
 *
 * @example
 * convertMoney({ amount: 1000, currency: 'EUR' }, 'USD', { EUR: '1.08' }); // { amount: 1080, currency: 'USD' }
 * convertMoney({ amount: 1500, currency: 'JPY' }, 'USD', { JPY: '0.0067' }); // { amount: 1005, currency: 'USD' }
 */
export function convertMoney(money: Money, base: string, rates: CurrencyRates): Money | undefined {
  if (money.currency === base) return money;
  const rate = rates[money.currency];
  if (!rate) return undefined;
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = BigInt(whole + fraction) * 10n ** BigInt(currencyExponent(base));
  const denominator = 10n ** BigInt(fraction.length) * 10n ** BigInt(currencyExponent(money.currency));
  const scaled = BigInt(Math.abs(money.amount)) * numerator;
  const rounded = (scaled * 2n + denominator) / (denominator * 2n);
  const amount = Number(rounded) * Math.sign(money.amount);
  return { amount: amount === 0 ? 0 : amount, currency: base };
}
