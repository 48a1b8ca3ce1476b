/**
 * Fuzzing the api as users run it (its own process): thousands of generated paths, query strings, bodies and
 * socket events at every route Fastify registers and every socket event. Afterwards the process is alive, no
 * answer was a 5xx, every 4xx said in a sentence what was wrong, and nothing reached the last-resort handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { readSettings } from '@ems/runtime';
import { buildApp } from '../src/app.ts';
import type { RouteAccess } from '../src/plugins/app/auth.ts';
import { ApiSettingsSchema } from '../src/settings.ts';
import { PASSWORDS, startStack, TEST_SECRET, testUsers, TOKENS, type ApiProcess, type Stack } from './helpers.ts';

let stack: Stack;
let api: ApiProcess;
let routes: RouteAccess[];
let cookie: string;

beforeAll(async () => {
  stack = await startStack();
  api = await stack.apiProcess({ SIGN_IN_RATE_LIMIT: '100000', SIGN_IN_USER_LIMIT: '100000' });
  // the route table, from the router of the same code
  const local = await buildApp({
    settings: readSettings(ApiSettingsSchema, { SESSION_SECRET: TEST_SECRET, WEB_DIST: '/nonexistent' }),
    registry: stack.registry,
    users: await testUsers(),
    connect: false,
    logger: false,
  });
  await local.ready();
  routes = local.routeTable.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));
  await local.close();
  const res = await fetch(`${api.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: PASSWORDS.operator }),
  });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
}, 150_000);
afterAll(async () => stack?.close());

const EDGE_VALUES = [
  '',
  '-9007199254740991',
  '9007199254740993',
  '99999999999999999999',
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '0',
  '2025-02-30T00:00:00Z',
  '2025-02-28T24:00:00Z',
  '9999-12',
  '2025',
  '2100',
  '0000-01',
  '1969-12',
  '2101-01',
  '2100-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '2026-10-01T00:00:00+09:00',
  '2026-10-01',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'auto',
  '9999999d',
  '0s',
  '1s',
  'all',
  'active',
  'csv',
  'xlsx',
  'pdf',
  'json',
  'ja',
  'en',
  'alpha',
  'tank',
  'heat_kw,temp_top_c',
  "' OR 1=1 --",
  '"; DROP DATABASE ems',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '../../etc/passwd',
  'a'.repeat(5000),
];
const QUERY_KEYS = ['metrics', 'from', 'to', 'step', 'site', 'month', 'year', 'format', 'lang', 'state', 'severity'];

const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS, '__proto__', 'constructor', 'metrics[]', 'from[0]') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** Query text: mostly well-formed pairs, sometimes raw bytes as an attacker would type them. */
const queryArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(fc.tuple(keyArb, valueArb), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  },
  { weight: 1, arbitrary: fc.constantFrom('%', 'a=%zz', '&&&', '=', 'from=1&from=2&to=3&to=4', 'metrics=a&metrics=b') },
);
const paramArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'alpha',
      'beta',
      'tank',
      'hp',
      'meter',
      'alpha.tank.stale.1',
      '__proto__',
      'constructor',
    ),
  },
  { weight: 2, arbitrary: valueArb.map((v) => encodeURIComponent(v)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%2F', '..', '.') },
);
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.record({ username: valueArb, password: valueArb }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"__proto__":{"admin":true}}', 'null', '[]', '"x"', '1e999') },
);
const authArb = fc.constantFrom<'cookie' | 'viewer' | 'none' | 'metrics'>(
  'cookie',
  'cookie',
  'viewer',
  'none',
  'metrics',
);

