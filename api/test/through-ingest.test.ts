/** End to end: device telemetry over MQTT → ingest (validation, derived values, InfluxDB, retained state) → API. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTopic, heatFromFlow } from '@ems/domain';
import { startIngest, type IngestHandle } from '@ems/ingest';
import { waitFor } from '@ems/testkit';
import { bearer, startStack, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
let app: FastifyInstance;
let ingest: IngestHandle;
const h = bearer(TOKENS.viewer);

beforeAll(async () => {
  stack = await startStack();
  ingest = await startIngest({
    registry: stack.registry,
    env: {
      MQTT_URL: stack.broker.url,
      MQTT_CLIENT_ID: `ingest-api-test-${process.pid}`,
      INFLUX_URL: stack.influx.url,
      INGEST_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'api-ingest-spool-')),
      INGEST_HTTP_PORT: '0',
      INGEST_HTTP_HOST: '127.0.0.1',
      STATE_MIN_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    },
  });
  app = await stack.app();
});
afterAll(async () => {
  await ingest?.stop(1_000);
  await stack?.close();
});

const telemetry = (site: string, asset: string, values: Record<string, number | boolean>, ts = Date.now()) =>
  stack.publisher.publishAsync(buildTopic(site, asset, 'telemetry'), JSON.stringify({ ts, values }), { qos: 1 });

async function site(id: string) {
  return (await app.inject({ url: `/api/sites/${id}`, headers: h })).json();
}

describe('telemetry through ingest', () => {
  it('heat-pump COP from flow and temperatures, reserve and rejected metrics reach the API', async () => {
    const ts = Date.now();
    // heat from 10 m³/h at 65/55 °C = 114.3 kW (DOMAIN §2) with 40 kW electric → COP ≈ 2.86
    await telemetry(
      'alpha',
      'hp',
      { power_kw: 40, flow_m3h: 10, supply_temp_c: 65, return_temp_c: 55, running: true },
      ts,
    );
    await telemetry('alpha', 'tank', { level_m: 8, temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 }, ts);
    await telemetry('alpha', 'meter', { heat_kw: 100, flow_m3h: -3 }, ts);
    const s = await waitFor(
      async () => {
        const x = await site('alpha');
        const live = (id: string) => x.assets.find((a: { id: string }) => a.id === id).live.data_state === 'live';
        return live('hp') && live('tank') && live('meter') ? x : null;
      },
      { description: 'states from ingest', timeoutMs: 15_000 },
    );
    const heat = heatFromFlow({ flow_m3h: 10, supply_temp_c: 65, return_temp_c: 55 }).heat_kw!;
    expect(heat).toBeGreaterThan(114.3 * 0.997);
    expect(heat).toBeLessThan(114.3 * 1.003);
    expect(s.kpis.cop_by_asset.hp.value).toBeCloseTo(heat / 40, 6);
    expect(s.reserve.usable_water_m3.value).toBeCloseTo(75, 6);
    expect(s.reserve.heat_demand_kw.value).toBe(100);
    const meter = s.assets.find((a: { id: string }) => a.id === 'meter');
    expect(meter.live.rejected).toEqual({ flow_m3h: 'negative' });
  });

  it('history written by ingest is served downsampled', async () => {
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 6; i++) await telemetry('alpha', 'pv', { power_kw: 10 + i }, t0 + i * 10_000);
    const body = await waitFor(
      async () => {
        const res = await app.inject({
          url: `/api/sites/alpha/assets/pv/series?metrics=power_kw,specific_power_kw_per_kwp&from=${t0 - 1000}&to=${t0 + 60_000}&step=10s`,
          headers: h,
        });
        const b = res.json();
        return res.statusCode === 200 && b.series[0].points.length === 6 ? b : null;
      },
      { description: 'pv history', timeoutMs: 15_000 },
    );
    expect(body.series[0].points.map((p: [number, number]) => p[1])).toEqual([10, 11, 12, 13, 14, 15]);
    expect(body.series[1].points[0][1]).toBeCloseTo(10 / 50, 9);
  });
});

describe('late data through ingest (DESIGN §4)', () => {
  it('a device flushing a two-day-old buffer while the api runs: the report and hour-aligned KPIs change within a minute', async () => {
    const HOUR = 3_600_000;
    // Two days ago, at a whole hour: the output heat meter's readings at the edges of a 3-hour outage arrive
    // first (late already, so ingest marks their hours), then, later, the buffer the meter kept during the outage.
    const t0 = Math.floor((Date.now() - 2 * 86_400_000) / HOUR) * HOUR;
    const meter = (values: { ts: number; values: Record<string, number> }[]) =>
      stack.publisher.publishAsync(buildTopic('alpha', 'meter', 'telemetry'), JSON.stringify(values), { qos: 1 });
    await meter([
      { ts: t0 - 60_000, values: { heat_kwh: 1000, heat_kw: 0 } },
      { ts: t0 + 3 * HOUR, values: { heat_kwh: 1300, heat_kw: 0 } },
    ]);
    const rolled = await stack.app({ ROLLUP_TICK_MS: '1000' });
    const kpis = async (from: number, to: number) =>
      (
        await rolled.inject({
          url: `/api/sites/alpha/kpis?from=${from}&to=${to}`,
          headers: h,
        })
      ).json() as { totals: { heat_delivered_kwh: number; received_samples: number }; query: { rollup_hours: number } };
    // without the buffer the 300 kWh are spread evenly over the outage: ≈ 100 kWh in its first hour
    const firstHour = await waitFor(
      async () => {
        const k = await kpis(t0, t0 + HOUR);
        return Math.abs(k.totals.heat_delivered_kwh - (300 * 60) / 181) < 1e-6 ? k : false;
      },
      { timeoutMs: 60_000, description: 'the edge readings to be rolled up' },
    );
    expect(firstHour.query.rollup_hours).toBe(1);
    const month = new Date(t0 + 9 * HOUR).toISOString().slice(0, 7);
    const reportBefore = (
      await rolled.inject({ url: `/api/reports/monthly?site=alpha&month=${month}`, headers: h })
    ).json() as { totals: { received_samples: number } };

    // the buffer: everything was used in the first hour (a batch, as a device flushing its buffer sends it)
    const buffer = Array.from({ length: 6 }, (_, i) => ({
      ts: t0 + (i + 1) * 10 * 60_000,
      values: { heat_kwh: 1000 + 50 * (i + 1), heat_kw: 300 },
    }));
    await meter(buffer);
    const after = await waitFor(
      async () => {
        const k = await kpis(t0, t0 + HOUR);
        // five of the six samples lie in the first hour; the sixth, at +60 min, opens the next
        return k.totals.received_samples === firstHour.totals.received_samples + 5 ? k : false;
      },
      { timeoutMs: 60_000, description: 'the late buffer to reach the hour-aligned KPIs' },
    );
    expect(after.query.rollup_hours).toBe(1);
    // 1000 at −1 min → 1050 at +10 min: 50 × 10/11 in this hour, then 250 more by +60 min
    expect(after.totals.heat_delivered_kwh).toBeCloseTo((50 * 10) / 11 + 250, 6);
    const reportAfter = (
      await rolled.inject({ url: `/api/reports/monthly?site=alpha&month=${month}`, headers: h })
    ).json() as { totals: { received_samples: number } };
    expect(reportAfter.totals.received_samples).toBe(reportBefore.totals.received_samples + 6);
  }, 120_000);
});
