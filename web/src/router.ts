import { useEffect, useState } from 'react';

/** The page the hash names: `#/customers/01J…?tab=x` → path `/customers/01J…`, params `tab=x`. */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#/, '') || '/customers';
  const [path = '/customers', search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

/**
 * The current hash route, updated on navigation (the hash survives a sign-in, so an expired
 * session comes back to the same page).
 *
 * @example
 * const route = useRoute();
 */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/**
 * A link target for a page.
 *
 * @example
 * href('/customers', { segment: 'champions' }); // '#/customers?segment=champions'
 */
export function href(path: string, params: Record<string, string | undefined> = {}): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return `#${path}${entries.length ? `?${new URLSearchParams(entries)}` : ''}`;
}
