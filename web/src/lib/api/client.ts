/**
 * The typed REST client (openapi-fetch over the generated `paths`). Cookies go with every request
 * (the session is an HTTP-only cookie); a 401 anywhere but sign-in sends the user to the sign-in page. Every request
 * has a time limit (REQUEST_TIMEOUT_MS, 10 s; `longRequest` for reports) and is aborted at once when the live
 * connection finds the server silent: it then rejects with RequestTimeout, which errorMessage() words.
 */
import { get } from 'svelte/store';
import createClient, { type Middleware } from 'openapi-fetch';
import { translate, type Locale } from '../i18n/index.ts';
import { locale } from '../stores/locale.ts';
import type { paths } from './schema';
import { fetchWithTimeout, RequestTimeout, withTimeout } from './timeout.ts';

export type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => undefined;

/** Registers what happens on a 401 (the session store clears itself and the router shows sign-in). */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

const authMiddleware: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== '/api/auth/sign-in' && path !== '/api/auth/me') onUnauthorized();
    return undefined;
  },
};

const origin = typeof location !== 'undefined' ? location.origin : 'http://localhost';

export const api = createClient<paths>({
  baseUrl: origin,
  credentials: 'include',
  fetch: withTimeout((r, init) => fetch(r, init)),
});
api.use(authMiddleware);

/** Time limit of the requests that compute something large (reports): a slow answer is not a silent server. */
export const LONG_REQUEST_TIMEOUT_MS = 60_000;
/** Per-request option of the typed client for such requests: `api.GET(path, { ...longRequest, params })`. */
export const longRequest = { fetch: withTimeout((r, init) => fetch(r, init), LONG_REQUEST_TIMEOUT_MS) };

/**
 * The message of an API error body (`{ message }`), or a fallback; a request that timed out or was aborted because
 * the server went silent is said so in the chosen language.
 */
export function errorMessage(error: unknown, response?: Response, lang: Locale = get(locale)): string {
  if (error instanceof RequestTimeout)
    return error.timeoutMs === null
      ? translate(lang, 'app.serverSilent')
      : translate(lang, 'app.timeout', { s: Math.round(error.timeoutMs / 1000) });
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string')
    return error.message;
  if (response) return `HTTP ${response.status}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * GET for routes whose JSON shape is not yet in the OpenAPI document (falls back to fetch with the same
 * cookie and 401 handling).
 */
export async function getJson<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const url = new URL(path, origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetchWithTimeout(url, { credentials: 'include', headers: { accept: 'application/json' } });
  if (res.status === 401) onUnauthorized();
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    throw new Error(errorMessage(body, res));
  }
  return (await res.json()) as T;
}
