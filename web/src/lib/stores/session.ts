/** The signed-in user (from GET /api/auth/me); its scopes decide what the UI offers. */
import { derived, get, writable } from 'svelte/store';
import { api, errorMessage, setUnauthorizedHandler } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/** undefined: not known yet; null: signed out. */
export const session = writable<Me | null | undefined>(undefined);
/** Set when the API answered 401 to a signed-in user (the session ended). */
export const sessionExpired = writable(false);

export function hasScope(me: Me | null | undefined, scope: Me['scopes'][number]): boolean {
  return !!me && me.scopes.includes(scope);
}

/** Operators (and admins) acknowledge alarms; viewers see no acknowledge button. */
export const canAcknowledge = derived(session, (me) => hasScope(me, 'operate'));

setUnauthorizedHandler(() => expireSession());

/** The session ended (a 401 from the API or a refused socket handshake): back to sign-in, saying why. */
export function expireSession(): void {
  if (get(session)) sessionExpired.set(true);
  session.set(null);
}

export async function loadSession(): Promise<void> {
  try {
    const { data, response } = await api.GET('/api/auth/me');
    session.set(response.ok && data ? data : null);
  } catch {
    session.set(null);
  }
}

export type SignInResult = { ok: true } | { ok: false; reason: 'failed' | 'tooMany' | 'error'; message?: string };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  try {
    const { data, error, response } = await api.POST('/api/auth/sign-in', { body: { username, password } });
    if (response.ok && data) {
      sessionExpired.set(false);
      session.set(data);
      return { ok: true };
    }
    if (response.status === 401 || response.status === 400) return { ok: false, reason: 'failed' };
    if (response.status === 429) return { ok: false, reason: 'tooMany' };
    return { ok: false, reason: 'error', message: errorMessage(error, response) };
  } catch (err) {
    return { ok: false, reason: 'error', message: errorMessage(err) };
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.POST('/api/auth/sign-out');
  } finally {
    sessionExpired.set(false);
    session.set(null);
  }
}
