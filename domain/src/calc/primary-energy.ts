/** Plant efficiency on a primary-energy basis (DOMAIN §4, JHSBA definition, reference 002). */
import { fuelEnergyKwh } from './fuels.ts';
import type { FuelSpec } from './fuels.ts';
import { safeRatio } from './num.ts';

export const KWH_TO_GJ = 0.0036;
export const GJ_TO_KWH = 1 / KWH_TO_GJ;

/** National average primary-energy COP of district heating and cooling, FY2024 (002). */
export const NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024 = 0.984;

export interface PlantPrimaryCopInput {
  /** Heat delivered at the plant's output meter(s) (else Σ generators' heat), GJ. */
  heat_delivered_gj: number;
  /** Σ fuel energy, GJ, higher heating value. */
  fuel_energy_gj_hhv: number;
  electricity_kwh: number;
  /** MJ/kWh in force for the period (8.64 from FY2023). */
  primary_factor_mj_per_kwh: number;
}

/** Primary energy input in GJ: fuel GJ (HHV) + kWh × factor / 1000. */
export function primaryEnergyGj(
  fuel_energy_gj_hhv: number,
  electricity_kwh: number,
  factor_mj_per_kwh: number,
): number {
  return fuel_energy_gj_hhv + (electricity_kwh * factor_mj_per_kwh) / 1000;
}

/** COP_primary = heat delivered GJ / (Σ fuel GJ (HHV) + kWh × MJ/kWh / 1000); null when the denominator ≤ 0. */
export function plantPrimaryCop(input: PlantPrimaryCopInput): number | null {
  const values = [
    input.heat_delivered_gj,
    input.fuel_energy_gj_hhv,
    input.electricity_kwh,
    input.primary_factor_mj_per_kwh,
  ];
  if (!values.every(Number.isFinite)) return null;
  const denom = primaryEnergyGj(input.fuel_energy_gj_hhv, input.electricity_kwh, input.primary_factor_mj_per_kwh);
  return safeRatio(input.heat_delivered_gj, denom);
}

/** Boiler efficiency = heat_kWh / (fuel used × HHV); null when the fuel energy is not positive. */
export function boilerEfficiency(heat_kwh: number, fuel_amount: number, spec: FuelSpec): number | null {
  const fuel_kwh = fuelEnergyKwh(fuel_amount, spec);
  return fuel_kwh === null ? null : safeRatio(heat_kwh, fuel_kwh);
}
