/** Resilience reserve: storage-tank water and heat, fuel, battery, site status (DOMAIN §9). */
import { fuelEnergyKwh } from './fuels.ts';
import type { FuelSpec } from './fuels.ts';
import { finiteOrNull, safeRatio } from './num.ts';
import { waterDensityKgM3, waterEnthalpyKjKg } from './water.ts';

export const DEFAULT_LITRES_PER_PERSON_PER_DAY = 20;
export const DEFAULT_CRITICAL_HOURS = 6;
export const DEFAULT_WARNING_HOURS = 24;

function finite(x: number | null | undefined): x is number {
  return x !== null && x !== undefined && Number.isFinite(x);
}

/** Tank volume m³: the measured volume when given, else area × level; null when neither is known. Floored at 0. */
export function tankVolumeM3(input: { volume_m3?: number; area_m2?: number; level_m?: number }): number | null {
  if (finite(input.volume_m3)) return Math.max(0, input.volume_m3);
  if (finite(input.area_m2) && finite(input.level_m)) return Math.max(0, input.area_m2 * input.level_m);
  return null;
}

/** Usable water m³ = max(0, V − dead volume). */
export function usableWaterM3(volume_m3: number, dead_volume_m3: number): number {
  return Math.max(0, volume_m3 - dead_volume_m3);
}

/** Whether the fire-fighting reserve is kept: usable water ≥ fire reserve. */
export function fireReserveKept(usable_water_m3: number, fire_reserve_m3: number): boolean {
  return usable_water_m3 >= fire_reserve_m3;
}

/** Living water m³ = max(0, usable − fire reserve). */
export function livingWaterM3(usable_water_m3: number, fire_reserve_m3: number): number {
  return Math.max(0, usable_water_m3 - fire_reserve_m3);
}

/** Person-days of living water = living water L / (L per person per day, default 20); null when that is ≤ 0. */
export function personDays(
  living_water_m3: number,
  litres_per_person_per_day: number = DEFAULT_LITRES_PER_PERSON_PER_DAY,
): number | null {
  if (!finite(litres_per_person_per_day) || litres_per_person_per_day <= 0 || !finite(living_water_m3)) return null;
  return safeRatio(Math.max(0, living_water_m3) * 1000, litres_per_person_per_day);
}

/** Days of living water for the served population = person-days / population; null when population ≤ 0. */
export function daysForPopulation(person_days: number | null, population: number): number | null {
  if (person_days === null || !finite(population) || population <= 0) return null;
  return safeRatio(person_days, population);
}

export interface TankLayer {
  volume_m3: number;
  temp_c: number;
}

/** Split a tank's volume into equal layers, one per measured temperature (e.g. top, mid, bottom). */
export function equalTankLayers(volume_m3: number, temps_c: readonly number[]): TankLayer[] {
  const n = temps_c.length;
  return n === 0 ? [] : temps_c.map((temp_c) => ({ volume_m3: volume_m3 / n, temp_c }));
}

/**
 * Heat in kWh stored in one layer above min_useful_temp_c: ρ(T)·V·c̄_p·(T − T_min)/3600, with ρ at the layer's
 * temperature (its mass) and c̄_p·ΔT taken exactly as the enthalpy difference h(T) − h(T_min), i.e. c_p averaged
 * over [T_min, T]. Floored at 0; 0 for invalid input (non-finite, negative volume, temperature out of range).
 */
export function layerStoredHeatKwh(layer: TankLayer, min_useful_temp_c: number): number {
  if (!finite(layer.volume_m3) || layer.volume_m3 <= 0) return 0;
  if (!finite(layer.temp_c) || !finite(min_useful_temp_c) || layer.temp_c <= min_useful_temp_c) return 0;
  const rho = waterDensityKgM3(layer.temp_c);
  const h = waterEnthalpyKjKg(layer.temp_c);
  const h0 = waterEnthalpyKjKg(min_useful_temp_c);
  if (rho === null || h === null || h0 === null) return 0;
  return Math.max(0, (rho * layer.volume_m3 * (h - h0)) / 3600);
}

/** Stored heat kWh = Σ over layers ρ·c_p·V_layer·(T_layer − min_useful)/3600, each layer floored at 0. */
export function storedHeatKwh(layers: readonly TankLayer[], min_useful_temp_c: number): number {
  let kwh = 0;
  for (const layer of layers) kwh += layerStoredHeatKwh(layer, min_useful_temp_c);
  return kwh;
}

/** Energy in a fuel tank, kWh (HHV); null for an invalid amount. */
export function fuelReserveKwh(contents: number, spec: FuelSpec): number | null {
  return fuelEnergyKwh(contents, spec);
}

/**
 * Hours of boiler operation from a fuel tank's contents at the current fuel rate, or else (no current rate,
 * boiler idle) at the rated rate. Rates in the fuel's unit per hour. Null when no positive rate is known.
 */
export function fuelReserveHours(input: {
  contents: number;
  current_rate_per_h?: number | null;
  rated_rate_per_h?: number | null;
}): number | null {
  if (!finite(input.contents)) return null;
  const rate =
    finite(input.current_rate_per_h) && input.current_rate_per_h > 0
      ? input.current_rate_per_h
      : finite(input.rated_rate_per_h) && input.rated_rate_per_h > 0
        ? input.rated_rate_per_h
        : null;
  return rate === null ? null : safeRatio(Math.max(0, input.contents), rate);
}

/** Battery energy kWh = SoC % (clamped to 0–100) × capacity. */
export function batteryReserveKwh(soc_pct: number, capacity_kwh: number): number | null {
  if (!finite(soc_pct) || !finite(capacity_kwh) || capacity_kwh < 0) return null;
  return finiteOrNull((Math.min(100, Math.max(0, soc_pct)) / 100) * capacity_kwh);
}

