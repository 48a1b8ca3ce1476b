import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ApiError } from '../../errors.ts';
import { allows, forbiddenMessage, isAccess, type Access, type Principal } from '../../auth/access.ts';
import { SessionRevocations } from '../../auth/revocations.ts';
import { SESSION_COOKIE, SessionSigner, cookieFromHeader } from '../../auth/session.ts';
import type { UserStore } from '../../auth/users.ts';

export class AuthService {
  readonly signer: SessionSigner;
  readonly revocations: SessionRevocations;

  constructor(
    readonly users: UserStore,
    secret: string,
    readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.signer = new SessionSigner(secret);
    this.revocations = new SessionRevocations(clock);
  }

  /** The user of a valid, unexpired, unrevoked session cookie, as the users file says now. */
  fromSessionCookie(cookie: string | undefined): Principal | null {
    const claims = this.signer.verify(cookie, this.clock());
    if (!claims || this.revocations.isRevoked(claims.s)) return null;
    const user = this.users.user(claims.u);
    return user && { ...user, sid: claims.s, expires_ms: claims.e };
  }

  fromToken(token: string | undefined): Principal | null {
    return token ? this.users.token(token) : null;
  }

  /** Bearer token or session cookie of an HTTP request / socket handshake. */
  fromHeaders(headers: { authorization?: string | undefined; cookie?: string | undefined }): Principal | null {
    const auth = headers.authorization;
    if (auth !== undefined && /^bearer /i.test(auth)) return this.fromToken(auth.slice(7).trim());
    return this.fromSessionCookie(cookieFromHeader(headers.cookie, SESSION_COOKIE));
  }

  /** A new session for a signed-in user. */
  issue(principal: Principal): { cookie: string; expires: Date } {
    const e = this.clock() + this.ttlMs;
    const s = randomBytes(18).toString('base64url');
    return { cookie: this.signer.sign({ u: principal.user, s, e }), expires: new Date(e) };
  }

  /** Ends a session here and, through the broker, in every API process. */
  revoke(principal: Principal): void {
    if (principal.sid !== undefined && principal.expires_ms !== undefined)
      this.revocations.revoke(principal.sid, principal.expires_ms);
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The access of routes registered in this context that do not declare their own (third-party plugins). */
    defaultAccess?: Access;
    /** Every route Fastify registered, with the access it declared (as seen by the onRoute hook). */
    routeTable: RouteAccess[];
  }
}

export const unauthorized = () =>
  new ApiError(
    401,
    'You are not signed in: sign in, or send an API token as "Authorization: Bearer <token>".',
    'unauthorized',
  );

/**
 * Registers routes of a third-party plugin (static files, API docs) with one access for all of them: the routes
 * are added in a context that carries it as `defaultAccess`.
 */
export async function withAccess(
  app: FastifyInstance,
  access: Access,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.decorate('defaultAccess', access);
    await register(scope);
  });
}

/**
 * Access is decided on the route Fastify matched, never on the URL text: every route declares `config.access`
 * ('public' or the scope it needs) — a route without one does not register — and one onRequest hook checks the
 * matched route's declaration. Requests that match no route get the not-found handler, which serves no data.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorate('auth', auth);
  app.decorateRequest('principal', null);
  const table: RouteAccess[] = [];
  app.decorate('routeTable', table);

  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const access: unknown = route.config?.access ?? this.defaultAccess;
    if (!isAccess(access))
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access: add config.access ('public', 'read', 'operate' or 'metrics') to its options.`,
      );
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.principal = auth.fromHeaders({ authorization: req.headers.authorization, cookie: req.headers.cookie });
    if (req.is404) return; // the not-found handler: the SPA page or a JSON 404
    const access = req.routeOptions.config.access;
    if (access === 'public') return;
    if (!req.principal) throw unauthorized();
    if (!isAccess(access)) throw new ApiError(403, 'This route declares no access; nobody may use it.', 'forbidden');
    if (!allows(req.principal, access)) throw new ApiError(403, forbiddenMessage(req.principal, access), 'forbidden');
  });
}
