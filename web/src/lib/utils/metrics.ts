/** Which live values each asset type shows first, and their units when the registry does not say. */
import type { AssetType } from '../api/types.ts';

export const KEY_METRICS: Record<AssetType, string[]> = {
  pv: ['power_kw', 'irradiance_wm2', 'module_temp_c'],
  heat_pump: ['heat_kw', 'power_kw', 'cop', 'supply_temp_c', 'return_temp_c', 'running'],
  boiler: ['heat_kw', 'fuel_rate', 'thermal_efficiency', 'supply_temp_c', 'running'],
  chp: ['power_kw', 'heat_kw', 'fuel_rate', 'running'],
  storage_tank: ['usable_water_m3', 'stored_heat_kwh', 'level_m', 'temp_top_c', 'temp_bottom_c'],
  heat_meter: ['heat_kw', 'flow_m3h', 'supply_temp_c', 'return_temp_c'],
  grid_meter: ['import_kw', 'export_kw', 'co2_kg_h'],
  fuel_tank: ['volume_l', 'level_l', 'fill_pct', 'reserve_hours'],
  battery: ['soc_pct', 'power_kw', 'stored_kwh', 'reserve_hours'],
};

/** Default metrics for the history chart of an asset type. */
export const HISTORY_DEFAULTS: Record<AssetType, string[]> = {
  pv: ['power_kw', 'irradiance_wm2'],
  heat_pump: ['heat_kw', 'power_kw', 'cop'],
  boiler: ['heat_kw', 'supply_temp_c'],
  chp: ['power_kw', 'heat_kw'],
  storage_tank: ['usable_water_m3', 'stored_heat_kwh'],
  heat_meter: ['heat_kw', 'supply_temp_c', 'return_temp_c'],
  grid_meter: ['import_kw', 'export_kw'],
  fuel_tank: ['volume_l'],
  battery: ['soc_pct', 'power_kw'],
};

/** Native unit of each fuel (DOMAIN §5). */
export const FUEL_UNITS: Record<string, string> = {
  city_gas: 'm³N',
  lpg: 'kg',
  kerosene: 'L',
  heavy_oil_a: 'L',
  diesel: 'L',
  gasoline: 'L',
  wood_chips: 'kg',
  wood_pellets: 'kg',
};

/** The unit of a metric, completing "/h" with the fuel's unit ("m³N/h"). */
export function metricUnit(unit: string | undefined, fuel: unknown): string {
  if (unit === '/h' && typeof fuel === 'string' && FUEL_UNITS[fuel]) return `${FUEL_UNITS[fuel]}/h`;
  return unit ?? '';
}

/** Ratios (0…1) shown as percentages. */
export const RATIO_METRICS = new Set(['thermal_efficiency', 'electric_efficiency', 'carnot_fraction']);
