/**
 * The reports' tables as columns with localised headers, units and the screen's decimals: one model for CSV,
 * XLSX and PDF. Every number goes through the domain's rounding rule (roundTo / formatNumber), every id through
 * a name (fuels, asset types, units), every text in the report's language.
 */
import {
  assetTypeName,
  cellValue,
  digitsForUnit,
  excelNumberFormat,
  FACTOR_DIGITS,
  figureSpec,
  figureWithUnit,
  formatNumber,
  fuelName,
  hasTrait,
  isAssetType,
  KEY_FIGURES,
  KWH_TO_GJ,
  roundTo,
  TABLE_FIGURES,
  unitText,
  type AdditiveFigures,
  type AssetFigures,
  type FigureKey,
  type SiteFigures,
  type Trait,
} from '@ems/domain';
import type { MonthlyReport, ReportLang } from '../index.ts';

/** Whether the type an asset row names has a trait (rows carry the type as text). */
export const typeHas = (type: string, trait: Trait): boolean => isAssetType(type) && hasTrait(type, trait);

export type Cell = number | string | null;
/** A row of key figures (a site's figures, or the sites' additive totals). */
export type FigureRow = Partial<Record<FigureKey, number | null>>;
export type Localised = { ja: string; en: string };

export interface Column<T> {
  header: Localised;
  /** unit key (see unitText); '' for text columns */
  unit: string;
  /** decimals of a number column; null for a text column */
  digits: number | null;
  /** the value in the shown unit (percentages ×100), not yet rounded */
  value: (row: T, lang: ReportLang) => Cell;
}

export const L = (ja: string, en: string): Localised => ({ ja, en });

const pct = (x: number | null): number | null => (x === null ? null : x * 100);

/** A number column of a figure in a unit, with that unit's decimals. */
function num<T>(header: Localised, unit: string, value: (row: T) => number | null, digits = digitsForUnit(unit)) {
  return { header, unit, digits, value } satisfies Column<T>;
}

/** The column of a key figure: its label, unit and decimals from the domain's table. */
export function figureColumn<T extends Partial<Record<FigureKey, number | null>>>(key: FigureKey): Column<T> {
  const spec = figureSpec(key);
  return {
    header: spec.label,
    unit: spec.unit,
    digits: spec.digits,
    value: (r) => {
      const v = r[key];
      return v === undefined || v === null ? null : spec.unit === '%' ? v * 100 : v;
    },
  };
}

/** What a cell holds: a number rounded as the screen rounds it, or a text. */
export function cellOf<T>(c: Column<T>, row: T, lang: ReportLang): Cell {
  const v = c.value(row, lang);
  if (typeof v === 'number') return Number.isFinite(v) ? roundTo(v, c.digits ?? 2) : null;
  return v;
}

/**
 * A cell as text. PDF (grouping): as the screen writes it, "—" for unknown. CSV (no grouping): the same rounded
 * number without separators so that a spreadsheet reads it as a number, empty for unknown.
 */
export function cellText<T>(c: Column<T>, row: T, lang: ReportLang, grouping: boolean): string {
  const v = c.value(row, lang);
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return grouping && c.digits !== null ? '—' : '';
  if (typeof v === 'number') return formatNumber(v, lang, { digits: c.digits ?? 2, grouping });
  return v;
}

/** A number as CSV writes it: rounded like the screen, no separators, empty when unknown. */
export function csvNumber(v: number | null, digits: number, lang: ReportLang): string {
  return v === null || !Number.isFinite(v) ? '' : formatNumber(v, lang, { digits, grouping: false });
}

/** A day or month that has not begun when the report was made: shown empty ("—"), never as zeros. */
export const isAhead = (row: { from_ms: number }, generated_at_ms: number): boolean => row.from_ms >= generated_at_ms;

/** The Excel number format of a column. */
export const numFmtOf = (c: { digits: number | null }): string =>
  c.digits === null ? '@' : excelNumberFormat(c.digits);

/** "熱生産量 (kWh)"; the unit in the report's language; no brackets for a dimensionless figure. */
export { figureWithUnit };

export const headerText = (c: { header: Localised; unit: string }, lang: ReportLang): string => {
  const u = unitText(c.unit, lang);
  return u ? `${c.header[lang]} (${u})` : c.header[lang];
};

