import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  batteryReserveHours,
  batteryReserveKwh,
  daysForPopulation,
  equalTankLayers,
  fireReserveKept,
  fuelReserveHours,
  fuelReserveKwh,
  heatAutonomyHours,
  livingWaterM3,
  personDays,
  reserveStatus,
  storedHeatKwh,
  tankVolumeM3,
  usableWaterM3,
} from '../../src/calc/reserve.ts';
import { DEFAULT_FUELS } from '../../src/calc/fuels.ts';

describe('water reserve', () => {
  it('DOMAIN §9: V = area × level, or the measured volume', () => {
    expect(tankVolumeM3({ area_m2: 200, level_m: 10 })).toBe(2000);
    expect(tankVolumeM3({ volume_m3: 1500, area_m2: 200, level_m: 10 })).toBe(1500);
    expect(tankVolumeM3({ area_m2: 200 })).toBeNull();
  });

  it('DOMAIN §9: usable = max(0, V − dead); living = max(0, usable − fire reserve); 20 L/person/day', () => {
    const usable = usableWaterM3(2000, 100);
    expect(usable).toBe(1900);
    expect(usableWaterM3(50, 100)).toBe(0);
    expect(fireReserveKept(usable, 400)).toBe(true);
    expect(fireReserveKept(300, 400)).toBe(false);
    const living = livingWaterM3(usable, 400);
    expect(living).toBe(1500);
    expect(livingWaterM3(300, 400)).toBe(0);
    const pd = personDays(living);
    expect(pd).toBe(75_000); // 1,500,000 L / 20 L
    expect(personDays(living, 30)).toBe(50_000);
    expect(daysForPopulation(pd, 5000)).toBe(15);
    expect(daysForPopulation(pd, 0)).toBeNull();
  });
});

describe('stored heat', () => {
  it('DOMAIN §9: 100 m³ at 60 °C, useful down to 40 °C → ≈ 2,284 kWh (±0.5 %)', () => {
    const kwh = storedHeatKwh([{ volume_m3: 100, temp_c: 60 }], 40);
    expect(Math.abs(kwh - 2284) / 2284).toBeLessThan(0.005);
  });

  it('layers below the useful temperature count 0, not negative', () => {
    const layers = equalTankLayers(300, [60, 50, 30]);
    expect(layers).toHaveLength(3);
    const kwh = storedHeatKwh(layers, 40);
    expect(kwh).toBeCloseTo(
      storedHeatKwh([{ volume_m3: 100, temp_c: 60 }], 40) + storedHeatKwh([{ volume_m3: 100, temp_c: 50 }], 40),
      9,
    );
  });

  it('property: stored heat is never negative', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            volume_m3: fc.double({ min: -100, max: 5000, noNaN: false }),
            temp_c: fc.double({ min: -50, max: 300, noNaN: false }),
          }),
        ),
        fc.double({ min: -10, max: 150, noNaN: true }),
        (layers, min) => {
          const kwh = storedHeatKwh(layers, min);
          expect(Number.isFinite(kwh)).toBe(true);
          expect(kwh).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('fuel, battery and autonomy', () => {
  it('DOMAIN §9: fuel reserve: 10,000 L kerosene → 101,944 kWh; hours at the current, else the rated rate', () => {
    expect(fuelReserveKwh(10_000, DEFAULT_FUELS.kerosene)).toBeCloseTo((10_000 * 36.7) / 3.6, 6);
    expect(fuelReserveHours({ contents: 10_000, current_rate_per_h: 100, rated_rate_per_h: 250 })).toBe(100);
    expect(fuelReserveHours({ contents: 10_000, current_rate_per_h: 0, rated_rate_per_h: 250 })).toBe(40);
    expect(fuelReserveHours({ contents: 10_000 })).toBeNull();
  });

  it('DOMAIN §9: battery reserve: SoC 80 % × 500 kWh = 400 kWh → 8 h at 50 kW critical load', () => {
    const kwh = batteryReserveKwh(80, 500);
    expect(kwh).toBe(400);
    expect(batteryReserveHours(kwh, 50)).toBe(8);
    expect(batteryReserveHours(kwh, 0)).toBeNull();
    expect(batteryReserveKwh(120, 500)).toBe(500);
  });

  it('DOMAIN §9: autonomy = (stored + fuel × efficiency) / demand; no value when demand is 0', () => {
    expect(
      heatAutonomyHours({
        stored_heat_kwh: 2000,
        fuel_reserve_kwh: 10_000,
        boiler_efficiency: 0.9,
        heat_demand_kw: 500,
      }),
    ).toBe(22);
    expect(
      heatAutonomyHours({ stored_heat_kwh: 2000, fuel_reserve_kwh: 10_000, boiler_efficiency: 0.9, heat_demand_kw: 0 }),
    ).toBeNull();
  });
});

describe('site reserve status', () => {
  it.each([
    [{ stale: false, usable_water_m3: 1900, fire_reserve_m3: 400, autonomy_h: 48 }, 'ok', []],
    [{ stale: false, usable_water_m3: 300, fire_reserve_m3: 400, autonomy_h: 48 }, 'critical', ['below_fire_reserve']],
    [{ stale: false, autonomy_h: 5.9 }, 'critical', ['autonomy_below_critical']],
    [{ stale: false, autonomy_h: 6 }, 'warning', ['autonomy_below_warning']],
    [{ stale: false, autonomy_h: 23.9 }, 'warning', ['autonomy_below_warning']],
    [{ stale: false, autonomy_h: 24 }, 'ok', []],
    [{ stale: false, autonomy_h: null }, 'ok', []],
    [{ stale: false, autonomy_h: 10, critical_hours: 12, warning_hours: 48 }, 'critical', ['autonomy_below_critical']],
    [{ stale: true, usable_water_m3: 1900, fire_reserve_m3: 400, autonomy_h: 48 }, 'unknown', ['stale_data']],
    [{ stale: true, usable_water_m3: 300, fire_reserve_m3: 400 }, 'unknown', ['stale_data', 'below_fire_reserve']],
    [{ stale: false, usable_water_m3: null, fire_reserve_m3: 400 }, 'unknown', ['stale_data']],
  ])('DOMAIN §9: %j → %s %j', (input, status, reasons) => {
    expect(reserveStatus(input)).toEqual({ status, reasons });
  });

  it('property: stale data is never ok', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1e3, noNaN: true }), { nil: null }),
        (usable, fire, autonomy) => {
          const r = reserveStatus({
            stale: true,
            usable_water_m3: usable,
            fire_reserve_m3: fire,
            autonomy_h: autonomy,
          });
          expect(r.status).toBe('unknown');
          expect(r.reasons).toContain('stale_data');
        },
      ),
    );
  });
});
