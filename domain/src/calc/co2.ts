/** CO2 (DOMAIN §7). Grid factors in kg-CO2/kWh, fuel factors in kg-CO2 per fuel unit. */
import { fuelCo2Kg } from './fuels.ts';
import type { FuelSpec } from './fuels.ts';
import { KWH_TO_GJ } from './primary-energy.ts';
import { safeRatio } from './num.ts';

function finiteOr0(x: number | null | undefined): number {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : 0;
}

export interface Co2RateInput {
  /** Current fuel rates, in each fuel's unit per hour. */
  fuels: readonly { fuel_rate_per_h: number; spec: FuelSpec }[];
  /** Scope-2 electric power (see scope2Kw). */
  scope2_kw: number;
  grid_factor_kg_per_kwh: number;
}

/** Live CO2 rate kg/h = Σ fuel_rate × fuel factor + scope-2 kW × grid factor. Invalid parts count as 0. */
export function co2RateKgPerH(input: Co2RateInput): number {
  let kg_h = 0;
  for (const f of input.fuels) kg_h += finiteOr0(fuelCo2Kg(f.fuel_rate_per_h, f.spec));
  return kg_h + Math.max(0, finiteOr0(input.scope2_kw)) * finiteOr0(input.grid_factor_kg_per_kwh);
}

export interface PeriodCo2Input {
  /** Fuel used in the period, in each fuel's unit. */
  fuels: readonly { amount: number; spec: FuelSpec }[];
  scope2_kwh: number;
  grid_factor_kg_per_kwh: number;
}

export interface PeriodCo2 {
  fuel_co2_kg: number;
  electricity_co2_kg: number;
  total_co2_kg: number;
}

/** Period CO2 = Σ fuel used × factor + scope-2 kWh × grid factor, with its two parts. Invalid parts count as 0. */
export function periodCo2(input: PeriodCo2Input): PeriodCo2 {
  let fuel = 0;
  for (const f of input.fuels) fuel += finiteOr0(fuelCo2Kg(f.amount, f.spec));
  const electricity = Math.max(0, finiteOr0(input.scope2_kwh)) * finiteOr0(input.grid_factor_kg_per_kwh);
  return { fuel_co2_kg: fuel, electricity_co2_kg: electricity, total_co2_kg: fuel + electricity };
}

/** Period CO2 in kg (total of periodCo2). */
export function periodCo2Kg(input: PeriodCo2Input): number {
  return periodCo2(input).total_co2_kg;
}

/** CO2 avoided by PV in kg = PV kWh × grid factor. Reported separately, never subtracted from emissions. */
export function pvAvoidedCo2Kg(pv_kwh: number, grid_factor_kg_per_kwh: number): number {
  return Math.max(0, finiteOr0(pv_kwh)) * finiteOr0(grid_factor_kg_per_kwh);
}

/** Heat CO2 intensity kg-CO2/GJ = period CO2 / heat delivered GJ; null when heat ≤ 0. */
export function heatCo2IntensityKgPerGj(co2_kg: number, heat_delivered_gj: number): number | null {
  return safeRatio(co2_kg, heat_delivered_gj);
}

/** Same, with heat given in kWh. */
export function heatCo2IntensityKgPerGjFromKwh(co2_kg: number, heat_delivered_kwh: number): number | null {
  return heatCo2IntensityKgPerGj(co2_kg, heat_delivered_kwh * KWH_TO_GJ);
}

export interface RenewableHeatShareInput {
  /** All heat in the period (delivered, or Σ generators), kWh. */
  total_heat_kwh: number;
  /** Heat produced from biogenic fuels (wood chips, pellets), kWh. */
  biogenic_heat_kwh: number;
  /** Heat pumps' heat and electricity in the period; their ambient part is max(0, heat − electricity). */
  heat_pumps: readonly { heat_kwh: number; electricity_kwh: number }[];
}

/** Renewable heat in kWh: biogenic fuel heat + Σ heat pumps' ambient part. */
export function renewableHeatKwh(input: Omit<RenewableHeatShareInput, 'total_heat_kwh'>): number {
  let kwh = Math.max(0, finiteOr0(input.biogenic_heat_kwh));
  for (const hp of input.heat_pumps) kwh += Math.max(0, finiteOr0(hp.heat_kwh) - finiteOr0(hp.electricity_kwh));
  return kwh;
}

/**
 * Renewable heat share = (biogenic fuel heat + heat pumps' ambient part) / all heat, in [0, 1]
 * (clamped: inconsistent inputs never give more than 100 %). Null when all heat ≤ 0.
 */
export function renewableHeatShare(input: RenewableHeatShareInput): number | null {
  if (!Number.isFinite(input.total_heat_kwh) || input.total_heat_kwh <= 0) return null;
  const share = safeRatio(renewableHeatKwh(input), input.total_heat_kwh);
  return share === null ? null : Math.min(1, share);
}
