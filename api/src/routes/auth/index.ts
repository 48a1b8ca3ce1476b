import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { ApiError } from '../../errors.ts';
import type { Principal } from '../../auth/access.ts';
import { SESSION_COOKIE } from '../../auth/session.ts';
import { SignInLimiter } from '../../auth/sign-in-limiter.ts';
import { Me, SignedOut, SignInBody } from '../../schemas/auth.ts';
import { ErrorBody } from '../../schemas/common.ts';

/** What /me and sign-in tell a client about itself (never the session id). */
const toMe = (p: Principal, expires_ms = p.expires_ms): Static<typeof Me> => ({
  user: p.user,
  name: p.name,
  role: p.role,
  scopes: [...p.scopes],
  kind: p.kind,
  ...(expires_ms !== undefined ? { expires_ms } : {}),
});

const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  const errors = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };
  const limiter = new SignInLimiter({
    perAddressPerMinute: fastify.settings.SIGN_IN_RATE_LIMIT,
    perUserPerHour: fastify.settings.SIGN_IN_USER_LIMIT,
  });
  const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'strict' as const, secure, path: '/' });

  fastify.post(
    '/sign-in',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with user name and password; sets the HTTP-only session cookie (public; failed attempts are limited per address and per user)',
        security: [],
        body: SignInBody,
        response: { 200: Me, ...errors },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const wait_s = await limiter.retryAfterS(req.ip, username);
      if (wait_s > 0) {
        reply.header('Retry-After', String(wait_s));
        throw new ApiError(
          429,
          `Too many failed sign-ins: wait ${wait_s} s and try again, or ask an administrator to check the account.`,
          'rate_limited',
        );
      }
      const principal = await fastify.auth.users.signIn(username, password);
      if (!principal) {
        await limiter.failed(req.ip, username);
        req.log.warn({ user: username.slice(0, 64), ip: req.ip }, 'sign-in failed');
        throw new ApiError(401, 'The user name or password is wrong.', 'bad_credentials');
      }
      await limiter.succeeded(username);
      const { cookie, expires } = fastify.auth.issue(principal);
      reply.setCookie(SESSION_COOKIE, cookie, { ...cookieOptions(req.protocol === 'https'), expires });
      req.log.info({ user: principal.user }, 'signed in');
      return toMe(principal, expires.getTime());
    },
  );

  fastify.post(
    '/sign-out',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session in every API process (the cookie stops working) and clears the cookie',
        response: { 200: SignedOut, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      fastify.auth.revoke(req.principal!);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(req.protocol === 'https'));
      return { signed_out: true as const };
    },
  );

  fastify.get(
    '/me',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user or token: its role and scopes',
        response: { 200: Me, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => toMe(req.principal!),
  );
};

export default auth;
