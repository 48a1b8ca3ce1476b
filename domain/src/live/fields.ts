/** Field names per asset type: measured metrics plus the derived values ingest stores (contract/derive.ts). */
import { METRICS } from '../contract/metrics.ts';
import type { MetricKind } from '../contract/metrics.ts';
import type { AssetType } from '../registry/schema.ts';

export interface FieldInfo {
  kind: MetricKind;
  unit: string;
  derived: boolean;
}

/** Derived fields written by ingest per asset type (see deriveSample). */
export const DERIVED_FIELDS: { [T in AssetType]: Record<string, { kind: MetricKind; unit: string }> } = {
  pv: { specific_power_kw_per_kwp: { kind: 'gauge', unit: 'kW/kWp' } },
  heat_pump: {
    heat_kw: { kind: 'gauge', unit: 'kW' },
    cop: { kind: 'gauge', unit: '' },
    carnot_fraction: { kind: 'gauge', unit: '' },
  },
  boiler: {
    heat_kw: { kind: 'gauge', unit: 'kW' },
    fuel_power_kw: { kind: 'gauge', unit: 'kW' },
    co2_kg_h: { kind: 'gauge', unit: 'kg/h' },
    thermal_efficiency: { kind: 'gauge', unit: '' },
  },
  chp: {
    fuel_power_kw: { kind: 'gauge', unit: 'kW' },
    co2_kg_h: { kind: 'gauge', unit: 'kg/h' },
    thermal_efficiency: { kind: 'gauge', unit: '' },
    electric_efficiency: { kind: 'gauge', unit: '' },
  },
  storage_tank: {
    volume_m3: { kind: 'gauge', unit: 'm³' },
    usable_water_m3: { kind: 'gauge', unit: 'm³' },
    living_water_m3: { kind: 'gauge', unit: 'm³' },
    fire_reserve_kept: { kind: 'flag', unit: '' },
    person_days: { kind: 'gauge', unit: 'person-days' },
    days_for_population: { kind: 'gauge', unit: 'd' },
    stored_heat_kwh: { kind: 'gauge', unit: 'kWh' },
  },
  heat_meter: { heat_kw: { kind: 'gauge', unit: 'kW' } },
  grid_meter: {
    grid_factor_kg_kwh: { kind: 'gauge', unit: 'kg/kWh' },
    co2_kg_h: { kind: 'gauge', unit: 'kg/h' },
  },
  fuel_tank: {
    fuel_energy_kwh: { kind: 'gauge', unit: 'kWh' },
    fill_pct: { kind: 'gauge', unit: '%' },
  },
  battery: {
    stored_kwh: { kind: 'gauge', unit: 'kWh' },
    reserve_hours: { kind: 'gauge', unit: 'h' },
  },
};

/** Every stored field of an asset type (metrics first, then derived), with kind and unit: a whitelist. */
export function seriesFields(type: AssetType): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = Object.create(null) as Record<string, FieldInfo>;
  for (const [name, spec] of Object.entries(METRICS[type]))
    out[name] = { kind: spec.kind, unit: spec.unit, derived: false };
  for (const [name, spec] of Object.entries(DERIVED_FIELDS[type]))
    if (!(name in out)) out[name] = { kind: spec.kind, unit: spec.unit, derived: true };
  return out;
}
