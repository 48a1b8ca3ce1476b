/** The signed-in user (from GET /api/auth/me); its scopes decide what the UI offers. */
import { derived, get, writable } from 'svelte/store';
import { api, errorMessage, setUnauthorizedHandler } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/** undefined: not known yet; null: signed out. */
export const session = writable<Me | null | undefined>(undefined);
/** Set when the API answered 401 to a signed-in user (the session ended). */
export const sessionExpired = writable(false);
/** Why the session could not be asked for (the server did not answer, or failed): the page offers a retry. */
export const sessionError = writable<{ error: unknown; response?: Response } | null>(null);

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

/**
 * Asks the server who is signed in: the user, or null (401: the sign-in page). When the server does not answer in
 * time or fails, the session stays unknown and sessionError says why (the page shows it with a retry button),
 * rather than "Loading…" for ever or a sign-in page the user does not need.
 */
export async function loadSession(): Promise<void> {
  sessionError.set(null);
  try {
    const { data, error, response } = await api.GET('/api/auth/me');
    if (response.ok && data) session.set(data);
    else if (response.status === 401 || response.status === 403) session.set(null);
    else sessionError.set({ error, response });
  } catch (err) {
    sessionError.set({ error: err });
  }
}

export type SignInResult = { ok: true } | { ok: false; reason: 'failed' | 'tooMany' | 'error'; message?: string };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  try {
    const { data, error, response } = await api.POST('/api/auth/sign-in', { body: { username, password } });
    if (response.ok && data) {
      sessionExpired.set(false);
      sessionError.set(null);
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
