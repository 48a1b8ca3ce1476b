import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { baseUrl, signIn, startStack, TOKENS, type Stack } from './helpers.ts';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { HeartbeatEvent, type SnapshotEvent, type StateEvent } from '../src/schemas/socket.ts';

let stack: Stack;
let app: FastifyInstance;
const sockets: Socket[] = [];

beforeAll(async () => {
  stack = await startStack();
  app = await stack.app({ LIVE_THROTTLE_MS: '250', LIVE_HEARTBEAT_MS: '300' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await stack?.close();
});

function connect(opts: { token?: string; cookie?: string }): Promise<Socket> {
  const s = io(baseUrl(app), {
    path: '/socket.io',
    transports: ['websocket'],
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
  });
}

describe('socket.io live stream', () => {
  it('authenticates with the session cookie, sends a snapshot on subscribe, then state, kpi and reserve', async () => {
    await stack.publishState('alpha', 'meter', { heat_kw: 400 });
    const s = await connect({ cookie: await signIn(app, 'viewer') });
    const snapshot = new Promise<SnapshotEvent>((r) => s.once('snapshot', r));
    const ack = await new Promise<{ sites: string[] }>((r) => s.emit('subscribe', ['alpha', 'nope'], r));
    expect(ack).toMatchObject({ ok: false, sites: ['alpha'], unknown: ['nope'] });
    const snap = await snapshot;
    expect(snap.sites.map((x) => x.site)).toEqual(['alpha']);
    expect(snap.sites[0]!.assets).toHaveLength(9);
    const kpi = new Promise<{ heat_delivered_kw: { value: number } }>((r) =>
      s.on('kpi', (k) => k.heat_delivered_kw.value === 450 && r(k)),
    );
    const reserve = new Promise<{ site: string }>((r) => s.once('reserve', r));
    const state = new Promise<StateEvent>((r) =>
      s.on('state', (x) => x.asset === 'meter' && x.values.heat_kw === 450 && r(x)),
    );
    await stack.publishState('alpha', 'meter', { heat_kw: 450 });
    expect((await state).data_state).toBe('live');
    expect((await kpi).heat_delivered_kw.value).toBe(450);
    expect((await reserve).site).toBe('alpha');
  });

  it('coalesces bursts per asset: at most ~4 updates per second, always ending with the newest', async () => {
    const s = await connect({ token: TOKENS.viewer });
    await new Promise((r) => s.emit('subscribe', 'all', r));
    const seen: number[] = [];
    s.on('state', (x: StateEvent) => x.asset === 'pv' && seen.push(x.values.power_kw as number));
    const t0 = Date.now();
    for (let i = 1; i <= 40; i++) {
      await stack.publishState('alpha', 'pv', { power_kw: i }, t0 + i);
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 600));
    const seconds = (Date.now() - t0) / 1000;
    expect(seen.at(-1)).toBe(40);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('clients only get the sites they joined', async () => {
    const s = await connect({ token: TOKENS.operator });
    await new Promise((r) => s.emit('subscribe', ['beta'], r));
    const alphaStates: StateEvent[] = [];
    s.on('state', (x: StateEvent) => x.site === 'alpha' && alphaStates.push(x));
    const betaState = new Promise<StateEvent>((r) => s.on('state', (x: StateEvent) => x.site === 'beta' && r(x)));
    await stack.publishState('alpha', 'grid', { import_kw: 10 });
    await stack.publishState('beta', 'meter', { heat_kw: 5 });
    expect((await betaState).asset).toBe('meter');
    await new Promise((r) => setTimeout(r, 300));
    expect(alphaStates).toHaveLength(0);
  });

  it('every socket, subscribed or not, gets a heartbeat with the server clock every LIVE_HEARTBEAT_MS', async () => {
    const s = io(baseUrl(app), { path: '/socket.io', transports: ['websocket'], auth: { token: TOKENS.viewer } });
    sockets.push(s);
    const beats: { at: number; payload: unknown }[] = [];
    s.on('heartbeat', (payload: unknown) => beats.push({ at: Date.now(), payload }));
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 1_700));
    // one on connection, then one every 300 ms
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(beats[0]!.at - t0).toBeLessThan(1_000);
    const check = TypeCompiler.Compile(HeartbeatEvent);
    for (const b of beats) {
      expect(check.Check(b.payload), JSON.stringify(b.payload)).toBe(true);
      const p = b.payload as HeartbeatEvent;
      expect(p.interval_ms).toBe(300);
      expect(Math.abs(p.server_time - b.at)).toBeLessThan(1_000);
    }
    const gaps = beats.slice(2).map((b, i) => b.at - beats[i + 1]!.at);
    for (const g of gaps) expect(g).toBeLessThan(900);
  });
});
