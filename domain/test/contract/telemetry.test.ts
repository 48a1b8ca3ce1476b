import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex, validateTelemetry, type Asset } from '../../src/index.ts';

const registry = new RegistryIndex(
  parseRegistry(
    readFileSync(fileURLToPath(new URL('../../../config/sites.yaml', import.meta.url)), 'utf8'),
    'sites.yaml',
  ),
);
const asset = (site: string, id: string): Asset => registry.asset(site, id)!.asset;
const hp = asset('minato-dhc', 'hp-1');
const pv = asset('minato-dhc', 'pv-roof'); // 200 kWp
const tank = asset('minato-dhc', 'tank-1'); // 11 m high
const fuelTank = asset('nasu-cityhall', 'kerosene-tank');
const NOW = Date.UTC(2026, 10, 23, 3, 0, 0);

describe('telemetry validation (DESIGN §2, DOMAIN §10)', () => {
  it('accepts a valid message with ms time stamp', () => {
    const r = validateTelemetry(
      hp,
      JSON.stringify({ ts: NOW, values: { power_kw: 150, heat_kw: 510, running: true, supply_temp_c: 70 } }),
      NOW,
    );
    expect(r.rejections).toEqual([]);
    expect(r.samples).toEqual([
      { ts_ms: NOW, values: { power_kw: 150, heat_kw: 510, running: true, supply_temp_c: 70 }, rejected: {} },
    ]);
  });

  it('accepts an RFC 3339 time stamp and 0/1 flags', () => {
    const r = validateTelemetry(hp, '{"ts":"2026-11-23T12:00:00+09:00","values":{"power_kw":1,"running":1}}', NOW);
    expect(r.samples[0]).toMatchObject({ ts_ms: NOW, values: { running: true } });
  });

  it('keeps the valid metrics of a partly bad message and names each rejected one', () => {
    const r = validateTelemetry(
      hp,
      JSON.stringify({
        ts: NOW,
        values: { power_kw: 100, flow_m3h: -3, supply_temp_c: 250, return_temp_c: 'NaN', colour: 5, running: 'yes' },
      }),
      NOW,
    );
    expect(r.samples[0]?.values).toEqual({ power_kw: 100 });
    expect(r.samples[0]?.rejected).toEqual({
      flow_m3h: 'negative',
      supply_temp_c: 'above_max',
      return_temp_c: 'not_a_number',
      colour: 'unknown_metric',
      running: 'not_boolean',
    });
  });

  it('uses the asset parameters for physical limits (PV above 1.2 × kWp, level above tank height)', () => {
    expect(
      validateTelemetry(pv, JSON.stringify({ ts: NOW, values: { power_kw: 241 } }), NOW).rejections[0],
    ).toMatchObject({ reason: 'no_valid_metrics' });
    expect(validateTelemetry(pv, JSON.stringify({ ts: NOW, values: { power_kw: 239 } }), NOW).samples).toHaveLength(1);
    const t = validateTelemetry(tank, JSON.stringify({ ts: NOW, values: { level_m: 11.5, temp_top_c: 80 } }), NOW);
    expect(t.samples[0]?.rejected).toEqual({ level_m: 'above_max' });
  });

  it('reports a missing required metric but keeps the rest', () => {
    const r = validateTelemetry(pv, JSON.stringify({ ts: NOW, values: { irradiance_wm2: 500 } }), NOW);
    expect(r.samples[0]).toMatchObject({ values: { irradiance_wm2: 500 }, rejected: { power_kw: 'missing' } });
  });

  it('reports prototype keys as unknown metrics without touching any prototype', () => {
    const r = validateTelemetry(
      pv,
      `{"ts":${NOW},"values":{"__proto__":{"power_kw":1},"constructor":2,"power_kw":5}}`,
      NOW,
    );
    expect(r.samples[0]?.values).toEqual({ power_kw: 5 });
    expect(Object.keys(r.samples[0]!.rejected).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(r.samples[0]!.values)).toBe(Object.prototype);
  });

  it('renames accepted aliases (fuel tank level_l → volume_l)', () => {
    const r = validateTelemetry(fuelTank, JSON.stringify({ ts: NOW, values: { level_l: 4200 } }), NOW);
    expect(r.samples[0]?.values).toEqual({ volume_l: 4200 });
  });

  it('validates every sample of a batch on its own', () => {
    const batch = [
      { ts: NOW - 2000, values: { power_kw: 10 } },
      { ts: 'yesterday', values: { power_kw: 10 } },
      { ts: NOW - 1000, values: { power_kw: 11 } },
    ];
    const r = validateTelemetry(pv, JSON.stringify(batch), NOW);
    expect(r.samples.map((s) => s.ts_ms)).toEqual([NOW - 2000, NOW - 1000]);
    expect(r.rejections).toEqual([
      { index: 1, reason: 'bad_timestamp', detail: expect.stringContaining('"yesterday"') },
    ]);
  });

  it.each([
    ['truncated JSON', '{"ts": 1, "values": {', 'invalid_json'],
    ['not JSON at all', 'hello', 'invalid_json'],
    ['a bare number', '42', 'not_an_object'],
    ['null', 'null', 'not_an_object'],
    ['empty batch', '[]', 'empty_batch'],
    ['no time stamp', '{"values":{"power_kw":1}}', 'bad_timestamp'],
    ['fractional ms', `{"ts":${NOW}.5,"values":{"power_kw":1}}`, 'bad_timestamp'],
    ['time stamp in 1970', '{"ts":0,"values":{"power_kw":1}}', 'timestamp_too_old'],
    ['time stamp in 2999', '{"ts":"2999-01-01T00:00:00Z","values":{"power_kw":1}}', 'timestamp_in_future'],
    ['values missing', `{"ts":${NOW}}`, 'missing_values'],
    ['values an array', `{"ts":${NOW},"values":[1,2]}`, 'missing_values'],
    ['every metric bad', `{"ts":${NOW},"values":{"power_kw":"1; DROP DATABASE ems"}}`, 'no_valid_metrics'],
  ])('rejects %s with reason %s', (_name, payload, reason) => {
    const r = validateTelemetry(pv, payload, NOW);
    expect(r.samples).toEqual([]);
    expect(r.rejections[0]?.reason).toBe(reason);
    expect(r.rejections[0]?.detail.length).toBeGreaterThan(5);
  });

  it('rejects oversize payloads and batches before parsing them', () => {
    expect(validateTelemetry(pv, 'x'.repeat(300_000), NOW).rejections[0]?.reason).toBe('payload_too_large');
    const big = JSON.stringify(Array.from({ length: 11 }, () => ({ ts: NOW, values: { power_kw: 1 } })));
    expect(
      validateTelemetry(pv, big, NOW, { max_batch: 10, max_payload_bytes: 1e6, max_future_ms: 0, min_ts_ms: 0 })
        .rejections[0]?.reason,
    ).toBe('batch_too_large');
  });

  it('survives deeply nested JSON', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const r = validateTelemetry(pv, deep, NOW, {
      max_batch: 10,
      max_payload_bytes: 1e6,
      max_future_ms: 0,
      min_ts_ms: 0,
    });
    expect(r.samples).toEqual([]);
    expect(r.rejections[0]?.reason).toMatch(/invalid_json|not_an_object/);
  });
});
