import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/index.ts';
import { bucketHasDrop, computePeriod, counterChain, type Bucket } from '../../src/period/index.ts';

const H = 3_600_000;

function site(assets: string, tz = 'Asia/Tokyo', extra = '') {
  const reg = new RegistryIndex(
    parseRegistry(
      `version: 1
${extra}
sites:
  - id: s
    name: { ja: 試験, en: Test }
    time_zone: ${tz}
    location: { lat: 35, lon: 139 }
    population_served: 1
    assets:
${assets}`,
      't.yaml',
    ),
  );
  return { site: reg.site('s')!, fuel: (id: string) => reg.fuel(id) };
}

/** One-hour bucket with counters given as [first, last] pairs (count 2) and gauges as a constant mean. */
function bucket(
  start: number,
  counters: Record<string, [number, number]>,
  gauges: Record<string, number> = {},
): Bucket {
  return {
    start_ms: start,
    end_ms: start + H,
    samples: 6,
    counters: Object.fromEntries(
      Object.entries(counters).map(([k, [a, b]]) => [
        k,
        { first: a, last: b, min: Math.min(a, b), max: Math.max(a, b), count: 6 },
      ]),
    ),
    gauges: Object.fromEntries(Object.entries(gauges).map(([k, v]) => [k, { mean: v, min: v, max: v, count: 6 }])),
  };
}

const T0 = Date.parse('2026-10-01T00:00:00+09:00');

describe('counterChain (DOMAIN §1)', () => {
  it.each([
    { name: 'plain growth', buckets: [[100, 150]], seed: undefined, want: 50, resets: 0 },
    { name: 'seed counts the step into the period', buckets: [[110, 150]], seed: 100, want: 50, resets: 0 },
    {
      name: 'reset across buckets: 100,150 | 5,40 → 90',
      buckets: [
        [100, 150],
        [5, 40],
      ],
      seed: undefined,
      want: 90,
      resets: 1,
    },
    { name: 'reset before the period', buckets: [[5, 40]], seed: 150, want: 40, resets: 1 },
  ])('$name', ({ buckets, seed, want, resets }) => {
    const bs = buckets.map(([a, b], i) => bucket(T0 + i * H, { c: [a!, b!] }));
    const r = counterChain(bs, 'c', seed);
    expect([...r.perBucket.values()].reduce((s, x) => s + x, 0)).toBe(want);
    expect(r.resets).toBe(resets);
  });

  it('a drop inside a bucket needs the readings: 100,150,5,40 → 90', () => {
    const b: Bucket = {
      start_ms: T0,
      end_ms: T0 + H,
      samples: 4,
      counters: { c: { first: 100, last: 40, min: 5, max: 150, count: 4, readings: [100, 150, 5, 40] } },
      gauges: {},
    };
    expect(bucketHasDrop(b.counters.c!)).toBe(true);
    expect(counterChain([b], 'c').perBucket.get(T0)).toBe(90);
    expect(bucketHasDrop({ first: 1, last: 3, min: 1, max: 3, count: 3 })).toBe(false);
  });
});

