import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_FUELS,
  FUEL_IDS,
  fuelCo2Kg,
  fuelEnergyGj,
  fuelEnergyKwh,
  fuelPowerKw,
  fuelSpec,
  isFuelId,
} from '../../src/calc/fuels.ts';
import type { FuelId } from '../../src/calc/fuels.ts';

describe('fuels', () => {
  it.each<[FuelId, string, number, number, boolean]>([
    ['city_gas', 'm3N', 45.0, 2.23, false],
    ['lpg', 'kg', 50.8, 3.0, false],
    ['kerosene', 'L', 36.7, 2.49, false],
    ['heavy_oil_a', 'L', 39.1, 2.71, false],
    ['diesel', 'L', 37.7, 2.58, false],
    ['gasoline', 'L', 34.6, 2.32, false],
    ['wood_chips', 'kg', 10.8, 0, true],
    ['wood_pellets', 'kg', 16.92, 0, true],
  ])('DOMAIN §5: %s in %s, HHV %d MJ/unit, CO2 %d kg/unit, biogenic %s', (id, unit, hhv, co2, biogenic) => {
    const spec = DEFAULT_FUELS[id];
    expect(spec.unit).toBe(unit);
    expect(spec.hhv_mj_per_unit).toBeCloseTo(hhv, 10);
    expect(spec.co2_kg_per_unit).toBe(co2);
    expect(spec.biogenic).toBe(biogenic);
  });

  it('DOMAIN §5: wood chips ≈ 3.0 kWh/kg and pellets ≈ 4.7 kWh/kg', () => {
    expect(fuelEnergyKwh(1, DEFAULT_FUELS.wood_chips)).toBeCloseTo(3.0, 10);
    expect(fuelEnergyKwh(1, DEFAULT_FUELS.wood_pellets)).toBeCloseTo(4.7, 10);
  });

  it('FUEL_IDS lists every fuel of the table', () => {
    expect([...FUEL_IDS].sort()).toEqual(Object.keys(DEFAULT_FUELS).sort());
    expect(isFuelId('kerosene')).toBe(true);
    expect(isFuelId('coal')).toBe(false);
  });

  it('energy, CO2 and power of city gas: 100 m³N → 1,250 kWh, 4.5 GJ, 223 kg; 100 m³N/h → 1,250 kW', () => {
    const gas = DEFAULT_FUELS.city_gas;
    expect(fuelEnergyKwh(100, gas)).toBeCloseTo(1250, 9);
    expect(fuelEnergyGj(100, gas)).toBeCloseTo(4.5, 12);
    expect(fuelCo2Kg(100, gas)).toBeCloseTo(223, 9);
    expect(fuelPowerKw(100, gas)).toBeCloseTo(1250, 9);
  });

  it('negative or non-finite amounts give no value', () => {
    const k = DEFAULT_FUELS.kerosene;
    expect(fuelEnergyKwh(-1, k)).toBeNull();
    expect(fuelEnergyGj(NaN, k)).toBeNull();
    expect(fuelCo2Kg(Infinity, k)).toBeNull();
    expect(fuelPowerKw(-5, k)).toBeNull();
  });

  it('site overrides replace defaults (utility-specific city gas)', () => {
    const spec = fuelSpec('city_gas', { hhv_mj_per_unit: 44.8 });
    expect(spec.hhv_mj_per_unit).toBe(44.8);
    expect(spec.co2_kg_per_unit).toBe(2.23);
    expect(fuelSpec('wood_chips', { hhv_mj_per_unit: 12 }).biogenic).toBe(true);
  });

  it('property: GJ and kWh agree (1 kWh = 0.0036 GJ)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FUEL_IDS), fc.double({ min: 0, max: 1e7, noNaN: true }), (id, amount) => {
        const spec = DEFAULT_FUELS[id];
        expect(fuelEnergyGj(amount, spec)!).toBeCloseTo(fuelEnergyKwh(amount, spec)! * 0.0036, 6);
      }),
    );
  });
});
