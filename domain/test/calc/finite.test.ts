import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as calc from '../../src/calc/index.ts';

const anyDouble = fc.double(); // includes NaN, ±Infinity, ±0, subnormals, ±MAX_VALUE

function finiteOrNull(x: number | null): void {
  if (x !== null) expect(Number.isFinite(x)).toBe(true);
}

describe('no NaN or Infinity from any formula', () => {
  it('property: ratio and energy functions return a finite number or null for any double input', () => {
    const spec = calc.DEFAULT_FUELS.city_gas;
    fc.assert(
      fc.property(anyDouble, anyDouble, anyDouble, anyDouble, (a, b, c, d) => {
        finiteOrNull(calc.periodCop(a, b));
        finiteOrNull(calc.instantaneousCop({ heat_kw: a, power_kw: b, running: true, rated_power_kw: c }));
        finiteOrNull(calc.carnotCop(a, b));
        finiteOrNull(calc.carnotFraction(a, b, c));
        finiteOrNull(calc.fuelEnergyKwh(a, spec));
        finiteOrNull(calc.fuelEnergyGj(a, spec));
        finiteOrNull(calc.fuelCo2Kg(a, spec));
        finiteOrNull(calc.fuelPowerKw(a, spec));
        finiteOrNull(calc.boilerEfficiency(a, b, spec));
        finiteOrNull(
          calc.plantPrimaryCop({
            heat_delivered_gj: a,
            fuel_energy_gj_hhv: b,
            electricity_kwh: c,
            primary_factor_mj_per_kwh: d,
          }),
        );
        finiteOrNull(calc.heatCo2IntensityKgPerGj(a, b));
        finiteOrNull(calc.specificYieldKwhPerKwp(a, b));
        finiteOrNull(calc.capacityFactor(a, b, c));
        finiteOrNull(calc.performanceRatio(a, b, c));
        finiteOrNull(calc.completeness(a, b));
        finiteOrNull(calc.personDays(a, b));
        finiteOrNull(calc.daysForPopulation(a, b));
        finiteOrNull(calc.batteryReserveKwh(a, b));
        finiteOrNull(calc.batteryReserveHours(a, b));
        finiteOrNull(calc.fuelReserveHours({ contents: a, current_rate_per_h: b, rated_rate_per_h: c }));
        finiteOrNull(
          calc.heatAutonomyHours({ stored_heat_kwh: a, fuel_reserve_kwh: b, boiler_efficiency: c, heat_demand_kw: d }),
        );
        finiteOrNull(calc.heatFromFlow({ flow_m3h: a, supply_temp_c: b, return_temp_c: c }).heat_kw);
        finiteOrNull(calc.waterDensityKgM3(a));
        finiteOrNull(calc.heatFactorKwPerM3hK(a));
        finiteOrNull(calc.renewableHeatShare({ total_heat_kwh: a, biogenic_heat_kwh: b, heat_pumps: [] }));
      }),
    );
  });
});
