import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

/** What a load is: loading, its data, or the error that stopped it. */
export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T; refreshing: boolean }
  | { status: 'error'; message: string };

/**
 * Loads data when `key` changes, and again on `reload()` or every `refreshMs` while the tab is
 * visible (keeping what is shown while it refreshes).
 *
 * @example
 * const [customer, reload] = useApi(() => api(session, 'GET', `/api/customers/${id}`), id, 3000);
 */
export function useApi<T>(load: () => Promise<T>, key: string, refreshMs?: number) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const run = useCallback(async (quiet: boolean) => {
    const mine = ++generation.current;
    if (!quiet) setState({ status: 'loading' });
    else setState((current) => (current.status === 'ready' ? { ...current, refreshing: true } : current));
    try {
      const data = await loadRef.current();
      if (mine === generation.current) setState({ status: 'ready', data, refreshing: false });
    } catch (error) {
      if (mine !== generation.current) return;
      if (error instanceof ApiError && error.status === 401) return;
      setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads when the key changes
  useEffect(() => {
    void run(false);
    if (!refreshMs) return;
    // A hidden tab asks nothing; it catches up as soon as it is shown again.
    const refresh = () => {
      if (document.visibilityState !== 'hidden') void run(true);
    };
    const timer = setInterval(refresh, refreshMs);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [key, refreshMs, run]);
  return [state, () => run(true)] as const;
}
