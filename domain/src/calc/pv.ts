/** Rooftop and ground PV (DOMAIN §8). */
import { safeRatio } from './num.ts';

export const HOURS_PER_YEAR = 8760;
/** Ground-mounted PV density, kW per m² of land (004). */
export const PV_GROUND_DENSITY_KW_PER_M2 = 0.111;
/** Usable share of a roof's area for PV (004). */
export const ROOFTOP_USABLE_AREA_FRACTION = 0.499;
/** Plausible annual specific yield range of a Japanese site, kWh/kWp (for simulator checks). */
export const JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP = { min: 1100, max: 1400 } as const;
/** Irradiance at standard test conditions, kW/m². */
export const STC_IRRADIANCE_KW_PER_M2 = 1;

function positive(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

/** Hours between two UTC ms instants (0 when to ≤ from or not finite). */
export function hoursInPeriod(from_ms: number, to_ms: number): number {
  if (!Number.isFinite(from_ms) || !Number.isFinite(to_ms) || to_ms <= from_ms) return 0;
  return (to_ms - from_ms) / 3_600_000;
}

/** Specific yield kWh/kWp; null when kWp ≤ 0. */
export function specificYieldKwhPerKwp(energy_kwh: number, kwp: number): number | null {
  return safeRatio(energy_kwh, kwp);
}

/** Capacity factor = kWh / (kWp × hours); null when kWp or hours ≤ 0. */
export function capacityFactor(energy_kwh: number, kwp: number, hours: number): number | null {
  return positive(kwp) && positive(hours) ? safeRatio(energy_kwh, kwp * hours) : null;
}

/** Performance ratio = kWh / (kWp × in-plane irradiation kWh/m² / 1 kW/m²); null when kWp or irradiation ≤ 0. */
export function performanceRatio(energy_kwh: number, kwp: number, irradiation_kwh_per_m2: number): number | null {
  if (!positive(kwp) || !positive(irradiation_kwh_per_m2)) return null;
  return safeRatio(energy_kwh, (kwp * irradiation_kwh_per_m2) / STC_IRRADIANCE_KW_PER_M2);
}

/** Specific yield kWh/kWp from a capacity factor over `hours` (default one year, 8,760 h). */
export function specificYieldFromCapacityFactor(capacity_factor: number, hours: number = HOURS_PER_YEAR): number {
  return capacity_factor * hours;
}

/** Energy kWh of a plant of `kwp` at a specific yield kWh/kWp. */
export function pvEnergyKwh(kwp: number, specific_yield_kwh_per_kwp: number): number {
  return kwp * specific_yield_kwh_per_kwp;
}

/** Usable roof area for PV ≈ 0.499 × roof area (004). */
export function rooftopUsableAreaM2(roof_area_m2: number): number {
  return roof_area_m2 * ROOFTOP_USABLE_AREA_FRACTION;
}

/** PV capacity in kW that fits an area at a density (default: ground density 0.111 kW/m²). */
export function pvCapacityKwFromArea(area_m2: number, density_kw_per_m2: number = PV_GROUND_DENSITY_KW_PER_M2): number {
  return area_m2 * density_kw_per_m2;
}
