import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deriveSample, parseRegistry, RegistryIndex, type DeriveContext } from '../../src/index.ts';

const registry = new RegistryIndex(
  parseRegistry(
    readFileSync(fileURLToPath(new URL('../../../config/sites.yaml', import.meta.url)), 'utf8'),
    'sites.yaml',
  ),
);
const ctx = (site: string, asset: string): DeriveContext => {
  const ref = registry.asset(site, asset)!;
  return { site: ref.site, asset: ref.asset, fuel: (id) => registry.fuel(id) };
};
const TS = Date.UTC(2026, 10, 1);

describe('per-sample derived values (ingest stores them beside the metrics)', () => {
  it('heat meter: heat from flow and ΔT (DOMAIN §2, 10 m³/h at 65/55 °C ≈ 114.3 kW)', () => {
    const r = deriveSample(ctx('minato-dhc', 'hm-out'), TS, { flow_m3h: 10, supply_temp_c: 65, return_temp_c: 55 });
    expect(r.derived.heat_kw).toBeCloseTo(114.3, 0);
    expect(r.faults).toEqual([]);
  });

  it('heat meter: negative ΔT is a fault, not negative heat', () => {
    const r = deriveSample(ctx('minato-dhc', 'hm-out'), TS, { flow_m3h: 10, supply_temp_c: 50, return_temp_c: 55 });
    expect(r.derived.heat_kw).toBeUndefined();
    expect(r.faults).toEqual(['negative_delta_t']);
  });

  it('heat pump: instantaneous COP only while running above 5 % of rated power', () => {
    const hp = ctx('minato-dhc', 'hp-1'); // 600 kW rated electric
    expect(deriveSample(hp, TS, { heat_kw: 1000, power_kw: 250, running: true }).derived.cop).toBe(4);
    expect(deriveSample(hp, TS, { heat_kw: 50, power_kw: 20, running: true }).derived.cop).toBeUndefined();
    const off = deriveSample(hp, TS, { heat_kw: 40, power_kw: 0, running: false });
    expect(off.derived.cop).toBeUndefined();
    expect(off.faults).toContain('heat_while_off');
  });

  it('boiler: fuel power, CO2 rate and efficiency from the registry fuel (city gas 45 MJ/m³N, 2.23 kg/m³N)', () => {
    const r = deriveSample(ctx('minato-dhc', 'boiler-gas'), TS, { fuel_rate: 100, heat_kw: 1150 });
    expect(r.derived.fuel_power_kw).toBeCloseTo(1250, 6); // 100 m³N/h × 45 MJ / 3.6
    expect(r.derived.co2_kg_h).toBeCloseTo(223, 6);
    expect(r.derived.thermal_efficiency).toBeCloseTo(0.92, 6);
  });

  it('grid meter: scope-2 CO2 rate with the factor in force on the date', () => {
    const r = deriveSample(ctx('minato-dhc', 'grid'), Date.UTC(2019, 0, 10), { import_kw: 1000 });
    expect(r.derived.grid_factor_kg_kwh).toBe(0.455);
    expect(r.derived.co2_kg_h).toBeCloseTo(455, 6);
  });

  it('storage tank: water reserve, fire reserve, person-days and stored heat (DOMAIN §9)', () => {
    // minato tank-1: 200 m², dead 100 m³, fire reserve 400 m³, useful down to 45 °C, 20 L/person/day, 12,000 people
    const r = deriveSample(ctx('minato-dhc', 'tank-1'), TS, {
      level_m: 10,
      temp_top_c: 85,
      temp_mid_c: 65,
      temp_bottom_c: 45,
    });
    expect(r.derived.volume_m3).toBe(2000);
    expect(r.derived.usable_water_m3).toBe(1900);
    expect(r.derived.living_water_m3).toBe(1500);
    expect(r.derived.fire_reserve_kept).toBe(true);
    expect(r.derived.person_days).toBe(75_000);
    expect(r.derived.days_for_population).toBeCloseTo(6.25, 9);
    // ≈ ρ c_p V ΔT / 3600 for two thirds at 40 K and 20 K above 45 °C
    expect(r.derived.stored_heat_kwh).toBeGreaterThan(44_000);
    expect(r.derived.stored_heat_kwh).toBeLessThan(47_000);
    const low = deriveSample(ctx('minato-dhc', 'tank-1'), TS, { level_m: 2 });
    expect(low.derived.fire_reserve_kept).toBe(false);
    expect(low.derived.living_water_m3).toBe(0);
  });

  it('fuel tank and battery reserves', () => {
    const f = deriveSample(ctx('nasu-cityhall', 'kerosene-tank'), TS, { volume_l: 5000 });
    expect(f.derived.fuel_energy_kwh).toBeCloseTo((5000 * 36.7) / 3.6, 6);
    expect(f.derived.fill_pct).toBe(50);
    const b = deriveSample(ctx('nasu-cityhall', 'battery'), TS, { soc_pct: 80 });
    expect(b.derived.stored_kwh).toBe(200);
    expect(b.derived.reserve_hours).toBe(5); // 200 kWh / 40 kW critical load
  });
});