/** Columns of the daily table (and of its totals row), for this report's assets and fuels. */
export function dailyColumns(report: Pick<MonthlyReport, 'assets' | 'factors'>): Column<SiteFigures>[] {
  const gens = report.assets.filter((a) => typeHas(a.type, 'produces_heat'));
  const hps = report.assets.filter((a) => typeHas(a.type, 'has_cop'));
  const fuels = report.factors.fuels;
  const key = (k: FigureKey) => figureColumn<SiteFigures>(k);
  const cols: Column<SiteFigures>[] = [];
  for (const g of gens)
    cols.push(
      num(
        L(`生産熱量 ${g.name.ja}`, `Heat produced ${g.name.en}`),
        'kWh',
        (r) => r.heat_by_generator_kwh[g.asset] ?? 0,
      ),
    );
  cols.push(
    key('heat_produced_kwh'),
    key('heat_delivered_kwh'),
    num(L('供給熱量', 'Heat delivered'), 'GJ', (r) => r.heat_delivered_kwh * KWH_TO_GJ),
    key('electricity_used_kwh'),
    key('plant_electricity_kwh'),
  );
  for (const h of hps)
    cols.push(num(L(`COP ${h.name.ja}`, `COP ${h.name.en}`), '-', (r) => r.cop_by_asset[h.asset] ?? null));
  if (hps.length)
    cols.push(
      key('cop_total'),
      key('cop_running'),
      num(L('デフロスト熱量', 'Defrost heat'), 'kWh', (r) => r.defrost_kwh),
    );
  for (const f of fuels)
    cols.push(
      num(L(`燃料 ${f.name.ja}`, `Fuel ${f.name.en}`), f.unit, (r) => r.fuel_by_type[f.fuel]?.amount ?? 0),
      num(L(`燃料 ${f.name.ja}`, `Fuel ${f.name.en}`), 'GJ', (r) => r.fuel_by_type[f.fuel]?.gj ?? 0),
    );
  cols.push(
    key('fuel_gj'),
    key('boiler_efficiency'),
    key('pv_kwh'),
    num(L('PV比発電量', 'PV specific yield'), 'kWh/kWp', (r) => r.pv_specific_yield_kwh_per_kwp),
    num(L('PV設備利用率', 'PV capacity factor'), '%', (r) => pct(r.pv_capacity_factor)),
    num(L('買電量', 'Grid import'), 'kWh', (r) => r.grid_import_kwh),
    num(L('一次エネルギー投入量', 'Primary energy input'), 'GJ', (r) => r.primary_energy_gj),
    key('plant_primary_cop'),
  );
  for (const f of fuels)
    cols.push(num(L(`CO2 ${f.name.ja}`, `CO2 ${f.name.en}`), 'kg-CO2', (r) => r.fuel_by_type[f.fuel]?.co2_kg ?? 0));
  cols.push(
    num(L(`CO2 ${fuelName('grid', 'ja')}`, `CO2 ${fuelName('grid', 'en')}`), 'kg-CO2', (r) => r.co2_grid_kg),
    key('co2_total_kg'),
    key('pv_avoided_co2_kg'),
    key('heat_co2_intensity_kg_per_gj'),
    key('renewable_heat_share'),
    key('usable_water_min_m3'),
    num(L('利用可能水量 平均', 'Usable water mean'), 'm³', (r) => r.usable_water_mean_m3),
    num(L('蓄熱量 最小', 'Stored heat min'), 'kWh', (r) => r.stored_heat_min_kwh),
    num(L('蓄熱量 平均', 'Stored heat mean'), 'kWh', (r) => r.stored_heat_mean_kwh),
    key('hours_below_fire_reserve'),
    key('completeness'),
    num(L('警報 警告', 'Alarms warning'), 'count', (r) => r.alarms.warning ?? 0),
    num(L('警報 重大', 'Alarms critical'), 'count', (r) => r.alarms.critical ?? 0),
  );
  return cols;
}

export const DATE_HEADER = L('日付', 'Date');
export const MONTH_HEADER = L('月', 'Month');
export const SITE_HEADER = L('サイト', 'Site');
export const TOTAL_LABEL = L('合計', 'Total');

