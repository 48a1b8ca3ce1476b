/**
 * Any [from, to) window at any minute (DOMAIN §1), against a real InfluxDB: random data (irregular intervals,
 * gaps of hours, counter resets) and random windows. A window's totals equal the sum over any split of it; the
 * roll-up path (daily and hourly roll-ups plus raw edges) equals reading everything raw; day rows add up to the
 * month. Late data marked by ingest reaches the roll-ups again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Point } from '@influxdata/influxdb-client';
import { hourStart, LATE_MEASUREMENT, parseRegistry, RegistryIndex, type PeriodResult } from '@ems/domain';
import { createLogger, InfluxClient } from '@ems/runtime';
import { startInflux, toLineMs, type InfluxHandle } from '@ems/testkit';
import { createAnalytics, type AnalyticsService } from '../../src/analytics/index.ts';

const H = 3_600_000;
const MIN = 60_000;
const FROM = Date.parse('2026-10-01T00:00:00+09:00');
const DAYS = 9;
const TO = FROM + DAYS * 24 * H;
const NOW = Date.parse('2026-11-20T00:00:00Z');
const SITES = ['r1', 'r2', 'r3'];

const REGISTRY = `version: 1
grid_emission_factors:
  - { from_date: '2000-01-01', value: 0.5 }
sites:
${SITES.map(
  (id) => `  - id: ${id}
    name: { ja: ${id}, en: ${id} }
    time_zone: Asia/Tokyo
    location: { lat: 35, lon: 139 }
    population_served: 10
    assets:
      - { id: hp, type: heat_pump, name: { ja: HP, en: HP }, rated_power_kw: 100, rated_heat_kw: 300, expected_interval_s: 60 }
      - { id: boiler, type: boiler, name: { ja: B, en: B }, fuel: kerosene, rated_heat_kw: 300, efficiency: 0.9, expected_interval_s: 60 }
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 50, expected_interval_s: 60 }
      - { id: grid, type: grid_meter, name: { ja: G, en: G }, expected_interval_s: 60 }`,
).join('\n')}
`;
const registry = new RegistryIndex(parseRegistry(REGISTRY, 'windows.yaml'));

/** Samples at irregular times: steps of 20 s to 20 min, now and then a gap of up to 8 hours or a counter reset. */
const seriesArb = fc.array(
  fc.record({
    dt_s: fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: 20, max: 1200 }) },
      { weight: 1, arbitrary: fc.integer({ min: 3600, max: 8 * 3600 }) },
    ),
    kw: fc.double({ min: 0, max: 200, noNaN: true }),
    reset: fc.integer({ min: 0, max: 300 }).map((x) => x === 0),
    running: fc.boolean(),
  }),
  { minLength: 400, maxLength: 1500 },
);

interface Step {
  dt_s: number;
  kw: number;
  reset: boolean;
  running: boolean;
}

function lines(site: string, steps: Step[][]): string[] {
  const out: string[] = [];
  const counters = new Map<string, number>();
  const [hpSteps = [], boilerSteps = [], pvSteps = [], gridSteps = []] = steps;
  const series: [
    string,
    string,
    typeof hpSteps,
    (p: Point, s: (typeof hpSteps)[number], c: (k: string, by: number) => number) => void,
  ][] = [
    [
      'heat_pump',
      'hp',
      hpSteps,
      (p, s, c) =>
        p
          .floatField('energy_kwh', c('e', s.kw / 60))
          .floatField('heat_kwh', c('h', (3 * s.kw) / 60))
          .floatField('power_kw', s.kw)
          .intField('running', s.running ? 1 : 0),
    ],
    [
      'boiler',
      'boiler',
      boilerSteps,
      (p, s, c) =>
        p
          .floatField('fuel_total', c('f', s.kw / 600))
          .floatField('heat_kwh', c('bh', s.kw / 70))
          .floatField('fuel_rate', s.kw / 10),
    ],
    [
      'pv',
      'pv',
      pvSteps,
      (p, s, c) => p.floatField('energy_kwh', c('pv', s.kw / 200)).floatField('power_kw', s.kw / 5),
    ],
    [
      'grid_meter',
      'grid',
      gridSteps,
      (p, s, c) => p.floatField('import_kwh', c('i', s.kw / 50)).floatField('import_kw', s.kw),
    ],
  ];
  for (const [type, asset, list, fill] of series) {
    let t = FROM - 2 * H + 17_000;
    for (const s of list) {
      t += s.dt_s * 1000 + (s.dt_s % 7) * 13; // not on whole seconds either
      if (t >= TO + 2 * H) break;
      const c = (k: string, by: number) => {
        const key = `${asset}/${k}`;
        const v = s.reset ? by : (counters.get(key) ?? 100) + by;
        counters.set(key, v);
        return v;
      };
      const p = new Point(type).tag('site', site).tag('asset', asset).timestamp(t);
      fill(p, s, c);
      out.push(toLineMs(p));
    }
  }
  return out;
}

let influxd: InfluxHandle;
let influx: InfluxClient;
let rolled: AnalyticsService;
let raw: AnalyticsService;
const log = createLogger('windows-test', 'silent');

