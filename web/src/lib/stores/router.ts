/**
 * A small hash router: `#/sites/minato-dhc?x=1` → { name: 'site', params: { site }, query }.
 * Hash routing keeps deep links working whatever serves the files.
 */
import { readable } from 'svelte/store';

export type RouteName =
  'overview' | 'site' | 'asset' | 'reserves' | 'alarms' | 'reports' | 'wall' | 'signIn' | 'notFound';

export interface Route {
  name: RouteName;
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

const PATTERNS: [RouteName, RegExp, string[]][] = [
  ['overview', /^\/$/, []],
  ['site', /^\/sites\/([^/]+)$/, ['site']],
  ['asset', /^\/sites\/([^/]+)\/assets\/([^/]+)$/, ['site', 'asset']],
  ['reserves', /^\/reserves$/, []],
  ['alarms', /^\/alarms$/, []],
  ['reports', /^\/reports$/, []],
  ['wall', /^\/wall$/, []],
  ['signIn', /^\/sign-in$/, []],
];

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const query = new URLSearchParams(queryPart);
  for (const [name, re, keys] of PATTERNS) {
    const m = re.exec(path);
    if (m) {
      const params: Record<string, string> = {};
      keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
      return { name, params, query, path };
    }
  }
  return { name: 'notFound', params: {}, query, path };
}

/** The href of a route, e.g. href('/sites', 'minato-dhc'). */
export function href(...parts: string[]): string {
  return (
    '#/' +
    parts
      .map((p) => encodeURIComponent(p).replace(/%2F/g, '/'))
      .join('/')
      .replace(/^\/+/, '')
  );
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const route = readable<Route>(parseHash(typeof location !== 'undefined' ? location.hash : ''), (set) => {
  if (typeof window === 'undefined') return;
  const update = () => set(parseHash(location.hash));
  window.addEventListener('hashchange', update);
  return () => window.removeEventListener('hashchange', update);
});

export function navigate(hashPath: string, replace = false): void {
  const target = hashPath.startsWith('#') ? hashPath : `#${hashPath}`;
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}
