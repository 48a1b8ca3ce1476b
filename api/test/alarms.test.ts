import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { influxQuery, waitFor } from '@ems/testkit';
import { bearer, signIn, startStack, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
let a: FastifyInstance;
let b: FastifyInstance;
const viewer = bearer(TOKENS.viewer);

beforeAll(async () => {
  stack = await startStack();
  // two API processes behind a load balancer, same broker and database
  [a, b] = await Promise.all([stack.app({ ALARM_MIN_DURATION_S: '2' }), stack.app({ ALARM_MIN_DURATION_S: '2' })]);
  await waitFor(async () => (await a.inject({ url: '/api/health' })).json().mqtt === 'up');
  await waitFor(async () => (await b.inject({ url: '/api/health' })).json().mqtt === 'up');
});
afterAll(async () => stack?.close());

type AlarmJson = {
  id: string;
  rule: string;
  asset: string;
  state: string;
  severity: string;
  triggered_at: number;
  acknowledged_by: string | null;
};

async function alarms(app: FastifyInstance, query = 'state=all'): Promise<AlarmJson[]> {
  const res = await app.inject({ url: `/api/alarms?${query}`, headers: viewer });
  expect(res.statusCode).toBe(200);
  return res.json().alarms;
}
const fireAlarm = (list: AlarmJson[]) => list.find((x) => x.rule === 'fire_reserve' && x.asset === 'tank');

async function influxAlarmRows(): Promise<Record<string, unknown>[]> {
  const series = await influxQuery(stack.influx.url, 'ems', `SELECT * FROM "alarm" WHERE "rule" = 'fire_reserve'`);
  return series.flatMap((s) => s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]]))));
}

describe('fire-reserve alarm', () => {
  let id: string;
  const tank = (level_m: number, ts = Date.now()) =>
    stack.publishState('alpha', 'tank', { level_m, temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 }, ts);

  it('is raised (critical) only after its minimum duration, once in InfluxDB with two API instances', async () => {
    const t0 = Date.now();
    await tank(4, t0); // usable 35 m³ < 40 m³ fire reserve
    await new Promise((r) => setTimeout(r, 800));
    expect(fireAlarm(await alarms(a))).toBeUndefined(); // min duration 2 s not reached
    await tank(4.1, t0 + 1000);
    const alarm = await waitFor(async () => fireAlarm(await alarms(a)), {
      description: 'alarm on a',
      timeoutMs: 8_000,
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2_000);
    expect(alarm).toMatchObject({ severity: 'critical', state: 'active', triggered_at: t0 });
    id = alarm.id;
    const onB = await waitFor(async () => fireAlarm(await alarms(b)), { description: 'alarm on b' });
    expect(onB.id).toBe(id); // the same deterministic id on both processes
    const rows = await waitFor(async () => {
      const r = await influxAlarmRows();
      return r.length ? r : null;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await influxAlarmRows()).toHaveLength(1);
    expect(rows[0]).toMatchObject({ time: t0, site: 'alpha', asset: 'tank', severity: 'critical', state: 'active' });
  });

  it('acknowledge by an operator → acknowledged, with who and when', async () => {
    const cookie = await signIn(a, 'operator');
    const res = await a.inject({ method: 'POST', url: `/api/alarms/${id}/acknowledge`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'acknowledged', acknowledged_by: 'operator' });
    expect(res.json().acknowledged_at).toBeTypeOf('number');
    expect(fireAlarm(await alarms(a, 'state=acknowledged'))?.id).toBe(id);
    expect(await alarms(a, 'state=active')).not.toContainEqual(expect.objectContaining({ id }));
    const rows = await waitFor(async () => {
      const r = await influxAlarmRows();
      return r[0]?.state === 'acknowledged' ? r : null;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ acknowledged_by: 'operator' });
  });

  it('the acknowledgement survives a restart (history reloaded from InfluxDB)', async () => {
    const c = await stack.app();
    const found = await waitFor(async () => (await alarms(c)).find((x) => x.id === id));
    expect(found).toMatchObject({ state: 'acknowledged', acknowledged_by: 'operator' });
    await c.close();
  });

  it('stays while inside the hysteresis band; clears beyond it', async () => {
    // usable = 10 × 4.55 − 5 = 40.5 m³: above 40 but inside the 1 m³ band (max(1, 2 % of 40))
    await tank(4.55);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fireAlarm(await alarms(a))?.state).toBe('acknowledged');
    await tank(6); // usable 55 m³
    const cleared = await waitFor(async () => {
      const x = fireAlarm(await alarms(a, 'state=cleared'));
      return x?.id === id ? x : null;
    });
    expect(cleared.state).toBe('cleared');
    const rows = await waitFor(async () => {
      const r = await influxAlarmRows();
      return r.length === 1 && r[0]!.state === 'cleared' ? r : null;
    });
    expect(rows[0]).toMatchObject({ acknowledged_by: 'operator' });
    const ack = await a.inject({
      method: 'POST',
      url: `/api/alarms/${id}/acknowledge`,
      headers: { cookie: await signIn(a, 'operator') },
    });
    expect(ack.statusCode).toBe(409);
  });
});

describe('other built-in and registry rules', () => {
  it('registry rule (tank top below 50 °C), COP below min_cop and sensor faults raise alarms', async () => {
    const ts = Date.now();
    await stack.publishState('alpha', 'tank', { level_m: 8, temp_top_c: 45, temp_mid_c: 44, temp_bottom_c: 40 }, ts);
    await stack.publishState('alpha', 'hp', { power_kw: 100, heat_kw: 150, running: true }, ts); // COP 1.5 < 2.0
    await stack.publishState('alpha', 'meter', { heat_kw: 10 }, ts, { rejected: { flow_m3h: 'negative' } });
    const list = await waitFor(
      async () => {
        const l = await alarms(a, 'state=active');
        return ['tank-top-cold', 'cop_low', 'sensor_fault'].every((r) => l.some((x) => x.rule === r)) ? l : null;
      },
      { timeoutMs: 8_000, description: 'three alarms' },
    );
    expect(list.find((x) => x.rule === 'cop_low')).toMatchObject({ asset: 'hp', severity: 'warning' });
    expect(list.find((x) => x.rule === 'tank-top-cold')).toMatchObject({ asset: 'tank', severity: 'warning' });
    const count = (await a.inject({ url: '/api/sites', headers: viewer }))
      .json()
      .sites.find((s: { id: string }) => s.id === 'alpha').active_alarms;
    expect(count).toBeGreaterThanOrEqual(3);
  });

  it('an asset that stops reporting raises a stale alarm', async () => {
    await stack.publishState('beta', 'meter', { heat_kw: 10 });
    const stale = await waitFor(
      async () => (await alarms(a, 'state=active&site=beta')).find((x) => x.rule === 'stale' && x.asset === 'meter'),
      { timeoutMs: 8_000 },
    );
    expect(stale.severity).toBe('warning');
  });
});
