import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { baseUrl, bearer, signIn, startStack, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
let app: FastifyInstance;

beforeAll(async () => {
  stack = await startStack();
  app = await stack.app({ SIGN_IN_RATE_LIMIT: '5' });
});
afterAll(async () => stack?.close());

const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/sign-in']);

describe('access control', () => {
  it('every route of the OpenAPI document answers 401 without credentials (except health and sign-in)', async () => {
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const url = path.replace(/\{[^}]+\}/g, (p) =>
          p === '{id}' ? 'alpha.tank.fire_reserve.1' : p === '{asset}' ? 'tank' : 'alpha',
        );
        const res = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          payload: method === 'post' ? {} : undefined,
        });
        if (PUBLIC.has(key)) expect(res.statusCode, key).not.toBe(401);
        else {
          expect(res.statusCode, key).toBe(401);
          expect(res.json().message, key).toMatch(/not signed in/);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('health is public and reports the connections', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mqtt: 'up', influxdb: 'up', status: 'ok' });
  });

  it('sign-in sets an HTTP-only SameSite=Strict cookie; me returns the user; sign-out clears it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'viewer', password: 'demo-viewer' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: 'viewer', role: 'viewer' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: 'viewer', role: 'viewer', kind: 'session' });
    const tampered = await app.inject({
      url: '/api/auth/me',
      headers: { cookie: cookie.replace(/.$/, (c) => (c === 'A' ? 'C' : 'A')) },
    });
    expect(tampered.statusCode).toBe(401);
    const out = await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/ems_session=;/);
  });

  it('a viewer cannot acknowledge (403); an operator gets past the role check', async () => {
    const viewer = await signIn(app, 'viewer');
    const res = await app.inject({
      method: 'POST',
      url: '/api/alarms/alpha.tank.fire_reserve.1/acknowledge',
      headers: { cookie: viewer },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(/operator role/);
    const tokenRes = await app.inject({
      method: 'POST',
      url: '/api/alarms/alpha.tank.fire_reserve.1/acknowledge',
      headers: bearer(TOKENS.viewer),
    });
    expect(tokenRes.statusCode).toBe(403);
    const operator = await signIn(app, 'operator');
    const op = await app.inject({
      method: 'POST',
      url: '/api/alarms/alpha.tank.fire_reserve.1/acknowledge',
      headers: { cookie: operator },
    });
    expect(op.statusCode).toBe(404); // allowed, but no such alarm
    expect(op.json().message).toMatch(/no alarm/);
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
    ];
    for (const url of cases) {
      const res = await app.inject({ url, headers: h });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toMatch(/^(The |").+\.$/);
    }
    const missing = await app.inject({ url: '/api/sites/alpha/assets/hp/series', headers: h });
    expect(missing.json().message).toMatch(/"metrics" is required/);
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

  it('metrics need credentials unless METRICS_PUBLIC', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const res = await app.inject({ url: '/metrics', headers: bearer(TOKENS.viewer) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('ems_api_http_requests_total');
    expect(res.body).toContain('ems_api_mqtt_messages_total');
  });

  it('no CORS headers by default; security headers set', async () => {
    const res = await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('sign-in is rate limited per IP (429)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { username: 'admin', password: 'wrong' },
        remoteAddress: '10.9.9.9',
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
