import type { Money } from '../api/types';

/** The locales of the dashboard: English and Simplified Chinese. */
export type Locale = 'en' | 'zh';

const intlLocale: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

/**
 * An amount in minor units in the currency's own format for the locale (JPY has no minor unit,
 * USD two, KWD three: the digits come from Intl, not a guess).
 *
 * @example
 * formatMoney({ amount: 40994, currency: 'USD' }, 'en'); // '$409.94'
 */
export function formatMoney(money: Money, locale: Locale): string {
  const format = new Intl.NumberFormat(intlLocale[locale], { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/**
 * A moment as the locale writes it.
 *
 * @example
 * formatDateTime('2026-11-24T10:00:00Z', 'zh'); // '2026年11月24日 18:00'
 */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/**
 * A number, or a share as a percentage.
 *
 * @example
 * formatNumber(0.254, 'en', 'percent'); // '25.4%'
 */
export function formatNumber(
  value: number,
  locale: Locale,
  style: 'decimal' | 'percent' = 'decimal',
): string {
  return new Intl.NumberFormat(intlLocale[locale], {
    style,
    maximumFractionDigits: style === 'percent' ? 1 : 2,
  }).format(value);
}