/** Per-asset table: names, never ids. */
export function assetColumns(): Column<AssetFigures>[] {
  return [
    { header: L('機器', 'Asset'), unit: '', digits: null, value: (a, lang) => a.name[lang] },
    { header: L('種別', 'Type'), unit: '', digits: null, value: (a, lang) => assetTypeName(a.type, lang) },
    num(L('熱量', 'Heat'), 'kWh', (a) => a.heat_kwh),
    num(L('消費電力量', 'Electricity used'), 'kWh', (a) => a.electricity_kwh),
    num(L('COP（全体）', 'COP (total)'), '-', (a) => a.cop_total),
    num(L('COP（運転時）', 'COP (running)'), '-', (a) => a.cop_running),
    num(L('デフロスト熱量', 'Defrost heat'), 'kWh', (a) => a.defrost_kwh),
    { header: L('燃料', 'Fuel'), unit: '', digits: null, value: (a, lang) => (a.fuel ? fuelName(a.fuel, lang) : null) },
    { header: L('燃料使用量', 'Fuel used'), unit: '', digits: digitsForUnit('L'), value: (a) => a.fuel_amount },
    {
      header: L('燃料単位', 'Fuel unit'),
      unit: '',
      digits: null,
      value: (a, lang) => (a.fuel_unit ? unitText(a.fuel_unit, lang) : null),
    },
    num(L('燃料熱量', 'Fuel energy'), 'GJ', (a) => a.fuel_gj),
    num(L('効率', 'Efficiency'), '%', (a) => pct(a.efficiency)),
    num(L('CO2', 'CO2'), 'kg-CO2', (a) => a.co2_kg),
    num(L('発電量', 'Generated'), 'kWh', (a) => a.generated_kwh),
    num(L('比発電量', 'Specific yield'), 'kWh/kWp', (a) => a.specific_yield_kwh_per_kwp),
    num(L('設備利用率', 'Capacity factor'), '%', (a) => pct(a.capacity_factor)),
    num(L('買電量', 'Import'), 'kWh', (a) => a.import_kwh),
    num(L('売電量', 'Export'), 'kWh', (a) => a.export_kwh),
    num(L('利用可能水量 最小', 'Usable water min'), 'm³', (a) => a.usable_water_min_m3),
    num(L('蓄熱量 最小', 'Stored heat min'), 'kWh', (a) => a.stored_heat_min_kwh),
    num(L('消防用水不足時間', 'Hours below fire reserve'), 'h', (a) => a.hours_below_fire_reserve),
    num(L('受信サンプル数', 'Samples received'), 'count', (a) => a.received_samples),
    num(L('期待サンプル数', 'Samples expected'), 'count', (a) => a.expected_samples),
    num(L('データ完全性', 'Completeness'), '%', (a) => pct(a.completeness)),
    num(L('カウンタリセット', 'Counter resets'), 'count', (a) => a.counter_resets),
  ];
}

export interface FactorRow {
  kind: string;
  item: string;
  value: number;
  digits: number;
  unit: string;
  from: string;
  source: string;
}

/** The factors the report used, as rows in the report's language. */
export function factorRows(factors: MonthlyReport['factors'], lang: ReportLang): FactorRow[] {
  const rows: FactorRow[] = [];
  const k = (ja: string, en: string) => (lang === 'ja' ? ja : en);
  for (const g of factors.grid_emission)
    rows.push({
      kind: k('系統電力CO2排出係数', 'Grid emission factor'),
      item: fuelName('grid', lang),
      value: g.value,
      digits: FACTOR_DIGITS.grid_emission,
      unit: 'kg-CO2/kWh',
      from: g.from_date,
      source: g.source?.[lang] ?? '',
    });
  for (const p of factors.primary_energy)
    rows.push({
      kind: k('電力一次エネルギー換算係数', 'Primary-energy factor'),
      item: fuelName('grid', lang),
      value: p.value,
      digits: FACTOR_DIGITS.primary_energy,
      unit: 'MJ/kWh',
      from: p.from_date,
      source: p.source?.[lang] ?? '',
    });
  for (const fu of factors.fuels) {
    const u = unitText(fu.unit, lang);
    rows.push({
      kind: k('高位発熱量', 'HHV'),
      item: fu.name[lang],
      value: fu.hhv_mj_per_unit,
      digits: FACTOR_DIGITS.hhv,
      unit: `MJ/${u}`,
      from: '',
      source: fu.source?.[lang] ?? '',
    });
    rows.push({
      kind: k('CO2排出係数', 'CO2 factor'),
      item: fu.name[lang],
      value: fu.co2_kg_per_unit,
      digits: FACTOR_DIGITS.co2_factor,
      unit: `kg-CO2/${u}`,
      from: '',
      source: fu.source?.[lang] ?? '',
    });
  }
  rows.push({
    kind: k('地域冷暖房 一次エネルギーCOP 全国平均', 'DHC primary-energy COP national average'),
    item: k('2024年度', 'FY2024'),
    value: factors.national_average_primary_cop,
    digits: FACTOR_DIGITS.national_average,
    unit: '',
    from: '',
    source: factors.national_average_source[lang],
  });
  return rows;
}

