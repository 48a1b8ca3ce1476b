import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/registry/index.ts';
import { deriveSample } from '../../src/contract/derive.ts';
import type { StatePayload } from '../../src/contract/state.ts';
import {
  siteLive,
  SampleRing,
  stuckMetrics,
  liveSampleOf,
  type AssetEntry,
  type LiveSample,
} from '../../src/live/index.ts';
import { siteConditions } from '../../src/alarms/index.ts';

const registry = new RegistryIndex(
  parseRegistry(
    `version: 1
sites:
  - id: s
    name: { ja: s, en: s }
    location: { lat: 35, lon: 139 }
    population_served: 1000
    primary_energy_factors: [{ from_date: '2000-01-01', value: 8.64 }]
    grid_emission_factors: [{ from_date: '2000-01-01', value: 0.5 }]
    assets:
      - { id: hp, type: heat_pump, name: { ja: h, en: h }, rated_power_kw: 100, rated_heat_kw: 400, min_cop: 2 }
      - { id: boiler, type: boiler, name: { ja: b, en: b }, fuel: city_gas, rated_heat_kw: 400, efficiency: 0.9 }
      - { id: tank, type: storage_tank, name: { ja: t, en: t }, area_m2: 10, height_m: 10, dead_volume_m3: 0, fire_reserve_m3: 50, min_useful_temp_c: 40 }
`,
    'test',
  ),
);
const site = registry.site('s')!;
const NOW = Date.UTC(2026, 0, 1, 12);

function state(asset: string, values: Record<string, number | boolean>, ts = NOW): StatePayload {
  const ref = registry.asset('s', asset)!;
  const d = deriveSample({ site, asset: ref.asset, fuel: (f) => registry.fuel(f) }, ts, values);
  return { ts, received_ms: ts, type: ref.asset.type, values, derived: d.derived, rejected: {}, faults: d.faults };
}

describe('siteLive', () => {
  it('without a heat meter, heat delivered = Σ generators; no grid meter: scope 2 = heat-pump power', () => {
    const entries: Record<string, AssetEntry> = {
      hp: { state: state('hp', { power_kw: 50, heat_kw: 200, running: true }) },
      boiler: { state: state('boiler', { fuel_rate: 10, heat_kw: 100 }) },
    };
    const live = siteLive({ site, now_ms: NOW + 1000, entry: (a) => entries[a], fuel: (f) => registry.fuel(f) });
    expect(live.kpis.heat_delivered_kw.value).toBe(300);
    expect(live.kpis.scope2_kw.value).toBe(50);
    expect(live.kpis.co2_kg_h.value).toBeCloseTo(10 * 2.23 + 50 * 0.5, 9);
    expect(live.kpis.cop_by_asset.hp?.value).toBe(4);
    // the tank has no data: its figures are stale and the reserve unknown
    expect(live.reserve.status).toBe('unknown');
    expect(live.reserve.stale_assets).toEqual(['tank']);
  });

  it('primary-energy COP over the last hour from live samples', () => {
    // one hour: heat 300 kW, gas 10 m³N/h = 125 kW (HHV), heat pump 50 kW electricity
    const rings: Record<string, SampleRing<LiveSample>> = {
      hp: new SampleRing(3_700_000),
      boiler: new SampleRing(3_700_000),
    };
    for (let t = NOW - 3_600_000; t <= NOW; t += 10_000) {
      rings.hp!.push(
        liveSampleOf(
          site.assets.find((a) => a.id === 'hp')!,
          state('hp', { power_kw: 50, heat_kw: 200, running: true }, t),
        ),
      );
      rings.boiler!.push(
        liveSampleOf(
          site.assets.find((a) => a.id === 'boiler')!,
          state('boiler', { fuel_rate: 10, heat_kw: 100 }, t),
        ),
      );
    }
    const entries: Record<string, AssetEntry> = {
      hp: { state: state('hp', { power_kw: 50, heat_kw: 200, running: true }) },
      boiler: { state: state('boiler', { fuel_rate: 10, heat_kw: 100 }) },
    };
    const live = siteLive({
      site,
      now_ms: NOW,
      entry: (a) => entries[a],
      fuel: (f) => registry.fuel(f),
      history: (a) => rings[a]?.toArray() ?? [],
    });
    // heat 300 kWh = 1.08 GJ; fuel 125 kWh = 0.45 GJ; electricity 50 kWh × 8.64 MJ = 0.432 GJ → 1.08 / 0.882
    expect(live.kpis.primary_cop_1h.value).toBeCloseTo(1.08 / 0.882, 3);
  });

  it('built-in fire-reserve and COP conditions', () => {
    const entries: Record<string, AssetEntry> = {
      hp: { state: state('hp', { power_kw: 50, heat_kw: 80, running: true }) },
      tank: { state: state('tank', { level_m: 4, temp_top_c: 60 }) },
    };
    const live = siteLive({ site, now_ms: NOW, entry: (a) => entries[a], fuel: (f) => registry.fuel(f) });
    const c = siteConditions(live);
    expect(c.find((x) => x.rule === 'fire_reserve')).toMatchObject({
      verdict: 'raise',
      severity: 'critical',
      value: 40,
    });
    expect(c.find((x) => x.rule === 'cop_low')).toMatchObject({ verdict: 'raise', value: 1.6 });
    expect(c.find((x) => x.rule === 'stale' && x.asset === 'boiler')?.verdict).toBe('unknown');
  });
});

describe('the stale rule after the evaluator starts', () => {
  // data from before a restart: 10 min old, interval 10 s → stale period 30 s
  const entries: Record<string, AssetEntry> = {
    hp: { state: state('hp', { power_kw: 50, heat_kw: 200, running: true }, NOW - 600_000), status: 'online' },
  };
  const staleVerdict = (now: number, watching_since_ms?: number) =>
    siteConditions(
      siteLive({ site, now_ms: now, entry: (a) => entries[a], fuel: (f) => registry.fuel(f) }),
      undefined,
      watching_since_ms === undefined ? {} : { watching_since_ms },
    ).find((x) => x.rule === 'stale' && x.asset === 'hp')!;

  it('says unknown, not raise, during the first stale period of watching', () => {
    expect(staleVerdict(NOW, NOW).verdict).toBe('unknown');
    expect(staleVerdict(NOW + 29_999, NOW).verdict).toBe('unknown');
  });

  it('raises after one stale period, with the time the data turned stale', () => {
    expect(staleVerdict(NOW + 30_000, NOW)).toMatchObject({ verdict: 'raise', observed_at: NOW - 600_000 + 30_000 });
    expect(staleVerdict(NOW).verdict).toBe('raise'); // watching for ever (no start given)
  });
});

describe('stuckMetrics and SampleRing', () => {
  it('finds a temperature that does not move for N samples', () => {
    const samples = Array.from({ length: 5 }, (_, i) => ({
      values: { supply_temp_c: 60, return_temp_c: 40 + i, running: true },
    }));
    expect(stuckMetrics(samples, 5)).toEqual(['supply_temp_c']);
    expect(stuckMetrics(samples, 6)).toEqual([]);
  });
  it('keeps order and a time window', () => {
    const r = new SampleRing<{ ts: number }>(110, 10);
    for (const ts of [0, 50, 20, 150, 160]) r.push({ ts });
    expect(r.toArray().map((x) => x.ts)).toEqual([50, 150, 160]);
  });
});
