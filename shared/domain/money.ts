/** An amount of money in integer minor units (cents, yen, fils) of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * Raised when a decimal string cannot be read as money in the given currency.
 *
 * @example
 * throw new MoneyParseError('what went wrong');
 */
export class MoneyParseError extends Error {
  override name = 'MoneyParseError';
}

const exponentCache = new Map<string, number>();
const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * The number of minor-unit digits of an ISO 4217 currency (JPY 0, USD 2, KWD 3), from ICU.
 *
 * @example
 * currencyExponent('KWD'); // 3
 */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  const known = exponentCache.get(code);
  if (known !== undefined) return known;
  if (!isoCurrencies.has(code)) throw new MoneyParseError('currency: not an ISO 4217 code');
  let digits: number;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch (cause) {
    throw new MoneyParseError('currency: not an ISO 4217 code', { cause });
  }
  exponentCache.set(code, digits);
  return digits;
}

const decimalPattern = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string such as `"409.94"` into integer minor units without floating point.
 * Digits beyond the currency's exponent must be zeros; anything else is an error, never a rounding.
 *
 * @example
 * parseMoney('409.94', 'USD'); // { amount: 40994, currency: 'USD' }
 * parseMoney('1500', 'JPY');   // { amount: 1500, currency: 'JPY' }
 */
export function parseMoney(value: string | number, currency: string): Money {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = decimalPattern.exec(text);
  if (!match) throw new MoneyParseError('amount: not a decimal number');
  const [, sign, whole = '0', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  if (/[^0]/.test(fraction.slice(exponent))) {
    throw new MoneyParseError(`amount: more decimals than ${code(currency)} has`);
  }
  const minor = BigInt(whole + kept);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyParseError('amount: too large');
  const amount = Number(minor) * (sign ? -1 : 1);
  return { amount: amount === 0 ? 0 : amount, currency: currency.toUpperCase() };
}

/**
 * Formats minor units back into the currency's decimal string.
 *
 * @example
 * formatMoney({ amount: 40994, currency: 'USD' }); // '409.94'
 */
export function formatMoney(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const digits = Math.abs(money.amount)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = money.amount < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyParseError('amount: not a finite number');
  // JSON numbers such as 12.5 print exactly as written for the short decimals platforms send.
  return value.toString().includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : value.toString();
}

/** The currency code for a message: only a known ISO 4217 code is ever echoed, never raw input. */
function code(currency: string): string {
  const upper = currency.toUpperCase();
  return isoCurrencies.has(upper) ? upper : 'the currency';
}
