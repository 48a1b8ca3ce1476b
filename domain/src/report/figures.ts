/**
 * The key figures of a period as the screen shows them — label, unit and decimals — for the web page and every
 * export (summary, comparison with the previous year, fiscal-year and all-sites tables).
 */
import type { SiteFigures } from '../period/schemas.ts';
import { unitText, type Localised } from './names.ts';
import { formatNumber, roundTo, type Lang } from './numbers.ts';

/** The figures of SiteFigures that are a plain number (or null). */
export type FigureKey = {
  [K in keyof SiteFigures]: SiteFigures[K] extends number | null ? K : never;
}[keyof SiteFigures];

export interface FigureSpec {
  key: FigureKey;
  label: Localised;
  /** unit as shown (see unitText); '%' figures are fractions shown ×100 */
  unit: string;
  digits: number;
}

const F = (key: FigureKey, ja: string, en: string, unit: string, digits: number): FigureSpec => ({
  key,
  label: { ja, en },
  unit,
  digits,
});

/** Every key figure, in the order the summary lists them. */
export const KEY_FIGURES: readonly FigureSpec[] = [
  F('heat_produced_kwh', '生産熱量', 'Heat produced', 'kWh', 0),
  F('heat_delivered_kwh', '供給熱量', 'Heat delivered', 'kWh', 0),
  F('electricity_used_kwh', 'HP消費電力量', 'Heat-pump electricity', 'kWh', 0),
  F('plant_electricity_kwh', '購入電力量', 'Electricity bought', 'kWh', 0),
  F('fuel_gj', '燃料（高位発熱量）', 'Fuel (HHV)', 'GJ', 1),
  F('pv_kwh', '太陽光発電量', 'PV generation', 'kWh', 0),
  F('co2_total_kg', 'CO2排出量', 'CO2 emitted', 'kg-CO2', 0),
  F('pv_avoided_co2_kg', 'PVによるCO2削減量', 'CO2 avoided by PV', 'kg-CO2', 0),
  F('cop_total', 'HP COP（全体）', 'HP COP (total)', '-', 2),
  F('cop_running', 'HP COP（運転時）', 'HP COP (running)', '-', 2),
  F('plant_primary_cop', '一次エネルギーCOP', 'Primary-energy COP', '-', 3),
  F('boiler_efficiency', 'ボイラ効率', 'Boiler efficiency', '%', 1),
  F('renewable_heat_share', '再エネ熱比率', 'Renewable heat share', '%', 1),
  F('heat_co2_intensity_kg_per_gj', '熱のCO2原単位', 'Heat CO2 intensity', 'kg-CO2/GJ', 1),
  F('usable_water_min_m3', '利用可能水量 最小', 'Usable water min', 'm³', 0),
  F('hours_below_fire_reserve', '消防用水不足時間', 'Hours below fire reserve', 'h', 1),
  F('completeness', 'データ完全性', 'Data completeness', '%', 1),
  F('alarms_total', '警報件数', 'Alarms', 'count', 0),
];

const BY_KEY = new Map(KEY_FIGURES.map((f) => [f.key, f]));

/** The spec of a key figure. */
export function figureSpec(key: FigureKey): FigureSpec {
  const f = BY_KEY.get(key);
  if (!f) throw new RangeError(`${key} is not a key figure`);
  return f;
}

/** The figures the comparison with the same month of the previous year shows. */
export const COMPARED_FIGURES: readonly FigureKey[] = [
  'heat_produced_kwh',
  'heat_delivered_kwh',
  'electricity_used_kwh',
  'plant_electricity_kwh',
  'fuel_gj',
  'co2_total_kg',
  'pv_kwh',
  'cop_total',
  'cop_running',
  'plant_primary_cop',
  'completeness',
];

/** The figures of the fiscal-year and all-sites tables (one column each). */
export const TABLE_FIGURES: readonly FigureKey[] = [
  'heat_produced_kwh',
  'heat_delivered_kwh',
  'electricity_used_kwh',
  'plant_electricity_kwh',
  'fuel_gj',
  'pv_kwh',
  'co2_total_kg',
  'pv_avoided_co2_kg',
  'cop_total',
  'cop_running',
  'plant_primary_cop',
  'renewable_heat_share',
  'completeness',
  'alarms_total',
];

/** A figure in the unit it is shown in: fractions become percentages. */
export function shownValue(spec: Pick<FigureSpec, 'unit'>, v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return spec.unit === '%' ? v * 100 : v;
}

/** The number a cell holds for a figure: shown unit, rounded as the screen rounds it. */
export function cellValue(spec: Pick<FigureSpec, 'unit' | 'digits'>, v: number | null | undefined): number | null {
  const s = shownValue(spec, v);
  return s === null ? null : roundTo(s, spec.digits);
}

/** The figure as text (no unit): "1,234", "87.5", "—". */
export function figureText(
  spec: Pick<FigureSpec, 'unit' | 'digits'>,
  v: number | null | undefined,
  lang: Lang,
  grouping = true,
): string {
  return formatNumber(shownValue(spec, v), lang, { digits: spec.digits, grouping });
}

/** Decimals of a figure that is not a key figure, by its unit (the key figures of the same unit show as many). */
const UNIT_DIGITS: Readonly<Record<string, number>> = {
  kWh: 0,
  GJ: 1,
  m3N: 1,
  L: 1,
  kg: 1,
  'kg-CO2': 0,
  'kg-CO2/GJ': 1,
  '%': 1,
  '-': 2,
  'kWh/kWp': 1,
  'm³': 0,
  h: 1,
  count: 0,
};

export function digitsForUnit(unit: string): number {
  return UNIT_DIGITS[unit] ?? 2;
}

/** Decimals of the factors a report names (the screen's factor table and every export). */
export const FACTOR_DIGITS = {
  grid_emission: 3,
  primary_energy: 2,
  hhv: 2,
  co2_factor: 2,
  national_average: 3,
} as const;

/** "+1,234", "−0.25", "±0": a change shown with its sign. */
export function changeText(v: number | null | undefined, digits: number, lang: Lang): string {
  const text = formatNumber(v, lang, { digits });
  if (v === null || v === undefined || !Number.isFinite(v)) return text;
  const r = roundTo(v, digits);
  return r > 0 ? `+${text}` : r < 0 ? `−${text.replace('-', '')}` : `±${text}`;
}

/** A figure with its unit as a reader sees it: "1,234 kWh", "87.5%", "12.5時間", "0.905", "—". */
export function figureWithUnit(
  spec: Pick<FigureSpec, 'unit' | 'digits'>,
  v: number | null | undefined,
  lang: Lang,
): string {
  const text = figureText(spec, v, lang);
  if (text === '—') return text;
  const u = unitText(spec.unit, lang);
  if (!u) return text;
  if (u === '%') return `${text}%`;
  // Japanese counter words attach without a space
  return lang === 'ja' && /^[\u3000-\u9fff]/.test(u) ? `${text}${u}` : `${text} ${u}`;
}
