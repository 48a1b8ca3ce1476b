import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../../errors.ts';
import { SESSION_COOKIE } from '../../auth/session.ts';
import { Me, SignedOut, SignInBody } from '../../schemas/auth.ts';
import { ErrorBody } from '../../schemas/common.ts';

const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  const errors = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };
  fastify.post(
    '/auth/sign-in',
    {
      config: {
        public: true,
        rateLimit: { max: fastify.settings.SIGN_IN_RATE_LIMIT, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name and password; sets the HTTP-only session cookie (public, rate-limited)',
        security: [],
        body: SignInBody,
        response: { 200: Me, ...errors },
      },
    },
    async (req, reply) => {
      const principal = await fastify.auth.users.signIn(req.body.username, req.body.password);
      if (!principal) throw new ApiError(401, 'The user name or password is wrong.', 'bad_credentials');
      const { cookie, expires } = fastify.auth.issue(principal);
      reply.setCookie(SESSION_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/',
        expires,
      });
      req.log.info({ user: principal.user }, 'signed in');
      return principal;
    },
  );

  fastify.post(
    '/auth/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: clears the session cookie',
        response: { 200: SignedOut, 401: ErrorBody },
      },
    },
    async (req, reply) => {
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
      });
      return { signed_out: true as const };
    },
  );

  fastify.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user or token and its role',
        response: { 200: Me, 401: ErrorBody },
      },
    },
    async (req) => req.principal!,
  );
};

export default auth;
