import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/index.ts';
import { computePeriod, type Bucket } from '../../src/period/index.ts';

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

/**
 * One-hour bucket of 6 samples (every 10 minutes, the first at the start of the hour): counters given as
 * [first, last] pairs, gauges as a constant value.
 */
function bucket(
  start: number,
  counters: Record<string, [number, number]>,
  gauges: Record<string, number> = {},
): Bucket {
  return {
    start_ms: start,
    end_ms: start + H,
    samples: 6,
    slots: 6,
    counters: Object.fromEntries(
      Object.entries(counters).map(([k, [a, b]]) => [
        k,
        { first: a, first_ms: start, last: b, last_ms: start + H - 600_000, increase: b - a, resets: 0, count: 6 },
      ]),
    ),
    gauges: Object.fromEntries(
      Object.entries(gauges).map(([k, v]) => [k, { sum: 6 * v, min: v, max: v, count: 6, neg_sum: v < 0 ? 6 * v : 0 }]),
    ),
  };
}

const T0 = Date.parse('2026-10-01T00:00:00+09:00');

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
  // DOMAIN §4: the plant's electricity is what it buys — the 80 kWh of grid import, not the heat pump's 100.
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
      // 3.24 GJ / (0.45 + 1.08 + 80 kWh × 8.64 MJ) GJ
      cop: 3.24 / (0.45 + 1.08 + 0.6912),
    },
    { name: 'no heat meter: Σ generators', meter: null, delivered: 1000, cop: 3.6 / 2.2212 },
  ])(
    'DOMAIN §4: plant primary-energy COP against 0.984, electricity = grid import: $name',
    ({ meter, delivered, cop }) => {
      const r = plantCase(meter);
      expect(r.totals.heat_delivered_kwh).toBeCloseTo(delivered, 9);
      expect(r.totals.plant_electricity_kwh).toBeCloseTo(80, 9);
      expect(r.totals.electricity_used_kwh).toBeCloseTo(100, 9);
      expect(r.totals.primary_energy_gj).toBeCloseTo(2.2212, 9);
      expect(r.primary.plant_primary_cop).toBeCloseTo(cop, 9);
      expect(r.primary.national_average).toBe(0.984);
      expect(r.primary.above_national_average).toBe(true);
      expect(r.primary.ratio_to_national_average).toBeCloseTo(cop / 0.984, 9);
    },
  );

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
    expect(r.factors.grid_emission.map((f) => f.source?.en)).toEqual(['A', 'B']);
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
    expect(r.notes[0]).toMatchObject({ code: 'no_data', en: expect.stringMatching(/No data/) });
    expect(r.notes[0]!.ja).toMatch(/データは保存されていません/);
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
            { ...bucket(T0 + H, {}, {}), gauges: { power_kw: { sum: 12, min: 4, max: 4, count: 3, neg_sum: 0 } } },
          ],
        },
      },
    });
    expect(r.totals.pv_kwh).toBeCloseTo(8 + 2, 12);
    expect(r.assets[0]!.energy_source).toBe('integrated');
  });
});

