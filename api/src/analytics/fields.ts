/**
 * Which stored fields the period analytics aggregate per measurement (= asset type), and the InfluxQL select
 * list shared by the hourly roll-up continuous queries and the raw fallback query, so both give the same columns.
 */
import { METRICS, type AssetType } from '@ems/domain';

/** Gauges and flags the reports need (measured or derived by ingest, DESIGN §4). */
const GAUGES: Record<AssetType, readonly string[]> = {
  heat_pump: ['power_kw', 'heat_kw', 'running'],
  boiler: ['fuel_rate', 'heat_kw', 'running'],
  chp: ['fuel_rate', 'power_kw', 'heat_kw', 'running'],
  heat_meter: ['heat_kw'],
  pv: ['power_kw', 'irradiance_wm2'],
  grid_meter: ['import_kw', 'export_kw'],
  storage_tank: ['usable_water_m3', 'stored_heat_kwh', 'fire_reserve_kept'],
  fuel_tank: ['volume_l'],
  battery: ['soc_pct'],
};

export const COUNTER_AGGS = ['first', 'last', 'min', 'max', 'count'] as const;
export const GAUGE_AGGS = ['mean', 'min', 'max', 'count'] as const;
/** Separator between a field and its aggregate in roll-up column names: `heat_kwh__last`. */
export const SEP = '__';
/** Column of Σ negative heat_kw (defrost), from a second query restricted to heat_kw < 0. */
export const NEG_HEAT = `heat_kw${SEP}negsum`;

export function countersOf(type: AssetType): string[] {
  return Object.entries(METRICS[type])
    .filter(([, spec]) => spec.kind === 'counter')
    .map(([name]) => name);
}

export function gaugesOf(type: AssetType): readonly string[] {
  return GAUGES[type];
}

const q = (s: string): string => `"${s.replace(/"/g, '\\"')}"`;

/** `first("heat_kwh") AS "heat_kwh__first", …, mean("power_kw") AS "power_kw__mean", …` */
export function selectList(type: AssetType): string {
  const parts: string[] = [];
  for (const c of countersOf(type)) for (const a of COUNTER_AGGS) parts.push(`${a}(${q(c)}) AS ${q(c + SEP + a)}`);
  for (const g of gaugesOf(type)) for (const a of GAUGE_AGGS) parts.push(`${a}(${q(g)}) AS ${q(g + SEP + a)}`);
  return parts.join(', ');
}

/** The defrost query's select list (heat pumps only). */
export function negativeHeatSelect(): string {
  return `sum("heat_kw") AS ${q(NEG_HEAT)}`;
}

export const quote = q;
