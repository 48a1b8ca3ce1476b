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
    expect(s.kpis.heat_pump_cop.hp.value).toBeCloseTo(heat / 40, 6);
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
