/**
 * Access control as an attacker tries it: every route Fastify registered (from the router, not a list kept here)
 * is requested anonymously, with forged, expired, revoked and unknown-user credentials, with each role and each
 * token scope, and through path spellings that a URL-string check would miss (percent-encoded letters, //, /./,
 * upper case, a trailing slash, an absolute-form request target over a raw socket).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { io } from 'socket.io-client';
import { SessionSigner } from '../src/auth/session.ts';
import type { RouteAccess } from '../src/plugins/app/auth.ts';
import { baseUrl, bearer, signIn, startStack, TEST_SECRET, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
let app: FastifyInstance;
const INDEX_HTML = '<!doctype html><title>EMS test app</title><div id="app"></div>';

beforeAll(async () => {
  stack = await startStack();
  // a built web app, so that the static routes are in the route table too
  const dist = join(tmpdir(), `api-access-web-${process.pid}`);
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(join(dist, 'assets', 'app-0123abcd.js'), 'console.log(1)');
  app = await stack.app({ WEB_DIST: dist, SIGN_IN_RATE_LIMIT: '1000' });
});
afterAll(async () => stack?.close());

/** The access policy, written out here independently of the code under test. */
const GRANTS = {
  viewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'operate', 'metrics'],
  'viewer token': ['read'],
  'operator token': ['read', 'operate'],
  'metrics token': ['metrics'],
} as const;
type Who = keyof typeof GRANTS;
/** Routes under /api and /metrics that need no credentials. */
const PUBLIC_API = new Set(['GET /api/health', 'HEAD /api/health', 'POST /api/auth/sign-in']);

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url === '/metrics';
const ALARM_ID = 'alpha.tank.fire_reserve.1';

function concrete(url: string): string {
  return url
    .replace(/:site\b/g, 'alpha')
    .replace(/:asset\b/g, 'tank')
    .replace(/:id\b/g, ALARM_ID)
    .replace(/\*$/, 'index.html');
}

async function credentials(): Promise<Record<Who, Record<string, string>>> {
  return {
    viewer: { cookie: await signIn(app, 'viewer') },
    operator: { cookie: await signIn(app, 'operator') },
    admin: { cookie: await signIn(app, 'admin') },
    'viewer token': bearer(TOKENS.viewer),
    'operator token': bearer(TOKENS.operator),
    'metrics token': bearer(TOKENS.metrics),
  };
}

/** Credentials that must count as none at all. */
async function invalidCredentials(): Promise<Record<string, Record<string, string>>> {
  const signer = new SessionSigner(TEST_SECRET);
  const sid = 'abcdefghijklmnopqrstuvwxyz012345';
  const future = Date.now() + 3_600_000;
  const good = signer.sign({ u: 'admin', s: sid, e: future });
  const revoked = await signIn(app, 'admin');
  const out = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: revoked } });
  expect(out.statusCode).toBe(200);
  return {
    'forged cookie (wrong signature)': { cookie: `ems_session=${good.slice(0, -2)}xx` },
    'cookie signed with another secret': {
      cookie: `ems_session=${new SessionSigner('another-secret-another-secret-0000').sign({ u: 'admin', s: sid, e: future })}`,
    },
    'expired cookie': { cookie: `ems_session=${signer.sign({ u: 'admin', s: sid, e: Date.now() - 1_000 })}` },
    'cookie of a user not in the users file': {
      cookie: `ems_session=${signer.sign({ u: 'ghost', s: sid, e: future })}`,
    },
    'cookie without a session id': {
      cookie: `ems_session=${signer.sign({ u: 'admin', e: future } as unknown as { u: string; s: string; e: number })}`,
    },
    'signed-out cookie': { cookie: revoked },
    'wrong token': bearer('not-a-token-0123456789'),
    'empty bearer': { authorization: 'Bearer ' },
    'token as basic auth': { authorization: `Basic ${Buffer.from(`x:${TOKENS.viewer}`).toString('base64')}` },
  };
}

