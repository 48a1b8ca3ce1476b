import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors.ts';
import { SESSION_COOKIE, SessionSigner, cookieFromHeader } from '../../auth/session.ts';
import { roleAtLeast, type Principal, type UserStore } from '../../auth/users.ts';

export class AuthService {
  readonly signer: SessionSigner;
  constructor(
    readonly users: UserStore,
    secret: string,
    readonly ttlMs: number,
  ) {
    this.signer = new SessionSigner(secret);
  }

  fromSessionCookie(cookie: string | undefined, now = Date.now()): Principal | null {
    const claims = this.signer.verify(cookie, now);
    if (!claims) return null;
    const user = this.users.user(claims.u);
    // The users file decides the role now; a removed user or changed role takes effect at once.
    return user;
  }

  fromToken(token: string | undefined): Principal | null {
    return token ? this.users.token(token) : null;
  }

  /** Bearer token or session cookie of an HTTP request / socket handshake. */
  fromHeaders(headers: { authorization?: string | undefined; cookie?: string | undefined }): Principal | null {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.fromToken(auth.slice(7).trim());
    return this.fromSessionCookie(cookieFromHeader(headers.cookie, SESSION_COOKIE));
  }

  issue(principal: Principal, now = Date.now()): { cookie: string; expires: Date } {
    const e = now + this.ttlMs;
    return { cookie: this.signer.sign({ u: principal.user, r: principal.role, e }), expires: new Date(e) };
  }
}

const ALWAYS_PUBLIC = [/^\/api\/docs(\/|$)/, /^\/api\/openapi\.json$/];

/** One global hook: every /api route and /metrics needs a user or token unless its config says public. */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorate('auth', auth);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    req.principal = auth.fromHeaders({ authorization: req.headers.authorization, cookie: req.headers.cookie });
    const path = req.url.split('?')[0] ?? '';
    const protectedPath = path === '/api' || path.startsWith('/api/') || path === '/metrics';
    if (!protectedPath) return; // the web app's static files
    const config = req.routeOptions.config;
    if (config?.public || ALWAYS_PUBLIC.some((r) => r.test(path))) return;
    if (!req.principal)
      throw new ApiError(
        401,
        'You are not signed in: sign in, or send an API token as "Authorization: Bearer <token>".',
        'unauthorized',
      );
    const min = config?.minRole;
    if (min && !roleAtLeast(req.principal.role, min))
      throw new ApiError(
        403,
        `This needs the ${min} role or higher; you are signed in as ${req.principal.user} with the ${req.principal.role} role.`,
        'forbidden',
      );
  });
}