/** Hours the battery carries the site's critical load; null when load ≤ 0 or energy unknown. */
export function batteryReserveHours(energy_kwh: number | null, critical_load_kw: number): number | null {
  if (energy_kwh === null || !finite(energy_kwh) || !finite(critical_load_kw) || critical_load_kw <= 0) return null;
  return safeRatio(Math.max(0, energy_kwh), critical_load_kw);
}

/**
 * Heat autonomy h = (stored heat kWh + fuel reserve kWh × boiler efficiency) / current heat demand kW.
 * Null when demand ≤ 0 (no value, not infinity) or an input is not finite.
 */
export function heatAutonomyHours(input: {
  stored_heat_kwh: number;
  fuel_reserve_kwh: number;
  boiler_efficiency: number;
  heat_demand_kw: number;
}): number | null {
  const { stored_heat_kwh, fuel_reserve_kwh, boiler_efficiency, heat_demand_kw } = input;
  if (![stored_heat_kwh, fuel_reserve_kwh, boiler_efficiency, heat_demand_kw].every(Number.isFinite)) return null;
  if (heat_demand_kw <= 0) return null;
  const kwh = Math.max(0, stored_heat_kwh) + Math.max(0, fuel_reserve_kwh) * Math.max(0, boiler_efficiency);
  return safeRatio(kwh, heat_demand_kw);
}

export type ReserveStatus = 'ok' | 'warning' | 'critical' | 'unknown';
export type ReserveReason =
  'stale_data' | 'below_fire_reserve' | 'autonomy_below_critical' | 'autonomy_below_warning' | 'invalid_thresholds';

export interface ReserveStatusInput {
  /** True when any input of the reserve is stale, offline or missing (DOMAIN §10): the status is then unknown. */
  stale: boolean;
  /** Usable water m³; omit when the site has no tank. */
  usable_water_m3?: number | null;
  /** Fire-fighting reserve m³; checked when usable_water_m3 is given. */
  fire_reserve_m3?: number;
  /** Heat autonomy h; null means "no value" (no current demand), which is not a shortfall. Omit when not assessed. */
  autonomy_h?: number | null;
  critical_hours?: number;
  warning_hours?: number;
}

export interface ReserveStatusResult {
  status: ReserveStatus;
  /** Machine-readable reasons, most severe first. Empty when ok. */
  reasons: ReserveReason[];
}

/**
 * Site reserve status (DOMAIN §9): critical below the fire reserve or under critical_hours (default 6 h) of
 * autonomy; warning under warning_hours (default 24 h); otherwise ok. Stale data gives unknown — never ok —
 * while still listing the other reasons found in the (stale) values. A usable-water value given as null (not
 * measurable) is treated like stale data.
 */
export function reserveStatus(input: ReserveStatusInput): ReserveStatusResult {
  const critical_hours = input.critical_hours ?? DEFAULT_CRITICAL_HOURS;
  const warning_hours = input.warning_hours ?? DEFAULT_WARNING_HOURS;
  const reasons: ReserveReason[] = [];
  let unknown = input.stale || input.usable_water_m3 === null;
  if (unknown) reasons.push('stale_data');
  if (!finite(critical_hours) || !finite(warning_hours) || critical_hours > warning_hours) {
    reasons.push('invalid_thresholds');
    unknown = true;
  }
  let level: 0 | 1 | 2 = 0; // ok, warning, critical
  if (finite(input.usable_water_m3) && finite(input.fire_reserve_m3)) {
    if (!fireReserveKept(input.usable_water_m3, input.fire_reserve_m3)) {
      reasons.push('below_fire_reserve');
      level = 2;
    }
  }
  if (finite(input.autonomy_h)) {
    if (input.autonomy_h < critical_hours) {
      reasons.push('autonomy_below_critical');
      level = 2;
    } else if (input.autonomy_h < warning_hours) {
      reasons.push('autonomy_below_warning');
      if (level < 1) level = 1;
    }
  }
  const status: ReserveStatus = unknown ? 'unknown' : level === 2 ? 'critical' : level === 1 ? 'warning' : 'ok';
  return { status, reasons };
}

/*
 * Threshold levels of the reserves (DOMAIN §9 "Time to threshold"): the level of each quantity at which the site's
 * status turns warning or critical, in the quantity's own unit, so that a trend says when it gets there.
 */

/**
 * Level of an energy reserve (kWh) at which it lasts only `hours` at the present draw (kW, i.e. kWh per hour):
 * hours × draw. The autonomy-based thresholds: heat reserve at the current heat demand, fuel at its current (else
 * rated) burn rate, electricity at the critical load. Null without a positive draw (no draw: no autonomy limit).
 */
export function autonomyLevelKwh(hours: number, draw_kw: number | null | undefined): number | null {
  if (!finite(hours) || hours < 0 || !finite(draw_kw) || draw_kw <= 0) return null;
  return hours * draw_kw;
}

/**
 * Usable-water level (m³) below which the living water serves the site's population for less than `hours`:
 * fire reserve + population × L per person per day × hours / 24 / 1000. With hours = 0 it is the fire reserve
 * itself (the critical level of water). Null for an invalid input.
 */
export function waterLevelM3(input: {
  fire_reserve_m3: number;
  hours: number;
  population: number;
  litres_per_person_per_day?: number;
}): number | null {
  const lpp = input.litres_per_person_per_day ?? DEFAULT_LITRES_PER_PERSON_PER_DAY;
  const { fire_reserve_m3, hours, population } = input;
  if (![fire_reserve_m3, hours, population, lpp].every(Number.isFinite) || hours < 0 || population < 0 || lpp < 0)
    return null;
  return Math.max(0, fire_reserve_m3) + (population * lpp * hours) / 24 / 1000;
}