describe('computePeriod', () => {
  const hp = `      - { id: hp, type: heat_pump, name: { ja: HP, en: HP }, rated_power_kw: 100, rated_heat_kw: 300, expected_interval_s: 600 }`;

  it('COP is energy-weighted (DOMAIN §3): 10 kWh→50 and 30 kWh→60 give 2.75, not 3.5', () => {
    const { site: s, fuel } = site(hp);
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T0,
      to_ms: T0 + 2 * H,
      assets: {
        hp: {
          buckets: [
            bucket(T0, { energy_kwh: [0, 10], heat_kwh: [0, 50] }, { running: 1 }),
            bucket(T0 + H, { energy_kwh: [10, 40], heat_kwh: [50, 110] }, { running: 1 }),
          ],
        },
      },
    });
    expect(r.totals.cop_total).toBeCloseTo(2.75, 12);
    expect(r.totals.cop_running).toBeCloseTo(2.75, 12);
  });

  it.each([
    { name: 'standby lowers total COP only', standby: 2, total: 300 / 102, running: 3 },
    { name: 'no standby', standby: 0, total: 3, running: 3 },
  ])('running vs total COP: $name', ({ standby, total, running }) => {
    const { site: s, fuel } = site(hp);
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T0,
      to_ms: T0 + 2 * H,
      assets: {
        hp: {
          buckets: [
            bucket(T0, { energy_kwh: [0, 100], heat_kwh: [0, 300] }, { running: 1 }),
            bucket(T0 + H, { energy_kwh: [100, 100 + standby], heat_kwh: [300, 300] }, { running: 0 }),
          ],
        },
      },
    });
    expect(r.totals.cop_total).toBeCloseTo(total, 12);
    expect(r.totals.cop_running).toBeCloseTo(running, 12);
  });

  const plant = `${hp}
      - { id: b, type: boiler, name: { ja: B, en: B }, fuel: city_gas, rated_heat_kw: 500, efficiency: 0.9, expected_interval_s: 600 }
      - { id: w, type: boiler, name: { ja: W, en: W }, fuel: wood_chips, rated_heat_kw: 500, efficiency: 0.85, expected_interval_s: 600 }
      - { id: m, type: heat_meter, name: { ja: M, en: M }, expected_interval_s: 600 }
      - { id: g, type: grid_meter, name: { ja: G, en: G }, expected_interval_s: 600 }
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 10, expected_interval_s: 600 }`;

  // One hour: HP 100 kWh elec → 400 kWh heat; gas boiler 10 m³N → 360 kWh heat; wood 100 kg → 240 kWh heat;
  // meter 900 kWh delivered; grid import 80 kWh; PV 20 kWh. October 2026: grid 0.441, primary 8.64 MJ/kWh.
  const plantCase = (meter: [number, number] | null) => {
    const { site: s, fuel } = site(plant);
    return computePeriod({
      site: s,
      fuel,
      from_ms: T0,
      to_ms: T0 + H,
      assets: {
        hp: { buckets: [bucket(T0, { energy_kwh: [0, 100], heat_kwh: [0, 400] }, { running: 1 })] },
        b: { buckets: [bucket(T0, { fuel_total: [0, 10], heat_kwh: [0, 360] })] },
        w: { buckets: [bucket(T0, { fuel_total: [0, 100], heat_kwh: [0, 240] })] },
        ...(meter ? { m: { buckets: [bucket(T0, { heat_kwh: meter })] } } : {}),
        g: { buckets: [bucket(T0, { import_kwh: [0, 80] })] },
        pv: { buckets: [bucket(T0, { energy_kwh: [0, 20] })] },
      },
    });
  };

  it.each([
    {
      name: 'heat meter present',
      meter: [0, 900] as [number, number],
      delivered: 900,
      // 3.24 GJ / (0.45 + 1.08 + 0.864) GJ
      cop: 3.24 / (0.45 + 1.08 + 0.864),
    },
    { name: 'no heat meter: Σ generators', meter: null, delivered: 1000, cop: 3.6 / 2.394 },
  ])('plant primary-energy COP against 0.984: $name', ({ meter, delivered, cop }) => {
    const r = plantCase(meter);
    expect(r.totals.heat_delivered_kwh).toBeCloseTo(delivered, 9);
    expect(r.totals.primary_energy_gj).toBeCloseTo(2.394, 9);
    expect(r.primary.plant_primary_cop).toBeCloseTo(cop, 9);
    expect(r.primary.national_average).toBe(0.984);
    expect(r.primary.above_national_average).toBe(true);
    expect(r.primary.ratio_to_national_average).toBeCloseTo(cop / 0.984, 9);
  });

  it('CO2 by source, avoided CO2 by PV (separately), intensity and renewable share', () => {
    const r = plantCase([0, 900]);
    expect(r.totals.co2_by_source).toEqual([
      { source: 'city_gas', kind: 'fuel', co2_kg: expect.closeTo(22.3, 9) },
      { source: 'wood_chips', kind: 'fuel', co2_kg: 0 },
      { source: 'grid', kind: 'grid', co2_kg: expect.closeTo(80 * 0.441, 9) },
    ]);
    expect(r.totals.co2_total_kg).toBeCloseTo(22.3 + 35.28, 9);
    expect(r.totals.pv_avoided_co2_kg).toBeCloseTo(20 * 0.441, 9);
    expect(r.totals.heat_co2_intensity_kg_per_gj).toBeCloseTo(57.58 / 3.24, 9);
    // renewable: wood 240 + HP ambient (400 − 100) over 1,000 kWh produced
    expect(r.totals.renewable_heat_share).toBeCloseTo(0.54, 12);
    expect(r.totals.boiler_efficiency).toBeCloseTo(600 / (125 + 300), 12);
    const b = r.assets.find((a) => a.asset === 'b')!;
    expect(b.efficiency).toBeCloseTo(360 / 125, 12); // 10 m³N × 45 MJ = 125 kWh (an implausible boiler, plain arithmetic)
    expect(b.fuel_gj).toBeCloseTo(0.45, 12);
  });

  it('grid and primary factors by the date of each day: a factor change mid-period', () => {
    const extra = `grid_emission_factors:
  - { from_date: '2026-01-01', value: 0.5, source: A }
  - { from_date: '2026-10-02', value: 0.3, source: B }`;
    const { site: s, fuel } = site(
      `      - { id: g, type: grid_meter, name: { ja: G, en: G }, expected_interval_s: 600 }`,
      'Asia/Tokyo',
      extra,
    );
    const D = 24 * H;
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T0,
      to_ms: T0 + 2 * D,
      assets: { g: { buckets: [bucket(T0, { import_kwh: [0, 100] }), bucket(T0 + D, { import_kwh: [100, 200] })] } },
    });
    expect(r.totals.co2_grid_kg).toBeCloseTo(50 + 30, 9);
    expect(r.factors.grid_emission.map((f) => f.source)).toEqual(['A', 'B']);
  });

  it('days follow the local calendar in a zone with daylight saving (23 h and 25 h days)', () => {
    const { site: s, fuel } = site(hp, 'Europe/Berlin');
    const from = Date.parse('2026-03-29T00:00:00+01:00');
    const to = Date.parse('2026-03-30T00:00:00+02:00');
    const r = computePeriod({ site: s, fuel, from_ms: from, to_ms: to, assets: {} });
    expect(r.days).toHaveLength(1);
    expect(r.days[0]!.hours).toBe(23);
    expect(r.days[0]!.expected_samples).toBe(23 * 6);
  });

  it('an empty period has no data, completeness 0 and a note', () => {
    const { site: s, fuel } = site(hp);
    const r = computePeriod({ site: s, fuel, from_ms: T0, to_ms: T0 + 24 * H, assets: {} });
    expect(r.has_data).toBe(false);
    expect(r.totals.completeness).toBe(0);
    expect(r.totals.cop_total).toBeNull();
    expect(r.notes[0]).toMatch(/No data/);
  });

  it('energy is integrated from power only where no counter exists', () => {
    const pvOnly = `      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 10, expected_interval_s: 600 }`;
    const { site: s, fuel } = site(pvOnly);
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T0,
      to_ms: T0 + 2 * H,
      // 6 samples of 8 kW cover the hour; 3 samples of 4 kW cover half the next
      assets: {
        pv: {
          buckets: [
            { ...bucket(T0, {}, { power_kw: 8 }) },
            { ...bucket(T0 + H, {}, {}), gauges: { power_kw: { mean: 4, min: 4, max: 4, count: 3 } } },
          ],
        },
      },
    });
    expect(r.totals.pv_kwh).toBeCloseTo(8 + 2, 12);
    expect(r.assets[0]!.energy_source).toBe('integrated');
  });
});
