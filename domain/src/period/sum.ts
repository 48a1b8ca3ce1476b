/** Several sites' figures added up where adding is meaningful: energies, fuel, CO2 and alarm counts (no ratios). */
import type { SiteFigures } from './schemas.ts';

export const ADDITIVE_FIGURES = [
  'heat_produced_kwh',
  'heat_delivered_kwh',
  'electricity_used_kwh',
  'plant_electricity_kwh',
  'fuel_gj',
  'pv_kwh',
  'co2_total_kg',
  'pv_avoided_co2_kg',
  'renewable_heat_kwh',
  'alarms_total',
] as const satisfies readonly (keyof SiteFigures)[];

export type AdditiveFigure = (typeof ADDITIVE_FIGURES)[number];

/** Each additive figure summed over the sites that have it; null where none has it. */
export function sumFigures(figures: readonly SiteFigures[]): Record<AdditiveFigure, number | null> {
  const out = {} as Record<AdditiveFigure, number | null>;
  for (const key of ADDITIVE_FIGURES) {
    let total: number | null = null;
    for (const f of figures) {
      const v = f[key];
      if (v !== null && Number.isFinite(v)) total = (total ?? 0) + v;
    }
    out[key] = total;
  }
  return out;
}
