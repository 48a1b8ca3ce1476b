import { describe, expect, it } from 'vitest';
import {
  KWH_TO_GJ,
  NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
  boilerEfficiency,
  plantPrimaryCop,
  primaryEnergyGj,
} from '../../src/calc/primary-energy.ts';
import { DEFAULT_FUELS } from '../../src/calc/fuels.ts';

describe('primary-energy COP', () => {
  it('DOMAIN §1: 1 kWh = 0.0036 GJ', () => {
    expect(KWH_TO_GJ).toBe(0.0036);
  });

  it('DOMAIN §4: national average DHC primary COP FY2024 is 0.984', () => {
    expect(NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024).toBe(0.984);
  });

  it('DOMAIN §4: COP_primary = heat GJ / (fuel GJ + kWh × 8.64 / 1000): 1,000 GJ / (500 GJ + 50,000 kWh) = 1.0684', () => {
    // 50,000 kWh × 8.64 MJ/kWh = 432 GJ → 1,000 / 932
    const cop = plantPrimaryCop({
      heat_delivered_gj: 1000,
      fuel_energy_gj_hhv: 500,
      electricity_kwh: 50_000,
      primary_factor_mj_per_kwh: 8.64,
    });
    expect(cop).toBeCloseTo(1000 / 932, 12);
    expect(primaryEnergyGj(500, 50_000, 8.64)).toBeCloseTo(932, 9);
  });

  it('no value when the denominator is 0', () => {
    expect(
      plantPrimaryCop({
        heat_delivered_gj: 10,
        fuel_energy_gj_hhv: 0,
        electricity_kwh: 0,
        primary_factor_mj_per_kwh: 8.64,
      }),
    ).toBeNull();
  });

  it('DOMAIN §4: boiler efficiency = heat kWh / (fuel × HHV): 100 m³N gas (1,250 kWh) → 1,125 kWh heat = 0.90', () => {
    expect(boilerEfficiency(1125, 100, DEFAULT_FUELS.city_gas)).toBeCloseTo(0.9, 12);
    expect(boilerEfficiency(10, 0, DEFAULT_FUELS.city_gas)).toBeNull();
  });
});
