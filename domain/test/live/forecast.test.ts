/** DOMAIN §9 "Time to threshold" of a site: water, heat, fuel and electricity from the last hour of samples. */
import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/registry/index.ts';
import { deriveSample } from '../../src/contract/derive.ts';
import type { StatePayload } from '../../src/contract/state.ts';
import {
  reserveSampleOf,
  reserveTrendFields,
  siteLive,
  type AssetEntry,
  type ReserveSample,
} from '../../src/live/index.ts';

const registry = new RegistryIndex(
  parseRegistry(
    `version: 1
sites:
  - id: s
    name: { ja: s, en: s }
    location: { lat: 35, lon: 139 }
    population_served: 1200
    reserve: { warning_hours: 24, critical_hours: 6, living_water_l_per_person_day: 20, critical_load_kw: 50 }
    assets:
      - { id: tank, type: storage_tank, name: { ja: t, en: t }, area_m2: 100, height_m: 10, dead_volume_m3: 0, fire_reserve_m3: 400, min_useful_temp_c: 40, expected_interval_s: 60 }
      - { id: boiler, type: boiler, name: { ja: b, en: b }, fuel: kerosene, rated_heat_kw: 300, efficiency: 0.9, expected_interval_s: 60 }
      - { id: oil, type: fuel_tank, name: { ja: o, en: o }, fuel: kerosene, capacity_l: 10000, expected_interval_s: 60 }
      - { id: battery, type: battery, name: { ja: bt, en: bt }, capacity_kwh: 200, rated_power_kw: 50, expected_interval_s: 60 }
      - { id: hm, type: heat_meter, name: { ja: m, en: m }, expected_interval_s: 60 }
  - id: bare
    name: { ja: b, en: b }
    location: { lat: 35, lon: 139 }
    population_served: 10
    assets:
      - { id: pv, type: pv, name: { ja: p, en: p }, kwp: 10 }
`,
    'test',
  ),
);
const site = registry.site('s')!;
const NOW = Date.UTC(2026, 11, 3, 4, 0); // 3 Dec 13:00 Tokyo
const MIN = 60_000;
const HOUR = 3_600_000;

function state(asset: string, values: Record<string, number | boolean>, ts: number): StatePayload {
  const ref = registry.asset(site.id, asset)!;
  const d = deriveSample({ site: ref.site, asset: ref.asset, fuel: (f) => registry.fuel(f) }, ts, values);
  return { ts, received_ms: ts, type: ref.asset.type, values, derived: d.derived, rejected: {}, faults: d.faults };
}

type Values = (minutesAgo: number) => Record<string, number | boolean>;

/** An hour of samples every `step` minutes for each asset, the last one at NOW; the latest is the live state. */
function run(assets: Record<string, Values>, opts: { step?: number; span?: number; now?: number } = {}) {
  const step = opts.step ?? 5;
  const span = opts.span ?? 60;
  const entries: Record<string, AssetEntry> = {};
  const history: Record<string, ReserveSample[]> = {};
  for (const [id, f] of Object.entries(assets)) {
    const ref = registry.asset(site.id, id)!;
    history[id] = [];
    for (let m = span; m >= 0; m -= step) {
      const s = state(id, f(m), NOW - m * MIN);
      const sample = reserveSampleOf(ref.asset, s);
      if (sample) history[id].push(sample);
      entries[id] = { state: s };
    }
  }
  return siteLive({
    site,
    now_ms: opts.now ?? NOW + 1000,
    entry: (a) => entries[a],
    fuel: (f) => registry.fuel(f),
    reserveHistory: (a) => history[a] ?? [],
  }).reserve;
}

const HOT = { temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 };
/** Tank level falling 0.5 m/h (50 m³/h) from 9.5 m an hour ago to 9 m now: 900 m³ usable. */
const fallingTank: Values = (m) => ({ level_m: 9 + (0.5 * m) / 60, ...HOT });
const steadyAll: Record<string, Values> = {
  tank: () => ({ level_m: 9, ...HOT }),
  boiler: () => ({ fuel_rate: 0, heat_kw: 0, running: false }),
  oil: () => ({ volume_l: 5000 }),
  battery: () => ({ soc_pct: 80 }),
  hm: () => ({ heat_kw: 200 }),
};

