/**
 * Hash routes (`/#/…`): no console page path can collide with an API route.
 */
import { useEffect, useState } from 'preact/hooks';
import { LIST_LABELS } from '../../domain/labels.ts';

export interface Route {
  /** Path segments after `#/`, decoded. */
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return {
    parts: path
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p)),
    query: new URLSearchParams(search),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** `#/enterprises/91420…?month=2026-10` */
export function href(
  parts: string[],
  query: Record<string, string | number | null | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${parts.map(encodeURIComponent).join('/')}${s ? `?${s}` : ''}`;
}

export function go(parts: string[], query: Record<string, string | number | null | undefined> = {}): void {
  location.hash = href(parts, query);
}

/** The names of the lists behind a summary's counts, as people read them (the domain's catalogue). */
export const LIST_TITLES = LIST_LABELS;

/** The page of a list behind a count: `#/lists/changqing/notReported?month=2026-10` (`district` for the total). */
export function listHref(month: string, unit: string, name: string): string {
  return href(['lists', unit, name], { month });
}
