import type { AssetType } from '@ems/domain';

/** Realistic values within every registry asset's bounds, varied by `i`. */
export function sampleValues(type: AssetType, i: number): Record<string, number | boolean> {
  const v = i % 10;
  switch (type) {
    case 'generator':
      return { power_kw: 30 + v, energy_kwh: 2_000 + i, fuel_rate: 10, fuel_total: 500 + i, running: true };
    case 'pv':
      return { power_kw: 40 + v, energy_kwh: 1_000 + i, irradiance_wm2: 800 - v, module_temp_c: 35 };
    case 'heat_pump':
      return {
        power_kw: 50 + v,
        flow_m3h: 10,
        supply_temp_c: 65,
        return_temp_c: 55,
        source_temp_c: 5,
        energy_kwh: 5_000 + i,
        heat_kwh: 15_000 + i,
        running: true,
        defrost: false,
      };
    case 'boiler':
      return { fuel_rate: 10 + v, fuel_total: 100 + i, flow_m3h: 5, supply_temp_c: 80, return_temp_c: 60, running: 1 };
    case 'chp':
      return {
        fuel_rate: 50 + v,
        power_kw: 200,
        heat_kw: 300,
        energy_kwh: 9_000 + i,
        heat_kwh: 12_000 + i,
        running: true,
      };
    case 'storage_tank':
      return { level_m: 3 + v / 100, temp_top_c: 70, temp_mid_c: 60, temp_bottom_c: 45 };
    case 'heat_meter':
      return { flow_m3h: 40 + v, supply_temp_c: 80, return_temp_c: 50, heat_kwh: 100_000 + i };
    case 'grid_meter':
      return { import_kw: 100 + v, export_kw: 0, import_kwh: 50_000 + i, export_kwh: 10 };
    case 'fuel_tank':
      return { volume_l: 1_500 - v };
    case 'battery':
      return { soc_pct: 80 - v, power_kw: -20 };
  }
}