describe('time to threshold of a site (DOMAIN §9)', () => {
  it('water falling 50 m³/h from 900 m³: warning, fire reserve (critical) and empty at hand-computed times', () => {
    const r = run({ ...steadyAll, tank: fallingTank });
    const w = r.forecast.water!;
    expect(w.trend).toBe('falling');
    expect(w.value).toBeCloseTo(900, 9);
    expect(w.slope_per_h).toBeCloseTo(-50, 6);
    expect(w.points).toBe(12); // the sample of exactly an hour before now + 1 s falls outside the window
    // warning: 400 m³ fire reserve + 1,200 people × 20 L × 24 h = 24 m³ → 424 m³, reached in (900 − 424) / 50 h
    expect(w.warning!.value).toBeCloseTo(424, 9);
    expect(w.warning!.at).toBe(NOW + Math.round(((900 - 424) / 50) * HOUR));
    // critical: the fire reserve, 400 m³ → 10 h → 23:00 Tokyo
    expect(w.critical!.value).toBe(400);
    expect(w.critical!.at).toBe(NOW + 10 * HOUR);
    expect(w.zero.at).toBe(NOW + 18 * HOUR);
    expect(w.measured_at).toBe(NOW);
  });

  it('steady or rising: no time; the levels still stand', () => {
    const r = run(steadyAll);
    for (const q of ['water', 'heat', 'fuel', 'electricity'] as const) {
      const f = r.forecast[q]!;
      expect(f.trend, q).toBe('steady');
      expect(f.zero.at, q).toBeNull();
      expect(f.critical?.at ?? null, q).toBeNull();
    }
    const rising = run({ ...steadyAll, battery: (m) => ({ soc_pct: 80 - m / 6 }) });
    expect(rising.forecast.electricity!.trend).toBe('rising');
    expect(rising.forecast.electricity!.zero.at).toBeNull();
  });

  it('heat: stored heat + fuel × boiler efficiency; levels at warning/critical hours × current demand', () => {
    // oil falling 60 L/h while the boiler burns 60 L/h; stored heat steady
    const r = run({
      ...steadyAll,
      boiler: () => ({ fuel_rate: 60, heat_kw: 200, running: true }),
      oil: (m) => ({ volume_l: 5000 + m }),
    });
    const h = r.forecast.heat!;
    const kwhPerL = 36.7 / 3.6;
    expect(h.draw_kw).toBe(200);
    expect(h.warning!.value).toBe(24 * 200);
    expect(h.critical!.value).toBe(6 * 200);
    expect(h.slope_per_h).toBeCloseTo(-60 * kwhPerL * 0.9, 6);
    expect(h.value).toBeCloseTo(r.stored_heat_kwh.value! + 5000 * kwhPerL * 0.9, 6);
    expect(h.zero.at).toBe(NOW + Math.round((h.value! / (60 * kwhPerL * 0.9)) * HOUR));
    // fuel: 5,000 L at the current 60 L/h; its levels are hours × the burn in kWh/h
    const f = r.forecast.fuel!;
    expect(r.fuels[0]!.rate_basis).toBe('current');
    expect(r.fuels[0]!.rate_per_h).toBe(60);
    expect(f.draw_kw).toBeCloseTo(60 * kwhPerL, 6);
    expect(f.critical!.value).toBeCloseTo(6 * 60 * kwhPerL, 6);
    expect(f.critical!.at).toBe(NOW + Math.round(((5000 - 360) / 60) * HOUR));
    expect(f.zero.at).toBe(NOW + Math.round((5000 / 60) * HOUR));
  });

  it('fuel hours at the rated rate while the boiler is idle', () => {
    const r = run(steadyAll);
    expect(r.fuels[0]!.rate_basis).toBe('rated');
    expect(r.fuels[0]!.rate_per_h).toBeGreaterThan(0);
  });

  it('electricity: battery kWh at the critical load', () => {
    // 100 % → 90 % over the hour: 200 kWh × 10 % = 20 kWh/h; now 180 kWh → empty in 9 h
    const r = run({ ...steadyAll, battery: (m) => ({ soc_pct: 90 + m / 6 }) });
    const e = r.forecast.electricity!;
    expect(e.value).toBeCloseTo(180, 9);
    expect(e.draw_kw).toBe(50);
    expect(e.slope_per_h).toBeCloseTo(-20, 6);
    // 180 kWh is under both 24 h × 50 kW and 6 h × 50 kW already: reached, no time
    expect(e.warning).toEqual({ value: 1200, reached: true, at: null });
    expect(e.critical).toEqual({ value: 300, reached: true, at: null });
    expect(e.zero).toEqual({ value: 0, reached: false, at: NOW + 9 * HOUR });
  });

  it('too few points (a restart without history) → unknown, no time', () => {
    const r = run({ ...steadyAll, tank: fallingTank }, { span: 5, step: 5 });
    expect(r.forecast.water!.trend).toBe('unknown');
    expect(r.forecast.water!.unknown_reason).toBe('too_few_points');
    expect(r.forecast.water!.critical!.at).toBeNull();
    expect(r.forecast.water!.value).toBeCloseTo(900, 9);
  });

  it('stale data → unknown (never a time from old figures)', () => {
    // everything was measured at NOW; an hour later with a 60 s interval it is stale
    const r = run({ ...steadyAll, tank: fallingTank }, { now: NOW + HOUR });
    expect(r.forecast.water!.trend).toBe('unknown');
    expect(r.forecast.water!.unknown_reason).toBe('stale_data');
  });

  it('a quantity the site does not hold is null (none installed); one never measured is unknown', () => {
    const bare = siteLive({
      site: registry.site('bare')!,
      now_ms: NOW,
      entry: () => undefined,
      fuel: (f) => registry.fuel(f),
    }).reserve;
    expect(bare.forecast).toEqual({ water: null, heat: null, fuel: null, electricity: null });
    const never = siteLive({ site, now_ms: NOW, entry: () => undefined, fuel: (f) => registry.fuel(f) }).reserve;
    expect(never.forecast.water!.trend).toBe('unknown');
    expect(never.forecast.water!.unknown_reason).toBe('not_measured');
    expect(never.forecast.water!.value).toBeNull();
  });

  it('the fields a reserve trend follows', () => {
    const a = (id: string) => registry.asset(site.id, id)!.asset;
    expect(reserveTrendFields(a('tank'))).toEqual(['usable_water_m3', 'stored_heat_kwh']);
    expect(reserveTrendFields(a('oil'))).toEqual(['fuel_energy_kwh']);
    expect(reserveTrendFields(a('battery'))).toEqual(['stored_kwh']);
    expect(reserveTrendFields(a('boiler'))).toEqual([]);
  });
});
