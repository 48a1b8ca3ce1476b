import { describe, expect, it } from 'vitest';
import {
  HOURS_PER_YEAR,
  JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP,
  PV_GROUND_DENSITY_KW_PER_M2,
  ROOFTOP_USABLE_AREA_FRACTION,
  capacityFactor,
  hoursInPeriod,
  performanceRatio,
  pvCapacityKwFromArea,
  pvEnergyKwh,
  rooftopUsableAreaM2,
  specificYieldFromCapacityFactor,
  specificYieldKwhPerKwp,
} from '../../src/calc/pv.ts';

describe('PV', () => {
  it('DOMAIN §8 (004): capacity factor 15.1 % ↔ 1,323 kWh per kWp per year (8,760 h × 0.151)', () => {
    expect(Math.round(specificYieldFromCapacityFactor(0.151))).toBe(1323);
    expect(capacityFactor(1322.76, 1, HOURS_PER_YEAR)).toBeCloseTo(0.151, 12);
  });

  it('DOMAIN §8 (004): 27.6 MW → 36,508 MWh/yr', () => {
    const kwh = pvEnergyKwh(27_600, specificYieldFromCapacityFactor(0.151));
    expect(Math.round(kwh / 1000)).toBe(36_508);
  });

  it('DOMAIN §8 (003): 214.1 MW ↔ 288.1 GWh/yr (1,346 kWh/kWp)', () => {
    expect(Math.round(specificYieldKwhPerKwp(288.1e6, 214_100)!)).toBe(1346);
    expect(capacityFactor(288.1e6, 214_100, 8760)).toBeCloseTo(0.1536, 4);
  });

  it('DOMAIN §8: a Japanese site year lands near 1,100–1,400 kWh/kWp (both references do)', () => {
    for (const y of [1323, 1346]) {
      expect(y).toBeGreaterThanOrEqual(JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP.min);
      expect(y).toBeLessThanOrEqual(JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP.max);
    }
  });

  it('DOMAIN §8 (004): ground density 0.111 kW/m²; rooftop usable area ≈ 0.499 × roof area', () => {
    expect(PV_GROUND_DENSITY_KW_PER_M2).toBe(0.111);
    expect(ROOFTOP_USABLE_AREA_FRACTION).toBe(0.499);
    expect(rooftopUsableAreaM2(1000)).toBeCloseTo(499, 9);
    expect(pvCapacityKwFromArea(10_000)).toBeCloseTo(1110, 9);
  });

  it('DOMAIN §8: performance ratio = kWh / (kWp × irradiation kWh/m² / 1 kW/m²): 1,200 kWh, 1 kWp, 1,500 kWh/m² → 0.8', () => {
    expect(performanceRatio(1200, 1, 1500)).toBeCloseTo(0.8, 12);
    expect(performanceRatio(1200, 1, 0)).toBeNull();
  });

  it('no values for zero capacity or zero hours', () => {
    expect(specificYieldKwhPerKwp(100, 0)).toBeNull();
    expect(capacityFactor(100, 10, 0)).toBeNull();
  });

  it('hoursInPeriod: a year of 365 days is 8,760 h; reversed ranges give 0', () => {
    expect(hoursInPeriod(Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1))).toBe(8760);
    expect(hoursInPeriod(10, 5)).toBe(0);
  });
});
