import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSET_TYPES,
  deriveSample,
  equalTankLayers,
  heatFromFlow,
  storedHeatKwh,
  validateTelemetry,
  type StatePayload,
} from '@ems/domain';
import { loadRegistry } from '@ems/runtime';
import { influxQuery, seriesToRows, startInflux, startMosquitto, waitFor } from '@ems/testkit';
import type { InfluxHandle, MosquittoHandle } from '@ems/testkit';
import { startIngest, type IngestHandle } from '../src/index.ts';
import { sampleValues } from './fixtures.ts';
import { REGISTRY, connect, influxNumber, ingestEnv, metricValue, publishAll } from './helpers.ts';

const registry = loadRegistry(REGISTRY);
const assets = [...registry.allAssets()];
const N = 10;
const BATCH = 5;
const base = Date.now() - 120_000;

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;
let ingest: IngestHandle;

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  ingest = await startIngest({ env: ingestEnv(mosquitto.url, influx.url, { STATE_MIN_INTERVAL_MS: '300' }) });
});
afterAll(async () => {
  await ingest?.stop();
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

describe('end to end: MQTT → validate → derive → spool → InfluxDB, and retained state', () => {
  it('stores every sample of every asset type with its derived values', async () => {
    expect(new Set(assets.map((a) => a.asset.type)).size).toBe(ASSET_TYPES.length);
    const publisher = await connect(mosquitto.url);
    const messages = assets.flatMap(({ site, asset }) =>
      Array.from({ length: N }, (_, k) => ({
        topic: `ems/v1/${site.id}/${asset.id}/telemetry`,
        payload: JSON.stringify({ ts: base + k * 1_000, values: sampleValues(asset.type, k) }),
      })),
    );
    // A device flushing its buffer: one batch with RFC 3339 time stamps.
    const batch = Array.from({ length: BATCH }, (_, k) => ({
      ts: new Date(base - (k + 1) * 1_000).toISOString(),
      values: sampleValues('heat_meter', k),
    }));
    messages.push({ topic: 'ems/v1/minato-dhc/hm-out/telemetry', payload: JSON.stringify(batch) });
    await publishAll(publisher, messages);
    await publisher.endAsync();

    const expected = assets.length * N + BATCH;
    await waitFor(async () => metricValue(await ingest.metrics(), 'ingest_samples_accepted_total') === expected, {
      timeoutMs: 20_000,
      description: `${expected} samples accepted`,
    });
    await waitFor(async () => (await ingest.health()).spool_lines === 0, { timeoutMs: 20_000 });

    for (const { site, asset } of assets) {
      const rows = seriesToRows(
        await influxQuery(influx.url, 'ems', `SELECT * FROM "${asset.type}" WHERE site = $site AND asset = $asset`, {
          site: site.id,
          asset: asset.id,
        }),
      );
      const extra = site.id === 'minato-dhc' && asset.id === 'hm-out' ? BATCH : 0;
      expect(rows, `${site.id}/${asset.id}`).toHaveLength(N + extra);
      // Every field is the validated value (flags as 0/1) or the domain's derived value for that sample.
      for (const row of rows.slice(extra)) {
        const k = ((row.time as number) - base) / 1_000;
        const payload = JSON.stringify({ ts: base + k * 1_000, values: sampleValues(asset.type, k) });
        const [sample] = validateTelemetry(asset, payload, Date.now()).samples;
        const derived = deriveSample({ site, asset, fuel: (id) => registry.fuel(id) }, sample!.ts_ms, sample!.values);
        const want: Record<string, unknown> = {};
        for (const [key, value] of Object.entries({ ...sample!.values, ...derived.derived }))
          want[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
        for (const [key, value] of Object.entries(want))
          expect(row[key], `${asset.id}.${key}`).toBeCloseTo(value as number, 9);
        expect(Object.keys(derived.derived).length + Object.keys(sample!.values).length).toBeGreaterThan(0);
      }
    }
  });

  it('derives heat, COP and stored heat as DOMAIN.md defines them', async () => {
    const one = async (q: string, params: Record<string, string | number>): Promise<number> =>
      influxNumber(influx.url, 'ems', q, params);
    // Heat meter: 40 m³/h, 80 → 50 °C.
    const heat = await one(`SELECT heat_kw FROM heat_meter WHERE asset = 'hm-out' AND time = $t`, { t: base * 1e6 });
    expect(heat).toBeCloseTo(heatFromFlow({ flow_m3h: 40, supply_temp_c: 80, return_temp_c: 50 }).heat_kw!, 6);
    expect(heat).toBeGreaterThan(40 * 30 * 1.13);
    expect(heat).toBeLessThan(40 * 30 * 1.15);
    // Heat pump: the DOMAIN §2 reference, 10 m³/h at 65/55 °C → 114.3 kW (±0.3 %), at 50 kW electric.
    const cop = await one(`SELECT cop FROM heat_pump WHERE site = 'minato-dhc' AND asset = 'hp-1' AND time = $t`, {
      t: base * 1e6,
    });
    expect(cop * 50).toBeGreaterThan(114.3 * 0.997);
    expect(cop * 50).toBeLessThan(114.3 * 1.003);
    // Storage tank tank-1 of minato-dhc: 200 m² × 3 m, layers 70/60/45 °C, useful down to 45 °C.
    const stored = await one(
      `SELECT stored_heat_kwh FROM storage_tank WHERE site = 'minato-dhc' AND asset = 'tank-1' AND time = $t`,
      { t: base * 1e6 },
    );
    expect(stored).toBeCloseTo(storedHeatKwh(equalTankLayers(600, [70, 60, 45]), 45), 6);
    expect(stored).toBeGreaterThan(200 * 40 * 1.14 * 0.97); // ≈ 200 m³·25 K + 200 m³·15 K at ~1.15 kWh/m³K
    expect(stored).toBeLessThan(200 * 40 * 1.17);
    // Flags are integers 0/1 that InfluxQL can aggregate.
    const running = await one(`SELECT SUM(running) FROM heat_pump WHERE asset = 'hp-1' AND site = $s`, {
      s: 'minato-dhc',
    });
    expect(running).toBe(N);
  });

  it('publishes the newest normalised state retained, for a fresh subscriber', async () => {
    const subscriber = await connect(mosquitto.url);
    const states = new Map<string, StatePayload>();
    subscriber.on('message', (topic, payload) => states.set(topic, JSON.parse(payload.toString()) as StatePayload));
    await subscriber.subscribeAsync('ems/v1/+/+/state', { qos: 1 });
    // Coalesced (one publish per asset per 300 ms here): wait for the newest sample's state of every asset.
    const newest = base + (N - 1) * 1_000;
    await waitFor(() => states.size === assets.length && [...states.values()].every((s) => s.ts === newest), {
      timeoutMs: 10_000,
      description: 'the newest state of every asset',
    });
    const hm = states.get('ems/v1/minato-dhc/hm-out/state')!;
    expect(hm.ts).toBe(base + (N - 1) * 1_000); // the newest by ts, not the batch that came last
    expect(hm.type).toBe('heat_meter');
    const last = sampleValues('heat_meter', N - 1) as {
      flow_m3h: number;
      supply_temp_c: number;
      return_temp_c: number;
    };
    expect(sampleValues('heat_meter', N - 2).flow_m3h).not.toBe(last.flow_m3h);
    expect(hm.values).toMatchObject({ flow_m3h: last.flow_m3h, supply_temp_c: last.supply_temp_c });
    expect(hm.derived.heat_kw).toBeCloseTo(heatFromFlow(last).heat_kw!);
    expect(hm.received_ms).toBeGreaterThan(base);
    expect(hm.rejected).toEqual({});
    const hp = states.get('ems/v1/ebina-bousai/hp-geo/state')!;
    expect(hp.values.running).toBe(true);
    expect(hp.derived.cop).toBeGreaterThan(1);
    for (const state of states.values())
      expect(Object.keys(state).sort()).toEqual([
        'derived',
        'faults',
        'received_ms',
        'rejected',
        'ts',
        'type',
        'values',
      ]);
    await subscriber.endAsync();
  });

  it('replaces a forged retained state stamped in the future with the next real one', async () => {
    const topic = 'ems/v1/nasu-cityhall/pv-roof/state';
    const forged = { ts: Date.UTC(2100, 0, 1), received_ms: Date.now(), type: 'pv', values: { power_kw: 1 } };
    const seen = async () => metricValue(await ingest.metrics(), 'ingest_messages_received_total', { kind: 'state' });
    const before = await seen();
    const intruder = await connect(mosquitto.url); // no ACL on this broker: anyone may publish
    await intruder.publishAsync(topic, JSON.stringify({ ...forged, derived: {}, rejected: {}, faults: [] }), {
      qos: 1,
      retain: true,
    });
    await intruder.endAsync();
    const ts = Date.now();
    await waitFor(async () => (await seen()) > before, { description: 'ingest saw the forged state' });
    const device = await connect(mosquitto.url);
    await device.publishAsync(
      'ems/v1/nasu-cityhall/pv-roof/telemetry',
      JSON.stringify({ ts, values: { power_kw: 42 } }),
      { qos: 1 },
    );
    await device.endAsync();
    const subscriber = await connect(mosquitto.url);
    const retained = new Map<string, StatePayload>();
    subscriber.on('message', (t, payload) => retained.set(t, JSON.parse(payload.toString()) as StatePayload));
    await waitFor(
      async () => {
        retained.clear();
        await subscriber.unsubscribeAsync(topic);
        await subscriber.subscribeAsync(topic, { qos: 1 });
        await new Promise((r) => setTimeout(r, 200));
        return retained.get(topic)?.ts === ts;
      },
      { timeoutMs: 10_000, description: 'the real state retained' },
    );
    expect(retained.get(topic)!.values).toEqual({ power_kw: 42 });
    await subscriber.endAsync();
  });

  it('records device status changes and answers /health and /metrics over HTTP', async () => {
    const publisher = await connect(mosquitto.url);
    await publisher.publishAsync('ems/v1/nasu-cityhall/battery/status', 'offline', { qos: 1, retain: true });
    await publisher.publishAsync('ems/v1/nasu-cityhall/battery/status', 'online', { qos: 1, retain: true });
    await publisher.endAsync();
    const rows = await waitFor(
      async () => {
        const r = seriesToRows(
          await influxQuery(influx.url, 'ems', `SELECT online FROM device_status WHERE asset = 'battery'`),
        );
        return r.length === 2 ? r : null;
      },
      { timeoutMs: 30_000 },
    );
    expect(rows.map((r) => r.online)).toEqual([0, 1]);

    await waitFor(async () => (await ingest.health()).spool_lines === 0, { timeoutMs: 30_000 });
    const health = await fetch(`http://127.0.0.1:${ingest.httpPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ mqtt_connected: true, influx_reachable: true, spool_lines: 0 });
    const metrics = await (await fetch(`http://127.0.0.1:${ingest.httpPort}/metrics`)).text();
    for (const name of [
      'ingest_messages_received_total',
      'ingest_points_written_total',
      'ingest_spool_lines',
      'ingest_spool_bytes',
      'ingest_write_duration_seconds_bucket',
      'ingest_last_write_ok_timestamp_seconds',
      'process_resident_memory_bytes',
    ])
      expect(metrics).toContain(name);
    expect(metricValue(metrics, 'ingest_messages_received_total', { kind: 'status' })).toBe(2);
  });
});
