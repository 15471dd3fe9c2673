import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Money } from '../api/types';
import { formatDateTime, formatMoney, formatNumber, type Locale } from './format';
import { type MessageKey, zh } from './messages';

const storageKey = 'rapport.locale';

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => {} });

/** Keeps the chosen language (remembered in the browser) for everything below it. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() =>
    localStorage.getItem(storageKey) === 'zh' ? 'zh' : 'en',
  );
  useEffect(() => {
    localStorage.setItem(storageKey, locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/**
 * Texts and formats in the chosen language: `t` takes the English text (every one has its Chinese
 * in `messages.ts`, checked by the compiler) and fills `{name}` placeholders.
 *
 * @example
 * const { t, money } = useI18n();
 * t('{count} customers', { count: 3 });
 */
export function useI18n() {
  const { locale, setLocale } = useContext(LocaleContext);
  return useMemo(
    () => ({
      locale,
      setLocale,
      t: (text: MessageKey, values: Record<string, string | number> = {}) =>
        (locale === 'zh' ? zh[text] : text).replace(/\{(\w+)\}/g, (_, name: string) =>
          String(values[name] ?? `{${name}}`),
        ),
      money: (value: Money) => formatMoney(value, locale),
      dateTime: (iso: string) => formatDateTime(iso, locale),
      number: (value: number, style?: 'decimal' | 'percent') => formatNumber(value, locale, style),
    }),
    [locale, setLocale],
  );
}
