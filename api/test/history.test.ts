import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { influxWrite, waitFor } from '@ems/testkit';
import { baseUrl, bearer, startStack, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
let app: FastifyInstance;
const h = bearer(TOKENS.viewer);
const MAX = 50;

beforeAll(async () => {
  stack = await startStack();
  app = await stack.app({ MAX_POINTS_PER_SERIES: String(MAX) });
  // 3 days of 1-minute heat-pump samples
  const start = Date.UTC(2026, 0, 1);
  const lines: string[] = [];
  for (let i = 0; i < 3 * 1440; i++) {
    const t = start + i * 60_000;
    lines.push(
      `heat_pump,site=alpha,asset=hp power_kw=${100 + (i % 10)},heat_kw=${300 + (i % 7)},heat_kwh=${i * 5},running=1i ${t}`,
    );
  }
  for (let i = 0; i < lines.length; i += 2000) await influxWrite(stack.influx.url, 'ems', lines.slice(i, i + 2000));
});
afterAll(async () => stack?.close());

describe('history series', () => {
  it('never returns more than MAX_POINTS_PER_SERIES points per series, whatever the range', async () => {
    for (const [from, to] of [
      ['2026-01-01T00:00:00Z', '2026-01-04T00:00:00Z'],
      ['2025-01-01T00:00:00Z', '2026-01-03T00:00:00Z'],
      ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
      [String(Date.UTC(2026, 0, 1, 5, 17, 13)), String(Date.UTC(2026, 0, 2, 23, 59, 59))],
    ]) {
      const res = await app.inject({
        url: `/api/sites/alpha/assets/hp/series?metrics=heat_kw,heat_kwh,running&from=${from}&to=${to}&step=1s`,
        headers: h,
      });
      expect(res.statusCode, `${from}…${to}: ${res.body}`).toBe(200);
      const body = res.json();
      expect(body.series).toHaveLength(3);
      for (const s of body.series) {
        expect(s.points.length).toBeLessThanOrEqual(MAX);
        expect(s.points.length).toBeGreaterThan(0);
      }
      expect(body.series[0].aggregate).toBe('mean');
      expect(body.series[1].aggregate).toBe('last');
    }
  });

  it('averages gauges and takes the last counter reading per bucket', async () => {
    const res = await app.inject({
      url: `/api/sites/alpha/assets/hp/series?metrics=power_kw,heat_kwh&from=2026-01-01T00:00:00Z&to=2026-01-01T00:10:00Z&step=10m`,
      headers: h,
    });
    const [power, heat] = res.json().series;
    expect(res.json().step_s).toBe(600);
    expect(power.points).toEqual([[Date.UTC(2026, 0, 1), 104.5]]); // mean of 100…109
    expect(heat.points).toEqual([[Date.UTC(2026, 0, 1), 45]]); // last of 0, 5, …, 45
  });
});

describe('InfluxDB stopped', () => {
  it('history answers 503 with the clear message while live routes and the socket keep serving', async () => {
    await stack.publishState('alpha', 'hp', { power_kw: 100, heat_kw: 300, running: true });
    await waitFor(
      async () => (await app.inject({ url: '/api/sites/alpha', headers: h })).json().kpis.cop_by_asset.hp.value === 3,
    );
    const socket: Socket = io(baseUrl(app), {
      path: '/socket.io',
      auth: { token: TOKENS.viewer },
      transports: ['websocket'],
    });
    await new Promise((r) => socket.emit('subscribe', ['alpha'], r));
    await stack.influx.stop();
    try {
      const res = await app.inject({ url: '/api/sites/alpha/assets/hp/series?metrics=heat_kw', headers: h });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toBe(
        'History is unavailable because the database does not answer; live values still work.',
      );
      for (const url of ['/api/sites', '/api/sites/alpha', '/api/reserves', '/api/alarms', '/api/health']) {
        expect((await app.inject({ url, headers: h })).statusCode, url).toBe(200);
      }
      const got = new Promise<{ asset: string; values: { heat_kw: number } }>((resolve) =>
        socket.on('state', (s) => s.asset === 'hp' && s.values.heat_kw === 320 && resolve(s)),
      );
      await stack.publishState('alpha', 'hp', { power_kw: 100, heat_kw: 320, running: true });
      expect((await got).values.heat_kw).toBe(320);
      await waitFor(async () => (await app.inject({ url: '/api/health' })).json().influxdb === 'down', {
        timeoutMs: 8_000,
      });
    } finally {
      socket.close();
      await stack.influx.start();
    }
  });
});