export const FACTOR_HEADERS = {
  ja: ['区分', '項目', '値', '単位', '適用開始日', '出典'],
  en: ['Kind', 'Item', 'Value', 'Unit', 'From', 'Source'],
};

export interface SummaryRow {
  label: string;
  /** the rounded number (shown unit) */
  value: number | null;
  unit: string;
  digits: number;
  /** as the screen writes it, with its unit */
  text: string;
}

/** Key figures of a period, as the summary on screen lists them. */
export function summaryRows(totals: SiteFigures, lang: ReportLang): SummaryRow[] {
  return KEY_FIGURES.map((spec) => ({
    label: spec.label[lang],
    value: cellValue(spec, totals[spec.key]),
    unit: unitText(spec.unit, lang),
    digits: spec.digits,
    text: figureWithUnit(spec, totals[spec.key], lang),
  }));
}

export const COMPARISON_HEADERS = {
  ja: ['項目', '単位', '当月', '前年同月', '増減', '増減率 (%)'],
  en: ['Item', 'Unit', 'This month', 'Same month last year', 'Change', 'Change (%)'],
};

export interface ComparisonRow {
  label: string;
  unit: string;
  digits: number;
  current: number | null;
  previous: number | null;
  change: number | null;
  /** percent, rounded to 1 decimal */
  change_pct: number | null;
}

/** The comparison with the same month of the previous year; a percentage's change is in points. */
export function comparisonRows(report: Pick<MonthlyReport, 'previous_year'>, lang: ReportLang): ComparisonRow[] {
  return (report.previous_year?.figures ?? []).map((c) => {
    const spec = figureSpec(c.figure);
    const unit = spec.unit === '%' ? (lang === 'ja' ? '%（増減はポイント）' : '% (change in points)') : spec.unit;
    return {
      label: spec.label[lang],
      unit: unitText(unit, lang),
      digits: spec.digits,
      current: cellValue(spec, c.current),
      previous: cellValue(spec, c.previous),
      change: cellValue(spec, c.change),
      change_pct: c.change_ratio === null ? null : roundTo(c.change_ratio * 100, 1),
    };
  });
}

/** Columns of the fiscal-year and all-sites tables. */
export function tableFigureColumns<T extends Partial<Record<FigureKey, number | null>>>(): Column<T>[] {
  return TABLE_FIGURES.map((k) => figureColumn<T>(k));
}

/** The municipality's totals row: additive figures only, ratios left empty. */
export function additiveRow(totals: AdditiveFigures): FigureRow {
  return { ...totals };
}

/** "2026年10月" / "October 2026" for a 'YYYY-MM'. */
export function monthTitle(month: string, lang: ReportLang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (lang === 'ja') return `${y}年${m}月`;
  return new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, 1),
  );
}

/** "2025年度（2025年4月〜2026年3月）" / "FY2025 (April 2025 – March 2026)". */
export function fiscalYearTitle(fy: number, lang: ReportLang): string {
  return lang === 'ja' ? `${fy}年度（${fy}年4月〜${fy + 1}年3月）` : `FY${fy} (April ${fy} – March ${fy + 1})`;
}

/** Yes/no in the report's language. */
export const yesNo = (v: boolean, lang: ReportLang): string =>
  lang === 'ja' ? (v ? 'あり' : 'なし') : v ? 'yes' : 'no';
