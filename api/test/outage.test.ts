/**
 * InfluxDB stopped under a running api process (DESIGN §9): history, KPIs and reports answer 503 again and
 * again, live routes and the socket keep serving, the process stays up, and everything answers again once
 * influxd is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { sleep, waitFor } from '@ems/testkit';
import { PASSWORDS, startStack, TOKENS, type ApiProcess, type Stack } from './helpers.ts';

let stack: Stack;
let api: ApiProcess;
const auth = { authorization: `Bearer ${TOKENS.viewer}` };

beforeAll(async () => {
  stack = await startStack();
  await stack.publishState('alpha', 'tank', { level_m: 8, temp_top_c: 70, temp_mid_c: 60, temp_bottom_c: 45 });
  api = await stack.apiProcess();
}, 150_000);
afterAll(async () => stack?.close());

// the current month: reports of months long past are cached and would (rightly) still answer
const MONTH = new Date().toISOString().slice(0, 7);
const FISCAL_YEAR = Number(MONTH.slice(0, 4)) - (Number(MONTH.slice(5)) < 4 ? 1 : 0);
const HISTORY = [
  `/api/reports/monthly?site=alpha&month=${MONTH}`,
  `/api/reports/monthly?site=alpha&month=${MONTH}&format=csv`,
  `/api/reports/monthly?site=alpha&month=${MONTH}&format=xlsx`,
  `/api/reports/fiscal-year?site=alpha&year=${FISCAL_YEAR}`,
  `/api/reports/all-sites?month=${MONTH}&format=pdf`,
  '/api/sites/alpha/kpis?from=2026-10-01T00:00:00%2B09:00&to=2026-10-02T00:00:00%2B09:00',
  '/api/sites/alpha/kpis?from=2026-10-01T00:10:00%2B09:00&to=2026-10-01T02:03:00%2B09:00',
  '/api/sites/alpha/assets/tank/series?metrics=level_m',
];
const LIVE = ['/api/sites', '/api/sites/alpha', '/api/reserves', '/api/alarms', '/api/health'];

const get = (path: string) => fetch(`${api.url}${path}`, { headers: auth });

describe('InfluxDB outage under a running api', () => {
  it('answers as usual while InfluxDB is up', async () => {
    for (const path of [...HISTORY, ...LIVE]) expect((await get(path)).status, path).toBe(200);
  });

  it('history, KPIs and reports answer 503 repeatedly; live routes and the socket keep serving; the process stays', async () => {
    await stack.influx.stop();
    for (let round = 0; round < 4; round++) {
      for (const path of HISTORY) {
        const res = await get(path);
        expect(res.status, `${path} (round ${round})`).toBe(503);
        expect(((await res.json()) as { message: string }).message).toMatch(
          /database does not answer; live values still work/,
        );
      }
      for (const path of LIVE) expect((await get(path)).status, `${path} (round ${round})`).toBe(200);
      await sleep(1_500);
      expect(api.alive(), api.process.output()).toBe(true);
    }
    const health = await (await get('/api/health')).json();
    expect(health).toMatchObject({ status: 'degraded', influxdb: 'down', mqtt: 'up' });
    const socket = io(api.url, {
      path: '/socket.io',
      auth: { token: TOKENS.viewer },
      transports: ['websocket'],
      reconnection: false,
    });
    const snapshot = await new Promise<{ sites: { site: string }[] }>((resolve, reject) => {
      socket.on('connect', () => socket.emit('subscribe', ['alpha']));
      socket.on('snapshot', resolve);
      socket.on('connect_error', reject);
    });
    expect(snapshot.sites.map((s) => s.site)).toEqual(['alpha']);
    socket.close();
  }, 60_000);

  it('after influxd is back the report answers 200 again, and nothing reached the last-resort handler', async () => {
    await stack.influx.start();
    await waitFor(async () => (await get(HISTORY[0]!)).status === 200, {
      timeoutMs: 30_000,
      description: 'the monthly report to answer 200 again',
    });
    for (const path of HISTORY) expect((await get(path)).status, path).toBe(200);
    expect(api.alive()).toBe(true);
    const signIn = await fetch(`${api.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORDS.admin }),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const metrics = await (await fetch(`${api.url}/metrics`, { headers: { cookie } })).text();
    expect(metrics).toMatch(/ems_api_unexpected_errors_total/);
    expect(metrics).not.toMatch(/^ems_api_unexpected_errors_total\{[^}]*\} [1-9]/m);
  }, 60_000);
});
