import { currencyExponent } from '../domain/money';
import { defaultRfmBoundaries, type RfmBoundaries } from './rfm';
import { defaultScoringModel, type ScoringModel } from './scoring-model';
import { defaultScoringSettings, type ScoringSettings } from './scoring-settings';

/** Where the stored scoring state comes from (the table in production, a fake in unit tests). */
export interface ScoringStateStore {
  settings(): Promise<ScoringSettings | undefined>;
  model(): Promise<ScoringModel | undefined>;
  boundaries(): Promise<RfmBoundaries | undefined>;
}

/** The scoring state in use, with the documented defaults where nothing is stored yet. */
export interface ScoringState {
  settings(): Promise<ScoringSettings>;
  model(): Promise<ScoringModel>;
  boundaries(): Promise<RfmBoundaries>;
}

/**
 * The scoring state, each part cached for `ttlMs` (a changed setting reaches every function within
 * a minute without a deploy), with the defaults where nothing is stored.
 *
 * @example
 * const state = cachedScoringState(new ScoringStateRepository(client, table), 'USD');
 * (await state.settings()).halfLifeDays; // 14 until a marketer changes it
 */
export function cachedScoringState(
  store: ScoringStateStore,
  baseCurrency: string,
  ttlMs = 60_000,
  now: () => number = Date.now,
): ScoringState {
  const cached = <T>(read: () => Promise<T>) => {
    let value: { at: number; promise: Promise<T> } | undefined;
    return () => {
      if (!value || now() - value.at > ttlMs) {
        const promise = read();
        value = { at: now(), promise };
        promise.catch(() => {
          value = undefined;
        });
      }
      return value.promise;
    };
  };
  const exponent = currencyExponent(baseCurrency);
  return {
    settings: cached(async () => ({ ...defaultScoringSettings, ...((await store.settings()) ?? {}) })),
    model: cached(async () => (await store.model()) ?? defaultScoringModel(exponent)),
    boundaries: cached(async () => (await store.boundaries()) ?? defaultRfmBoundaries(exponent)),
  };
}