describe('DOMAIN definitions settled in the analytics round', () => {
  const T = Date.parse('2026-10-01T00:00:00+09:00');
  const hpPv = `      - { id: hp, type: heat_pump, name: { ja: HP, en: HP }, rated_power_kw: 100, rated_heat_kw: 300, expected_interval_s: 600 }
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 10, expected_interval_s: 600 }`;

  it('DOMAIN §6: without a grid meter, scope-2 = consumers − PV, floored at 0', () => {
    const { site: s, fuel } = site(hpPv);
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + H,
      assets: {
        hp: { buckets: [bucket(T, { energy_kwh: [0, 100], heat_kwh: [0, 300] }, { running: 1 })] },
        pv: { buckets: [bucket(T, { energy_kwh: [0, 30] })] },
      },
    });
    expect(r.totals.scope2_kwh).toBeCloseTo(70, 9);
    expect(r.totals.plant_electricity_kwh).toBeCloseTo(70, 9);
  });

  it('DOMAIN §6: a grid meter of the registry decides the method even when it sent nothing (a gap, not a switch)', () => {
    const { site: s, fuel } = site(`${hpPv}
      - { id: g, type: grid_meter, name: { ja: G, en: G }, expected_interval_s: 600 }`);
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + H,
      assets: { hp: { buckets: [bucket(T, { energy_kwh: [0, 100], heat_kwh: [0, 300] }, { running: 1 })] } },
    });
    expect(r.totals.scope2_kwh).toBe(0);
    expect(r.totals.grid_import_kwh).toBe(0);
    expect(r.assets.find((a) => a.asset === 'g')!.completeness).toBe(0);
  });

  it('DOMAIN §3: a defrost counter is used where the device has one; else the negative heat_kw samples', () => {
    const { site: s, fuel } = site(hpPv);
    const withCounter = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + H,
      assets: { hp: { buckets: [bucket(T, { heat_kwh: [0, 300], defrost_kwh: [10, 22] }, { heat_kw: -60 })] } },
    });
    expect(withCounter.totals.defrost_kwh).toBeCloseTo(12, 9);
    const fromSamples = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + H,
      assets: { hp: { buckets: [bucket(T, { heat_kwh: [0, 300] }, { heat_kw: -60 })] } },
    });
    // 6 samples of −60 kW, each standing for 10 minutes
    expect(fromSamples.totals.defrost_kwh).toBeCloseTo(60, 9);
  });

  it('DOMAIN §10: completeness counts expected intervals with a sample over the elapsed part only', () => {
    const { site: s, fuel } = site(hpPv);
    const D = 24 * H;
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + 30 * D,
      now_ms: T + 2 * H,
      assets: {
        hp: { buckets: [bucket(T, { heat_kwh: [0, 1] }), bucket(T + H, { heat_kwh: [1, 2] })] },
        pv: { buckets: [{ ...bucket(T, { energy_kwh: [0, 1] }), slots: 3, samples: 12 }] },
      },
    });
    expect(r.assets.find((a) => a.asset === 'hp')!.completeness).toBe(1);
    // 12 samples in 3 of the 12 ten-minute slots elapsed
    expect(r.assets.find((a) => a.asset === 'pv')!.completeness).toBeCloseTo(0.25, 12);
    expect(r.days[1]!.expected_samples).toBe(0);
  });

  it('DOMAIN §1: day rows add up to the period, with a counter step across midnight split linearly', () => {
    const { site: s, fuel } = site(hpPv);
    const D = 24 * H;
    const last = bucket(T + 23 * H, { heat_kwh: [100, 110] }); // 110 at 23:50
    const next = bucket(T + D, { heat_kwh: [130, 140] });
    const shifted: Bucket = {
      ...next,
      counters: { heat_kwh: { ...next.counters.heat_kwh!, first_ms: T + D + 5 * 60_000 } }, // 130 at 00:05
    };
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + 2 * D,
      assets: { hp: { buckets: [last, shifted] } },
    });
    // the 20 kWh from 23:50 to 00:05: 10 of its 15 minutes before midnight
    expect(r.days[0]!.heat_produced_kwh).toBeCloseTo(10 + (20 * 10) / 15, 9);
    expect(r.days[1]!.heat_produced_kwh).toBeCloseTo((20 * 5) / 15 + 10, 9);
    expect(r.days[0]!.heat_produced_kwh + r.days[1]!.heat_produced_kwh).toBeCloseTo(r.totals.heat_produced_kwh, 9);
  });
});

describe('the emergency generator in a period (DOMAIN §5, §7, §9)', () => {
  it('its electricity, diesel, CO2 and efficiency; no heat', () => {
    const T = Date.parse('2026-10-01T00:00:00+09:00');
    const { site: s, fuel } = site(
      `      - { id: g, type: generator, name: { ja: 発電機, en: Generator }, fuel: diesel, rated_kw: 100, efficiency: 0.33, expected_interval_s: 600 }`,
    );
    const r = computePeriod({
      site: s,
      fuel,
      from_ms: T,
      to_ms: T + H,
      assets: { g: { buckets: [bucket(T, { energy_kwh: [0, 80], fuel_total: [0, 20] }, { running: 1 })] } },
    });
    // 20 L of diesel: 20 × 37.7 MJ = 754 MJ = 209.44 kWh (HHV); 20 × 2.58 kg-CO2
    expect(r.totals.fuel_generation_kwh).toBeCloseTo(80, 9);
    expect(r.totals.heat_produced_kwh).toBe(0);
    expect(r.totals.fuel_by_type.diesel).toMatchObject({ amount: 20, unit: 'L' });
    expect(r.totals.co2_fuel_kg).toBeCloseTo(20 * 2.58, 9);
    const g = r.assets[0]!;
    expect(g.generated_kwh).toBeCloseTo(80, 9);
    expect(g.efficiency).toBeCloseTo(80 / ((20 * 37.7) / 3.6), 9);
    expect(g.heat_kwh).toBeNull();
  });
});