async function request(route: RouteAccess, url: string, headers: Record<string, string>) {
  return app.inject({
    method: route.method as 'GET',
    url,
    headers,
    ...(route.method === 'POST' ? { payload: {} } : {}),
  });
}

/** A 2xx answer that carries anything but the web app's own files. */
function leaks(res: LightMyRequestResponse): boolean {
  if (res.statusCode < 200 || res.statusCode >= 300) return false;
  const type = String(res.headers['content-type'] ?? '');
  // the SPA page (HEAD: its headers only) is what any unknown path gets
  return !(type.startsWith('text/html') && (res.body === INDEX_HTML || res.body === ''));
}

describe('access on the matched route, deny by default', () => {
  let table: RouteAccess[];
  beforeAll(() => {
    table = app.routeTable;
  });

  it('the route table comes from the router and covers the API, the docs, /metrics and the static files', () => {
    const keys = new Set(table.map((r) => `${r.method} ${r.url}`));
    for (const k of [
      'GET /api/sites',
      'GET /api/sites/:site/kpis',
      'GET /api/reports/monthly',
      'POST /api/alarms/:id/acknowledge',
      'GET /metrics',
      'GET /api/openapi.json',
      'GET /*',
    ])
      expect(keys, k).toContain(k);
    expect(table.length).toBeGreaterThan(20);
  });

  it('every route declares its access; only health, sign-in and the web app are public', () => {
    for (const r of table) {
      const key = `${r.method} ${r.url}`;
      if (isApi(r.url)) expect(r.access === 'public', key).toBe(PUBLIC_API.has(key));
      else expect(r.access, key).toBe('public');
    }
  });

  it('a route without a declared access does not register: the app does not start', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { readSettings } = await import('@ems/runtime');
    const { ApiSettingsSchema } = await import('../src/settings.ts');
    const { testUsers } = await import('./helpers.ts');
    const bad = await buildApp({
      settings: readSettings(ApiSettingsSchema, { SESSION_SECRET: TEST_SECRET, WEB_DIST: '/nonexistent' }),
      registry: stack.registry,
      users: await testUsers(),
      connect: false,
      logger: false,
    });
    await expect(
      (async () => {
        bad.get('/api/forgotten', async () => ({ secret: 1 }));
        await bad.ready();
      })(),
    ).rejects.toThrow(/GET \/api\/forgotten declares no access/);
    await bad.close().catch(() => undefined);
  });

  it('without valid credentials every non-public route answers 401 with a sentence', async () => {
    const variants = { anonymous: {}, ...(await invalidCredentials()) };
    let checked = 0;
    for (const route of table) {
      const url = concrete(route.url);
      for (const [what, headers] of Object.entries(variants)) {
        const res = await request(route, url, headers);
        const key = `${route.method} ${url} with ${what}`;
        if (route.access === 'public') {
          expect(res.statusCode, key).not.toBe(401);
          expect(res.statusCode, key).not.toBe(403);
        } else {
          expect(res.statusCode, key).toBe(401);
          if (route.method !== 'HEAD') expect(res.json().message, key).toMatch(/not signed in/);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('each role and each token scope gets exactly the routes its scopes allow', async () => {
    const creds = await credentials();
    for (const route of table) {
      if (route.access === 'public') continue;
      const url = concrete(route.url);
      for (const who of Object.keys(GRANTS) as Who[]) {
        let headers = creds[who];
        // signing out ends the session: use a fresh one so the others stay valid
        if (route.url === '/api/auth/sign-out' && 'cookie' in headers)
          headers = { cookie: await signIn(app, who as 'viewer') };
        const res = await request(route, url, headers);
        const key = `${route.method} ${url} as ${who}`;
        if ((GRANTS[who] as readonly string[]).includes(route.access)) {
          expect([401, 403], key).not.toContain(res.statusCode);
          expect(res.statusCode, key).toBeLessThan(500);
        } else {
          expect(res.statusCode, key).toBe(403);
          if (route.method !== 'HEAD') expect(res.json().message, key).toMatch(/needs the|may not do this/);
        }
      }
    }
  });

  it('no spelling of a path gets past the check: percent-encoding, //, /./, case, trailing slash', async () => {
    const creds = await credentials();
    const spell = (p: string): Record<string, string> => ({
      'percent-encoded letters': p.replace(/\/([a-z])/g, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
      'one percent-encoded letter': p.replace(/^\/([a-z])/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
      'double slash': `/${p}`,
      'inner double slash': p.replace(/^\/([^/]+)\//, '/$1//'),
      'dot segment': p.replace(/^\/([^/]+)\//, '/$1/./'),
      'dot-dot segment': p.replace(/^\/([^/]+)\//, '/$1/x/../'),
      'upper case': p.toUpperCase(),
      'trailing slash': `${p}/`,
      'query and fragment': `${p}?#`,
    });
    let checked = 0;
    for (const route of table) {
      if (route.access === 'public') continue;
      const url = concrete(route.url);
      const denied: [string, Record<string, string>][] = [['anonymous', {}]];
      for (const who of Object.keys(GRANTS) as Who[])
        if (!(GRANTS[who] as readonly string[]).includes(route.access)) denied.push([who, creds[who]]);
      for (const [who, headers] of denied)
        for (const [how, path] of Object.entries(spell(url))) {
          const res = await request(route, path, headers);
          const key = `${route.method} ${path} (${how}) as ${who}`;
          expect(leaks(res), `${key} answered ${res.statusCode}: ${res.body.slice(0, 120)}`).toBe(false);
          if (how.startsWith('percent') || how === 'query and fragment')
            expect(res.statusCode, key).toBe(who === 'anonymous' ? 401 : 403);
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('an absolute-form request target over a raw socket is checked like any other', async () => {
    const { port } = new URL(baseUrl(app));
    const raw = (target: string, extra = '') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const s = connect(Number(port), '127.0.0.1', () =>
          s.write(`${target}\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`),
        );
        let data = '';
        s.on('data', (c: Buffer) => (data += c.toString('utf8')));
        s.on('end', () =>
          resolve({ status: Number(data.split(' ')[1]), body: data.slice(data.indexOf('\r\n\r\n') + 4) }),
        );
        s.on('error', reject);
      });
    let checked = 0;
    for (const route of table) {
      if (route.access === 'public' || route.method === 'HEAD') continue;
      const url = concrete(route.url);
      for (const target of [
        `http://x${url}`,
        `http://evil.example:80${url}`,
        `http://x${url.replace(/\/([a-z])/g, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`)}`,
      ]) {
        const extra = route.method === 'POST' ? 'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}' : '';
        const res = await raw(`${route.method} ${target} HTTP/1.1`, extra);
        expect([401, 404], `${route.method} ${target}`).toContain(res.status);
        expect(res.body).not.toContain('Alpha');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('sign-in, sessions and the socket', () => {
  it('health is public and reports the connections', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mqtt: 'up', influxdb: 'up', status: 'ok' });
  });

  it('sign-in sets an HTTP-only SameSite=Strict cookie; me returns the user, role and scopes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'viewer', password: 'demo-viewer' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: 'viewer', role: 'viewer', scopes: ['read'] });
    expect(res.json().expires_ms).toBeGreaterThan(Date.now());
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: 'viewer', role: 'viewer', kind: 'session', scopes: ['read'] });
    expect(me.json()).not.toHaveProperty('sid');
    const token = await app.inject({ url: '/api/auth/me', headers: bearer(TOKENS.operator) });
    expect(token.json()).toMatchObject({ kind: 'token', role: null, scopes: ['read', 'operate'] });
  });

  it('the metrics token reads /metrics and nothing else, not even the live stream', async () => {
    const m = await app.inject({ url: '/metrics', headers: bearer(TOKENS.metrics) });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('ems_api_http_requests_total');
    expect(m.body).toContain('ems_api_unexpected_errors_total');
    for (const url of ['/api/sites', '/api/reserves', '/api/reports/monthly?site=alpha&month=2026-10&format=csv'])
      expect((await app.inject({ url, headers: bearer(TOKENS.metrics) })).statusCode, url).toBe(403);
    expect((await app.inject({ url: '/metrics', headers: bearer(TOKENS.viewer) })).statusCode).toBe(403);
    const s = io(baseUrl(app), {
      path: '/socket.io',
      auth: { token: TOKENS.metrics },
      transports: ['websocket'],
      reconnection: false,
    });
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toMatch(/no read scope/);
    s.close();
  });

  it('a bad token on the socket is refused; a good one connects', async () => {
    const url = baseUrl(app);
    const bad = io(url, {
      path: '/socket.io',
      auth: { token: 'wrong' },
      transports: ['websocket'],
      reconnection: false,
    });
    const err = await new Promise<Error>((resolve) => bad.on('connect_error', resolve));
    expect(err.message).toMatch(/unauthorized/);
    bad.close();
    const none = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false });
    await new Promise<Error>((resolve) => none.on('connect_error', resolve));
    none.close();
    const good = io(url, {
      path: '/socket.io',
      auth: { token: TOKENS.viewer },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      good.on('connect', () => resolve());
      good.on('connect_error', reject);
    });
    good.close();
  });

  it('rejects injection attempts in parameters with 400 and a sentence', async () => {
    const h = bearer(TOKENS.viewer);
    const cases = [
      `/api/sites/alpha/assets/hp/series?metrics=${encodeURIComponent('heat_kw"; DROP DATABASE ems')}`,
      `/api/sites/alpha/assets/hp/series?metrics=heat_kw&from=${encodeURIComponent('now() --')}`,
      `/api/sites/alpha/assets/hp/series?metrics=heat_kw&to=${encodeURIComponent("0' OR 1=1")}`,
      `/api/sites/alpha/assets/hp/series?metrics=heat_kw&step=${encodeURIComponent('1s) ; DROP')}`,
      `/api/sites/${encodeURIComponent("x' OR 1=1")}`,
      `/api/alarms?site=${encodeURIComponent("x' OR 1=1")}`,
      `/api/alarms?state=${encodeURIComponent('active OR 1')}`,
      `/api/sites/alpha/assets/hp/series?metrics=drop_database`,
      `/api/sites/alpha/assets/hp/series?metrics=constructor`,
      `/api/sites/alpha/assets/hp/series?metrics=__proto__`,
      `/api/sites/alpha/assets/hp/series?metrics=heat_kw&step=9999999d`,
      `/api/sites/alpha/kpis?from=-9007199254740991&to=-9007199254740000`,
      `/api/reports/monthly?site=alpha&month=9999-12`,
    ];
    for (const url of cases) {
      const res = await app.inject({ url, headers: h });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toMatch(/^(The |").+\.$/);
    }
    const missing = await app.inject({ url: '/api/sites/alpha/assets/hp/series', headers: h });
    expect(missing.json().message).toMatch(/"metrics" is required/);
    // an unknown parameter is named, not silently dropped
    const unknown = await app.inject({ url: '/api/reports/monthly?site=alpha&month=2026-10&fromat=csv', headers: h });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('The query parameter "fromat" is not known here.');
  });

  it('unknown site or asset: 404 naming it', async () => {
    const h = bearer(TOKENS.viewer);
    const s = await app.inject({ url: '/api/sites/nowhere', headers: h });
    expect(s.statusCode).toBe(404);
    expect(s.json().message).toContain('"nowhere"');
    const a = await app.inject({ url: '/api/sites/alpha/assets/ghost/series?metrics=heat_kw', headers: h });
    expect(a.statusCode).toBe(404);
    expect(a.json().message).toContain('"ghost"');
  });

  it('no CORS headers by default; security headers set', async () => {
    const res = await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
