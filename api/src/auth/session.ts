import { createHmac, timingSafeEqual } from 'node:crypto';
import { SESSION_ID_PATTERN } from '@ems/domain';
export const SESSION_COOKIE = 'ems_session';

export interface SessionClaims {
  /** user name */
  u: string;
  /** session id: what sign-out revokes */
  s: string;
  /** expiry, UTC ms */
  e: number;
}

const SID_RE = new RegExp(SESSION_ID_PATTERN);

/**
 * Stateless signed session: base64url(JSON claims) + "." + base64url(HMAC-SHA256(secret, payload)).
 * Every API process with the same SESSION_SECRET accepts it (no session store behind the load balancer).
 */
export class SessionSigner {
  constructor(private readonly secret: string) {}

  sign(claims: SessionClaims): string {
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(cookie: string | undefined, now_ms: number): SessionClaims | null {
    if (!cookie || cookie.length > 2048) return null;
    const dot = cookie.indexOf('.');
    if (dot <= 0) return null;
    const payload = cookie.slice(0, dot);
    // Compare the canonical text (not decoded bytes): base64url has spare bits in its last character.
    const given = Buffer.from(cookie.slice(dot + 1), 'utf8');
    const expected = Buffer.from(this.mac(payload), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SessionClaims>;
      if (typeof claims.u !== 'string' || typeof claims.e !== 'number') return null;
      if (typeof claims.s !== 'string' || !SID_RE.test(claims.s)) return null;
      if (claims.e <= now_ms) return null;
      return claims as SessionClaims;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** Reads one cookie from a Cookie header (for the socket.io handshake). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