describe('fuzzing every route and socket event of a running api', () => {
  it('a few thousand generated requests: no 5xx, every 4xx names what was wrong', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(paramArb, { minLength: 3, maxLength: 3 }),
        queryArb,
        bodyArb,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        authArb,
        async (route, params, query, body, contentType, authAsked) => {
          // signing out would end the session the other runs use; tokens have nothing to sign out
          const auth = route.url === '/api/auth/sign-out' && authAsked === 'cookie' ? 'viewer' : authAsked;
          let i = 0;
          const path = route.url.replace(/:[a-z_]+|\*$/g, () => params[i++ % params.length]!);
          const headers: Record<string, string> = {};
          if (auth === 'cookie') headers.cookie = cookie;
          if (auth === 'viewer') headers.authorization = `Bearer ${TOKENS.viewer}`;
          if (auth === 'metrics') headers.authorization = `Bearer ${TOKENS.metrics}`;
          if (route.method === 'POST' && contentType) headers['content-type'] = contentType;
          const url = `${api.url}${path}${query ? `?${query}` : ''}`;
          let res: Response;
          try {
            res = await fetch(url, {
              method: route.method,
              headers,
              ...(route.method === 'POST' ? { body } : {}),
              signal: AbortSignal.timeout(20_000),
            });
          } catch (e) {
            // fetch refuses some URLs itself (e.g. a bare %); that is the client, not the server
            if (e instanceof TypeError && !/fetch failed/.test(e.message)) return;
            throw new Error(`${route.method} ${url}: ${(e as Error).message}\n${api.process.output()}`);
          }
          const text = await res.text();
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          const what = `${route.method} ${url} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400) {
            const json = JSON.parse(text) as { message?: unknown };
            expect(typeof json.message, what).toBe('string');
            const message = json.message as string;
            expect(message, what).toMatch(/^\S.{10,}[.:]$/s);
            if (res.status === 400) expect(message, what).toMatch(/"[^"]*"|body|path|URL/);
          }
        },
      ),
      { numRuns: 2500 },
    );
    // the run reached past validation too, not only 4xx
    expect(seen.get(200) ?? 0).toBeGreaterThan(50);
    expect(api.alive()).toBe(true);
  }, 240_000);

  it('generated socket events and payloads get an answer or are ignored; the process stays up', async () => {
    const socket: Socket = io(api.url, {
      path: '/socket.io',
      auth: { token: TOKENS.viewer },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const payloadArb = fc.oneof(
      fc.anything({ withBigInt: false, withMap: false, withSet: false, withTypedArray: false, withSparseArray: true }),
      fc.constantFrom(
        'all',
        ['alpha'],
        [{ toString: 1 }],
        [{ valueOf: 1 }],
        { length: 1e9 },
        [null],
        ['x'.repeat(100)],
      ),
      fc.array(fc.string(), { maxLength: 2000 }),
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    );
    let acks = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'subscribe',
          'unsubscribe',
          'subscribe',
          'unsubscribe',
          'snapshot',
          'constructor',
          '__proto__',
          'x',
        ),
        payloadArb,
        fc.boolean(),
        async (event, payload, withAck) => {
          if (!withAck || (event !== 'subscribe' && event !== 'unsubscribe')) {
            socket.emit(event, payload);
            return;
          }
          const ack = (await socket.timeout(5_000).emitWithAck(event, payload)) as {
            ok: boolean;
            error?: string;
            sites: unknown[];
          };
          acks++;
          if (ack.error) refused++;
          expect(typeof ack.ok).toBe('boolean');
          expect(Array.isArray(ack.sites)).toBe(true);
          const valid =
            payload === 'all' ||
            (Array.isArray(payload) &&
              payload.length <= 1000 &&
              payload.every((s) => typeof s === 'string' && s.length <= 64));
          if (!valid) expect(ack.error).toMatch(/takes "all" or a list/);
        },
      ),
      { numRuns: 800 },
    );
    expect(acks).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(50);
    expect(socket.connected).toBe(true);
    socket.close();
  }, 120_000);

  it('afterwards the process is alive, healthy, and counted no unexpected error', async () => {
    expect(api.alive(), api.process.output()).toBe(true);
    expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
    const metrics = await (await fetch(`${api.url}/metrics`, { headers: { cookie } })).text();
    // the operator has no metrics scope: an admin reads them
    const admin = await fetch(`${api.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }),
    });
    const adminCookie = admin.headers.getSetCookie()[0]!.split(';')[0]!;
    const text = await (await fetch(`${api.url}/metrics`, { headers: { cookie: adminCookie } })).text();
    expect(metrics).toMatch(/needs the admin role/);
    const unexpected = [...text.matchAll(/^ems_api_unexpected_errors_total\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
    expect(unexpected.reduce((a, b) => a + b, 0)).toBe(0);
    expect(text).not.toMatch(/status="5\d\d"/);
  });
});
