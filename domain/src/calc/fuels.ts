/** Fuels: default higher heating values and CO2 factors (DOMAIN §5; Japanese standard values, HHV). */
import { finiteOrNull } from './num.ts';

export const FUEL_IDS = [
  'city_gas',
  'lpg',
  'kerosene',
  'heavy_oil_a',
  'diesel',
  'gasoline',
  'wood_chips',
  'wood_pellets',
] as const;
export type FuelId = (typeof FUEL_IDS)[number];

export type FuelUnit = 'm3N' | 'kg' | 'L';

export interface FuelSpec {
  /** Unit that amounts and rates of this fuel are counted in. */
  unit: FuelUnit;
  /** Higher heating value, MJ per unit. */
  hhv_mj_per_unit: number;
  /** CO2 emission factor, kg-CO2 per unit (0 for biogenic fuels). */
  co2_kg_per_unit: number;
  /** Biogenic fuel: its heat is reported as renewable. */
  biogenic: boolean;
}

export const MJ_PER_KWH = 3.6;

/** Defaults of DOMAIN §5; sites override them in configuration. */
export const DEFAULT_FUELS: Readonly<Record<FuelId, Readonly<FuelSpec>>> = {
  city_gas: { unit: 'm3N', hhv_mj_per_unit: 45.0, co2_kg_per_unit: 2.23, biogenic: false }, // 13A
  lpg: { unit: 'kg', hhv_mj_per_unit: 50.8, co2_kg_per_unit: 3.0, biogenic: false },
  kerosene: { unit: 'L', hhv_mj_per_unit: 36.7, co2_kg_per_unit: 2.49, biogenic: false },
  heavy_oil_a: { unit: 'L', hhv_mj_per_unit: 39.1, co2_kg_per_unit: 2.71, biogenic: false },
  diesel: { unit: 'L', hhv_mj_per_unit: 37.7, co2_kg_per_unit: 2.58, biogenic: false },
  gasoline: { unit: 'L', hhv_mj_per_unit: 34.6, co2_kg_per_unit: 2.32, biogenic: false },
  wood_chips: { unit: 'kg', hhv_mj_per_unit: 10.8, co2_kg_per_unit: 0, biogenic: true }, // ≈3.0 kWh/kg at 30 % moisture
  wood_pellets: { unit: 'kg', hhv_mj_per_unit: 16.92, co2_kg_per_unit: 0, biogenic: true }, // ≈4.7 kWh/kg
};

export function isFuelId(id: string): id is FuelId {
  return (FUEL_IDS as readonly string[]).includes(id);
}

/** The default spec of a fuel with a site's overrides applied. */
export function fuelSpec(
  id: FuelId,
  override?: { hhv_mj_per_unit?: number | undefined; co2_kg_per_unit?: number | undefined },
): FuelSpec {
  const base = DEFAULT_FUELS[id];
  return {
    unit: base.unit,
    hhv_mj_per_unit: override?.hhv_mj_per_unit ?? base.hhv_mj_per_unit,
    co2_kg_per_unit: override?.co2_kg_per_unit ?? base.co2_kg_per_unit,
    biogenic: base.biogenic,
  };
}

function valid(amount: number): boolean {
  return Number.isFinite(amount) && amount >= 0;
}

/** Energy (HHV) in kWh of an amount of fuel in the fuel's unit; null for a negative or non-finite amount. */
export function fuelEnergyKwh(amount: number, spec: FuelSpec): number | null {
  return valid(amount) ? finiteOrNull((amount * spec.hhv_mj_per_unit) / MJ_PER_KWH) : null;
}

/** Energy (HHV) in GJ of an amount of fuel; null for a negative or non-finite amount. */
export function fuelEnergyGj(amount: number, spec: FuelSpec): number | null {
  return valid(amount) ? finiteOrNull((amount * spec.hhv_mj_per_unit) / 1000) : null;
}

/** CO2 in kg from burning an amount of fuel; null for a negative or non-finite amount. */
export function fuelCo2Kg(amount: number, spec: FuelSpec): number | null {
  return valid(amount) ? finiteOrNull(amount * spec.co2_kg_per_unit) : null;
}

/** Fuel power (HHV) in kW from a fuel rate in the fuel's unit per hour; null for a negative or non-finite rate. */
export function fuelPowerKw(fuel_rate_per_h: number, spec: FuelSpec): number | null {
  return valid(fuel_rate_per_h) ? finiteOrNull((fuel_rate_per_h * spec.hhv_mj_per_unit) / MJ_PER_KWH) : null;
}
