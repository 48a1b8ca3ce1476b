import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TELEMETRY_LIMITS,
  parseRegistry,
  influxDurationMs,
  parseTimestamp,
  RegistryIndex,
  validateTelemetry,
  visitTelemetry,
  METRIC_ALIASES,
  REQUIRED_METRICS,
  metricBound,
  metricSpec,
  type Asset,
  type MessageRejection,
  type MetricRejectReason,
  type MetricValue,
  type TelemetrySample,
} from '../../src/index.ts';

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

  it('requires nothing of a type without required metrics (a boiler sends what it has)', () => {
    const boiler = asset('minato-dhc', 'boiler-gas');
    const r = validateTelemetry(boiler, JSON.stringify({ ts: NOW, values: { running: false } }), NOW);
    expect(r.rejections).toEqual([]);
    expect(r.samples).toEqual([{ ts_ms: NOW, values: { running: false }, rejected: {} }]);
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
    ['time stamp 0', '{"ts":0,"values":{"power_kw":1}}', 'timestamp_in_seconds'],
    ['time stamp in 1990 (ms)', '{"ts":631152000000,"values":{"power_kw":1}}', 'timestamp_too_old'],
    ['time stamp before 1970', '{"ts":-1,"values":{"power_kw":1}}', 'timestamp_too_old'],
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

describe('time stamps are real instants (DOMAIN §10)', () => {
  const at = (ts: unknown, now = NOW, limits = DEFAULT_TELEMETRY_LIMITS) =>
    validateTelemetry(pv, JSON.stringify({ ts, values: { power_kw: 1 } }), now, limits);
  const reason = (ts: unknown, now = NOW, limits = DEFAULT_TELEMETRY_LIMITS) =>
    at(ts, now, limits).rejections[0]?.reason;

  it.each([
    ['2025-02-30T00:00:00Z', 'day 30 of 2025-02'],
    ['2023-02-29T12:00:00Z', 'day 29 of 2023-02'],
    ['2100-02-29T12:00:00Z', 'day 29 of 2100-02'],
    ['2025-04-31T00:00:00Z', 'day 31 of 2025-04'],
    ['2025-01-00T00:00:00Z', 'day 0'],
    ['2025-13-01T00:00:00Z', 'month 13'],
    ['2025-00-10T00:00:00Z', 'month 0'],
    ['2025-03-01T24:00:00Z', 'hour 24'],
    ['2025-03-01T23:60:00Z', 'minute 60'],
    ['2025-03-01T23:59:60Z', 'second 60'],
    ['2025-03-01T10:00:00+24:00', 'offset +24:00'],
    ['2025-03-01T10:00:00+09:60', 'offset +09:60'],
  ])('rejects %s as an impossible date (%s), never rolled over', (ts, why) => {
    const r = at(ts, Date.UTC(2025, 5, 1));
    expect(r.samples).toEqual([]);
    expect(r.rejections[0]).toMatchObject({ reason: 'impossible_date', detail: expect.stringContaining(why) });
  });

  it('accepts real calendar dates: leap days, the last second of a day, offsets and fractions', () => {
    const now = Date.UTC(2025, 1, 1);
    expect(at('2024-02-29T23:59:59Z', now).samples[0]?.ts_ms).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(at('2000-02-29T00:00:00Z', now).samples[0]?.ts_ms).toBe(Date.UTC(2000, 1, 29));
    expect(at('2024-12-31T23:30:00-09:30', now).samples[0]?.ts_ms).toBe(Date.UTC(2025, 0, 1, 9, 0));
    expect(at('2024-06-01 10:00:00.1239z', now).samples[0]?.ts_ms).toBe(Date.UTC(2024, 5, 1, 10, 0, 0, 123));
  });

  it('rejects a number below 10^11 as seconds sent for milliseconds', () => {
    const seconds = Math.floor(NOW / 1000);
    expect(at(seconds).rejections[0]).toMatchObject({
      reason: 'timestamp_in_seconds',
      detail: expect.stringContaining(new Date(seconds * 1000).toISOString()),
    });
    expect(reason(99_999_999_999)).toBe('timestamp_in_seconds');
    expect(reason(100_000_000_000)).toBe('timestamp_too_old'); // 1973 in ms: real, but before 2000
  });

  it('rejects more than 5 minutes ahead of the receiver and accepts 5 minutes exactly', () => {
    expect(at(NOW + 300_000).samples).toHaveLength(1);
    expect(reason(NOW + 300_001)).toBe('timestamp_in_future');
    expect(reason(new Date(NOW + 301_000).toISOString())).toBe('timestamp_in_future');
    expect(reason(9e15)).toBe('timestamp_in_future'); // beyond what a Date holds: still a clear reason
    expect(reason(-9e15)).toBe('timestamp_too_old');
  });

  it('rejects what is older than the retention period with its own reason', () => {
    const limits = { ...DEFAULT_TELEMETRY_LIMITS, retention_ms: 30 * 86_400_000 };
    expect(reason(NOW - 30 * 86_400_000 - 1, NOW, limits)).toBe('timestamp_beyond_retention');
    expect(at(NOW - 29 * 86_400_000, NOW, limits).samples).toHaveLength(1);
    expect(at(NOW - 365 * 86_400_000).samples).toHaveLength(1); // no retention: kept forever
  });

  it('never maps years 0–99 to the 1900s', () => {
    expect(parseTimestamp('0050-01-01T00:00:00Z')).toEqual({ ms: new Date('0050-01-01T00:00:00.000Z').getTime() });
    expect(new Date(-60589296000000).toISOString()).toBe('0050-01-01T00:00:00.000Z');
  });

  it('accepts a string exactly when its fields name the instant they parse to (property)', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2400 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        (y, mo, d, h, mi, s) => {
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
          const parsed = parseTimestamp(text);
          const real = 'ms' in parsed && new Date(parsed.ms).toISOString() === `${text.slice(0, -1)}.000Z`;
          const valid =
            mo >= 1 &&
            mo <= 12 &&
            d >= 1 &&
            d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() &&
            h < 24 &&
            mi < 60 &&
            s < 60;
          expect('ms' in parsed).toBe(valid);
          if (valid) expect(real).toBe(true);
          else expect(parsed).toMatchObject({ reason: 'impossible_date' });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

/** The metrics of one sample as validateSample read them before its one-pass rewrite: Maps, then fromEntries. */
function referenceMetrics(asset: Asset, raw: Record<string, unknown>) {
  const aliases = METRIC_ALIASES[asset.type] ?? {};
  const kept = new Map<string, MetricValue>();
  const refused = new Map<string, MetricRejectReason>();
  for (const [key, value] of Object.entries(raw)) {
    const name = Object.hasOwn(aliases, key) ? aliases[key]! : key;
    const spec = metricSpec(asset, name);
    let result: MetricValue | MetricRejectReason;
    if (!spec) result = 'unknown_metric';
    else if (spec.kind === 'flag')
      result = typeof value === 'boolean' ? value : value === 0 || value === 1 ? value === 1 : 'not_boolean';
    else if (typeof value !== 'number' || !Number.isFinite(value)) result = 'not_a_number';
    else {
      const min = metricBound(spec.min, asset);
      const max = metricBound(spec.max, asset);
      result =
        min !== undefined && value < min
          ? min === 0
            ? 'negative'
            : 'below_min'
          : max !== undefined && value > max
            ? 'above_max'
            : value;
    }
    if (typeof result === 'string') refused.set(key, result);
    else kept.set(name, result);
  }
  const values: Record<string, MetricValue> = Object.fromEntries(kept);
  const rejected: Record<string, MetricRejectReason> = Object.fromEntries(refused);
  const required = REQUIRED_METRICS[asset.type];
  if (required && required.length > 0 && !required.some((alt) => alt.every((m) => Object.hasOwn(values, m))))
    for (const m of required[0]!) if (!Object.hasOwn(values, m) && !Object.hasOwn(rejected, m)) rejected[m] = 'missing';
  return { values, rejected };
}

describe('one-pass validation (visitTelemetry)', () => {
  const metricNames = [
    ...new Set(
      [hp, pv, tank, fuelTank].flatMap((a) =>
        Object.keys(METRIC_ALIASES[a.type] ?? {}).concat([
          'power_kw',
          'running',
          'level_l',
          'volume_l',
          'heat_kw',
          'temp_top_c',
          'level_m',
          'defrost',
        ]),
      ),
    ),
    'colour',
    '__proto__',
    'constructor',
    'toString',
  ];
  const metricValue = fc.oneof(
    fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    fc.constantFrom(0, 1, true, false, 'x', null),
    fc.integer({ min: -100, max: 1_000 }),
  );

  it('keeps, renames, converts and rejects metrics exactly as the Map-based reading did, in the same order (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(hp, pv, tank, fuelTank),
        fc.array(fc.tuple(fc.constantFrom(...metricNames), metricValue), { maxLength: 8 }),
        (asset, entries) => {
          const text = `{"ts":${NOW},"values":{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}}`;
          const raw = (JSON.parse(text) as { values: Record<string, unknown> }).values;
          const expected = referenceMetrics(asset, raw);
          const r = validateTelemetry(asset, text, NOW);
          if (Object.keys(expected.values).length === 0) {
            expect(r.rejections[0]?.reason).toBe('no_valid_metrics');
            return;
          }
          const sample = r.samples[0]!;
          expect(Object.entries(sample.values)).toEqual(Object.entries(expected.values));
          expect(Object.entries(sample.rejected)).toEqual(Object.entries(expected.rejected));
          expect(Object.getPrototypeOf(sample.values)).toBe(Object.prototype);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('hands samples and rejections to the visitor in payload order, without result arrays', () => {
    const seen: (TelemetrySample | MessageRejection)[] = [];
    const batch = [
      { ts: NOW - 2000, values: { power_kw: 10 } },
      { ts: 'yesterday', values: { power_kw: 10 } },
      { ts: NOW - 1000, values: { power_kw: 11, colour: 1 } },
    ];
    visitTelemetry(pv, JSON.stringify(batch), NOW, DEFAULT_TELEMETRY_LIMITS, {
      sample: (s) => seen.push(s),
      rejection: (r) => seen.push(r),
    });
    expect(seen).toEqual([
      { ts_ms: NOW - 2000, values: { power_kw: 10 }, rejected: {} },
      { index: 1, reason: 'bad_timestamp', detail: expect.stringContaining('"yesterday"') },
      { ts_ms: NOW - 1000, values: { power_kw: 11 }, rejected: { colour: 'unknown_metric' } },
    ]);
  });

  it('keeps the parsed values of a sample that is valid as sent, and shares one frozen empty `rejected`', () => {
    const a = validateTelemetry(hp, `{"ts":${NOW},"values":{"power_kw":1,"running":true}}`, NOW).samples[0]!;
    const b = validateTelemetry(hp, `{"ts":${NOW},"values":{"power_kw":2}}`, NOW).samples[0]!;
    expect(a.rejected).toBe(b.rejected);
    expect(Object.isFrozen(a.rejected)).toBe(true);
    // a 0/1 flag is converted, so those values are a copy with the converted flag in its place
    const c = validateTelemetry(hp, `{"ts":${NOW},"values":{"power_kw":1,"running":1,"heat_kw":3}}`, NOW).samples[0]!;
    expect(Object.entries(c.values)).toEqual([
      ['power_kw', 1],
      ['running', true],
      ['heat_kw', 3],
    ]);
  });
});

describe('batch limits', () => {
  it('max_batch is reachable within max_payload_bytes with valid samples', () => {
    const { max_batch, max_payload_bytes } = DEFAULT_TELEMETRY_LIMITS;
    const battery = registry.asset('nasu-cityhall', 'battery')!.asset;
    const batch = Array.from({ length: max_batch }, (_, i) => ({ ts: NOW - i * 10_000, values: { soc_pct: 50 } }));
    const text = JSON.stringify(batch);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(max_payload_bytes);
    const r = validateTelemetry(battery, text, NOW);
    expect(r.rejections).toEqual([]);
    expect(r.samples).toHaveLength(max_batch);
    const over = JSON.stringify([...batch, { ts: NOW, values: { soc_pct: 1 } }]);
    expect(validateTelemetry(battery, over, NOW).rejections[0]?.reason).toBe('batch_too_large');
  });
});

describe('retention durations', () => {
  it.each([
    ['INF', null],
    ['0s', null],
    ['400d', 400 * 86_400_000],
    ['1h30m', 5_400_000],
    ['2w', 14 * 86_400_000],
    ['soon', null],
  ])('%s → %s ms', (text, ms) => expect(influxDurationMs(text)).toBe(ms));
});
