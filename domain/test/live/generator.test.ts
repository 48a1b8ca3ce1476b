/** The emergency generator in the live reserve (DOMAIN §9): electricity autonomy, fuel tanks that supply it. */
import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/registry/index.ts';
import { deriveSample } from '../../src/contract/derive.ts';
import type { StatePayload } from '../../src/contract/state.ts';
import { siteLive, type AssetEntry } from '../../src/live/index.ts';

const yaml = (supplies = '') => `version: 1
sites:
  - id: s
    name: { ja: s, en: s }
    location: { lat: 35, lon: 139 }
    population_served: 100
    reserve: { critical_load_kw: 60 }
    assets:
      - { id: battery, type: battery, name: { ja: b, en: b }, capacity_kwh: 120, rated_power_kw: 50 }
      - { id: genset, type: generator, name: { ja: g, en: g }, fuel: diesel, rated_kw: 100, efficiency: 0.33 }
      - { id: diesel, type: fuel_tank, name: { ja: d, en: d }, fuel: diesel, capacity_l: 2000${supplies} }
      - { id: boiler, type: boiler, name: { ja: k, en: k }, fuel: kerosene, rated_heat_kw: 100, efficiency: 0.9 }
      - { id: kerosene, type: fuel_tank, name: { ja: k, en: k }, fuel: kerosene, capacity_l: 1000 }
      - { id: hm, type: heat_meter, name: { ja: m, en: m } }
`;
const NOW = Date.UTC(2026, 0, 1, 12);

function live(text: string, values: Record<string, Record<string, number | boolean>>) {
  const registry = new RegistryIndex(parseRegistry(text, 't.yaml'));
  const site = registry.site('s')!;
  const state = (asset: string): StatePayload => {
    const ref = registry.asset('s', asset)!;
    const v = values[asset]!;
    const d = deriveSample({ site, asset: ref.asset, fuel: (f) => registry.fuel(f) }, NOW, v);
    return { ts: NOW, received_ms: NOW, type: ref.asset.type, values: v, derived: d.derived, rejected: {}, faults: [] };
  };
  const entries: Record<string, AssetEntry> = Object.fromEntries(
    Object.keys(values).map((a) => [a, { state: state(a) }]),
  );
  return siteLive({ site, now_ms: NOW + 1000, entry: (a) => entries[a], fuel: (f) => registry.fuel(f) }).reserve;
}

describe('DOMAIN §9: emergency generator', () => {
  const values = {
    battery: { soc_pct: 50 },
    genset: { power_kw: 0, running: false },
    diesel: { volume_l: 1000 },
    boiler: { heat_kw: 50, fuel_rate: 5 },
    kerosene: { volume_l: 500 },
    hm: { heat_kw: 50 },
  };

  it('electricity autonomy = (battery kWh + generator fuel kWh × efficiency) / critical load', () => {
    const r = live(yaml(), values);
    const dieselKwh = (1000 * 37.7) / 3.6; // HHV 37.7 MJ/L
    expect(r.battery_kwh.value).toBeCloseTo(60, 9);
    expect(r.generator_fuel_kwh.value).toBeCloseTo(dieselKwh, 6);
    expect(r.electricity_autonomy_h.value).toBeCloseTo((60 + dieselKwh * 0.33) / 60, 6);
    expect(r.battery_hours.value).toBeCloseTo(1, 9);
    expect(r.installed).toEqual({ water: false, fuel: true, battery: true, generator: true });
  });

  it('a tank feeds what burns its fuel (or what `supplies` names), at the current or else rated rate, counted once', () => {
    const r = live(yaml(), values);
    const diesel = r.fuels.find((f) => f.asset === 'diesel')!;
    const kerosene = r.fuels.find((f) => f.asset === 'kerosene')!;
    expect(diesel.supplies).toEqual(['genset']);
    expect(kerosene.supplies).toEqual(['boiler']);
    // the generator stands: its rated rate 100 kW / 0.33 / 10.472 kWh/L = 28.94 L/h
    expect(diesel.hours.value).toBeCloseTo(1000 / (100 / 0.33 / (37.7 / 3.6)), 6);
    expect(diesel.heat_efficiency).toBeNull();
    expect(diesel.electric_efficiency).toBe(0.33);
    // the boiler burns 5 L/h now
    expect(kerosene.hours.value).toBeCloseTo(100, 9);
    // heat autonomy counts the kerosene through the boiler, not the diesel (no heat from the generator)
    const keroseneKwh = (500 * 36.7) / 3.6;
    expect(r.heat_autonomy_h.value).toBeCloseTo((keroseneKwh * 0.9) / 50, 6);
  });

  it('the registry refuses a `supplies` entry that does not burn the tank fuel', () => {
    expect(() => parseRegistry(yaml(', supplies: [boiler]'), 't.yaml')).toThrow(
      /supplies\/0.*"boiler" does not burn diesel/,
    );
    expect(() => parseRegistry(yaml(', supplies: [nothing]'), 't.yaml')).toThrow(/no asset "nothing"/);
    expect(live(yaml(', supplies: [genset]'), values).fuels[0]!.supplies).toEqual(['genset']);
  });
});