beforeAll(async () => {
  influxd = await startInflux();
  influx = new InfluxClient({ url: influxd.url, database: 'ems_windows', timeoutMs: 60_000 });
  await influx.query('CREATE DATABASE ems_windows', undefined, null);
  const data = fc.sample(fc.array(seriesArb, { minLength: 4, maxLength: 4 }), {
    numRuns: SITES.length,
    seed: 20261202,
  });
  for (const [i, site] of SITES.entries()) {
    const ls = lines(site, data[i]!);
    for (let k = 0; k < ls.length; k += 5000) await influx.write(ls.slice(k, k + 5000));
  }
  rolled = createAnalytics({ influx, registry, log, now: () => NOW, rollupTickMs: 3_600_000 });
  raw = createAnalytics({ influx, registry, log, now: () => NOW, rollups: false });
  await rolled.start();
  await rolled.whenReady();
}, 180_000);

afterAll(async () => {
  await rolled?.stop();
  await raw?.stop();
  await influxd?.destroy();
});

const ADDITIVE = [
  'heat_produced_kwh',
  'electricity_used_kwh',
  'plant_electricity_kwh',
  'grid_import_kwh',
  'pv_kwh',
  'fuel_gj',
  'co2_total_kg',
  'received_samples',
] as const;

function total(r: { totals: PeriodResult['totals'] }, k: (typeof ADDITIVE)[number]): number {
  return r.totals[k] ?? 0;
}

const close = (a: number, b: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(a), Math.abs(b)));

describe('any window at any minute', () => {
  it('property: window = sum of any split of it; roll-ups = raw', async () => {
    const minuteArb = fc.integer({ min: 0, max: DAYS * 24 * 60 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SITES),
        fc.uniqueArray(minuteArb, { minLength: 3, maxLength: 3 }),
        async (site, m) => {
          const [a, b, c] = m.sort((x, y) => x - y).map((x) => FROM + x * MIN) as [number, number, number];
          const [whole, left, right, wholeRaw] = await Promise.all([
            rolled.kpis(site, a, c),
            rolled.kpis(site, a, b),
            rolled.kpis(site, b, c),
            raw.kpis(site, a, c),
          ]);
          for (const k of ADDITIVE) {
            close(
              total(whole, k),
              total(left, k) + total(right, k),
              `${site} ${k} split at ${new Date(b).toISOString()}`,
            );
            close(total(whole, k), total(wholeRaw, k), `${site} ${k} roll-ups vs raw`);
          }
          close(whole.totals.running_electricity_kwh, wholeRaw.totals.running_electricity_kwh, 'running electricity');
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);

  it('day rows add up to the month; the month from roll-ups equals the month read raw', async () => {
    for (const site of SITES) {
      const month = await rolled.monthlyReport(site, '2026-10');
      const rawMonth = await raw.monthlyReport(site, '2026-10');
      expect(month.query.rollup_days).toBeGreaterThan(0);
      for (const k of ADDITIVE) {
        close(
          month.days.reduce((n, d) => n + (d[k] ?? 0), 0),
          total(month, k),
          `${site} Σ days ${k}`,
        );
        close(total(month, k), total(rawMonth, k), `${site} ${k} roll-ups vs raw`);
      }
    }
  });
});

describe('late data (DESIGN §4)', () => {
  it("samples written after their hours were rolled up, with ingest's marks, reach the report at the next round", async () => {
    const site = 'r1';
    const at = FROM + 3 * 24 * H + 5 * H; // day 4, 05:00 local
    const before = await rolled.kpis(site, at, at + 2 * H);
    const month = await rolled.monthlyReport(site, '2026-10');
    const late: string[] = [];
    for (let t = at + 30_000; t < at + 2 * H; t += 5 * MIN)
      late.push(toLineMs(new Point('pv').tag('site', site).tag('asset', 'pv').floatField('power_kw', 40).timestamp(t)));
    await influx.write(late);
    const marks = [...new Set(late.map((l) => hourStart(Number(l.split(' ').at(-1)))))].map((h) =>
      toLineMs(
        new Point(LATE_MEASUREMENT)
          .tag('site', site)
          .tag('type', 'pv')
          .tag('hour', String(h))
          .intField('n', 1)
          .timestamp(Date.now()),
      ),
    );
    await influx.write(marks);
    // the roll-ups do not know yet: the window is read from them
    const stale = await rolled.kpis(site, at, at + 2 * H);
    expect(stale.totals.received_samples).toBe(before.totals.received_samples);
    await rolled.rollupNow();
    const after = await rolled.kpis(site, at, at + 2 * H);
    expect(after.query.rollup_hours).toBe(2);
    expect(after.totals.received_samples).toBe(before.totals.received_samples + late.length);
    const monthAfter = await rolled.monthlyReport(site, '2026-10');
    expect(monthAfter.query.rollup_days).toBe(month.query.rollup_days);
    expect(monthAfter.totals.received_samples).toBe(month.totals.received_samples + late.length);
  });
});
