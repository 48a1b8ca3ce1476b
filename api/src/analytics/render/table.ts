/** The report's tables as columns with localised headers and units: one model for CSV, XLSX and PDF. */
import { KWH_TO_GJ, type AssetFigures, type SiteFigures } from '@ems/domain';
import type { MonthlyReport, ReportLang } from '../index.ts';

export type Cell = number | string | null;

export interface Column<T> {
  header: { ja: string; en: string };
  unit: string;
  /** Excel number format */
  numFmt: string;
  value: (row: T) => Cell;
}

export const L = (ja: string, en: string) => ({ ja, en });

const FUEL_NAMES: Record<string, { ja: string; en: string }> = {
  city_gas: L('都市ガス', 'City gas'),
  lpg: L('LPG', 'LPG'),
  kerosene: L('灯油', 'Kerosene'),
  heavy_oil_a: L('A重油', 'Heavy oil A'),
  diesel: L('軽油', 'Diesel'),
  gasoline: L('ガソリン', 'Gasoline'),
  wood_chips: L('木質チップ', 'Wood chips'),
  wood_pellets: L('木質ペレット', 'Wood pellets'),
  grid: L('系統電力', 'Grid electricity'),
};
export const fuelName = (id: string, lang: ReportLang): string => FUEL_NAMES[id]?.[lang] ?? id;
const UNIT_NAMES: Record<string, string> = { m3N: 'm³N', kg: 'kg', L: 'L' };
export const unitName = (u: string): string => UNIT_NAMES[u] ?? u;

const pct = (x: number | null): number | null => (x === null ? null : x * 100);
const F0 = '#,##0';
const F1 = '#,##0.0';
const F2 = '#,##0.00';
const F3 = '0.000';

/** Columns of the daily table (and of its totals row), for this report's assets and fuels. */
export function dailyColumns(report: MonthlyReport): Column<SiteFigures>[] {
  const gens = report.assets.filter((a) => a.type === 'heat_pump' || a.type === 'boiler' || a.type === 'chp');
  const hps = report.assets.filter((a) => a.type === 'heat_pump');
  const fuels = report.factors.fuels;
  const cols: Column<SiteFigures>[] = [];
  for (const g of gens)
    cols.push({
      header: L(`熱生産量 ${g.name.ja}`, `Heat produced ${g.name.en}`),
      unit: 'kWh',
      numFmt: F1,
      value: (r) => r.heat_by_generator_kwh[g.asset] ?? 0,
    });
  cols.push(
    { header: L('熱生産量 合計', 'Heat produced total'), unit: 'kWh', numFmt: F1, value: (r) => r.heat_produced_kwh },
    { header: L('供給熱量', 'Heat delivered'), unit: 'kWh', numFmt: F1, value: (r) => r.heat_delivered_kwh },
    { header: L('供給熱量', 'Heat delivered'), unit: 'GJ', numFmt: F3, value: (r) => r.heat_delivered_kwh * KWH_TO_GJ },
    { header: L('HP消費電力量', 'HP electricity used'), unit: 'kWh', numFmt: F1, value: (r) => r.electricity_used_kwh },
  );
  for (const h of hps)
    cols.push({
      header: L(`COP ${h.name.ja}`, `COP ${h.name.en}`),
      unit: '-',
      numFmt: F2,
      value: (r) => r.cop_by_heat_pump[h.asset] ?? null,
    });
  if (hps.length)
    cols.push(
      { header: L('COP(全体)', 'COP (total)'), unit: '-', numFmt: F2, value: (r) => r.cop_total },
      { header: L('COP(運転時)', 'COP (running)'), unit: '-', numFmt: F2, value: (r) => r.cop_running },
      { header: L('デフロスト熱量', 'Defrost heat'), unit: 'kWh', numFmt: F1, value: (r) => r.defrost_kwh },
    );
  for (const f of fuels)
    cols.push(
      {
        header: L(`燃料 ${fuelName(f.fuel, 'ja')}`, `Fuel ${fuelName(f.fuel, 'en')}`),
        unit: unitName(f.unit),
        numFmt: F1,
        value: (r) => r.fuel_by_type[f.fuel]?.amount ?? 0,
      },
      {
        header: L(`燃料 ${fuelName(f.fuel, 'ja')}`, `Fuel ${fuelName(f.fuel, 'en')}`),
        unit: 'GJ',
        numFmt: F3,
        value: (r) => r.fuel_by_type[f.fuel]?.gj ?? 0,
      },
    );
  cols.push(
    { header: L('ボイラ効率', 'Boiler efficiency'), unit: '%', numFmt: F1, value: (r) => pct(r.boiler_efficiency) },
    { header: L('PV発電量', 'PV generation'), unit: 'kWh', numFmt: F1, value: (r) => r.pv_kwh },
    {
      header: L('PV比発電量', 'PV specific yield'),
      unit: 'kWh/kWp',
      numFmt: F2,
      value: (r) => r.pv_specific_yield_kwh_per_kwp,
    },
    { header: L('PV設備利用率', 'PV capacity factor'), unit: '%', numFmt: F1, value: (r) => pct(r.pv_capacity_factor) },
    { header: L('買電量', 'Grid import'), unit: 'kWh', numFmt: F1, value: (r) => r.grid_import_kwh },
    {
      header: L('一次エネルギー投入量', 'Primary energy input'),
      unit: 'GJ',
      numFmt: F3,
      value: (r) => r.primary_energy_gj,
    },
    { header: L('一次エネルギーCOP', 'Primary-energy COP'), unit: '-', numFmt: F3, value: (r) => r.plant_primary_cop },
  );
  for (const f of fuels)
    cols.push({
      header: L(`CO2 ${fuelName(f.fuel, 'ja')}`, `CO2 ${fuelName(f.fuel, 'en')}`),
      unit: 'kg',
      numFmt: F1,
      value: (r) => r.fuel_by_type[f.fuel]?.co2_kg ?? 0,
    });
  cols.push(
    { header: L('CO2 系統電力', 'CO2 grid electricity'), unit: 'kg', numFmt: F1, value: (r) => r.co2_grid_kg },
    { header: L('CO2 合計', 'CO2 total'), unit: 'kg', numFmt: F1, value: (r) => r.co2_total_kg },
    { header: L('PVによるCO2削減量', 'CO2 avoided by PV'), unit: 'kg', numFmt: F1, value: (r) => r.pv_avoided_co2_kg },
    {
      header: L('熱のCO2原単位', 'Heat CO2 intensity'),
      unit: 'kg/GJ',
      numFmt: F2,
      value: (r) => r.heat_co2_intensity_kg_per_gj,
    },
    {
      header: L('再エネ熱比率', 'Renewable heat share'),
      unit: '%',
      numFmt: F1,
      value: (r) => pct(r.renewable_heat_share),
    },
    { header: L('利用可能水量 最小', 'Usable water min'), unit: 'm³', numFmt: F1, value: (r) => r.usable_water_min_m3 },
    {
      header: L('利用可能水量 平均', 'Usable water mean'),
      unit: 'm³',
      numFmt: F1,
      value: (r) => r.usable_water_mean_m3,
    },
    { header: L('蓄熱量 最小', 'Stored heat min'), unit: 'kWh', numFmt: F0, value: (r) => r.stored_heat_min_kwh },
    { header: L('蓄熱量 平均', 'Stored heat mean'), unit: 'kWh', numFmt: F0, value: (r) => r.stored_heat_mean_kwh },
    {
      header: L('消防水量不足時間', 'Hours below fire reserve'),
      unit: 'h',
      numFmt: F2,
      value: (r) => r.hours_below_fire_reserve,
    },
    { header: L('データ完全性', 'Data completeness'), unit: '%', numFmt: F1, value: (r) => pct(r.completeness) },
    { header: L('警報 警告', 'Alarms warning'), unit: '件', numFmt: F0, value: (r) => r.alarms.warning ?? 0 },
    { header: L('警報 重大', 'Alarms critical'), unit: '件', numFmt: F0, value: (r) => r.alarms.critical ?? 0 },
  );
  return cols;
}

export const headerText = (c: { header: { ja: string; en: string }; unit: string }, lang: ReportLang): string =>
  `${c.header[lang]} (${lang === 'en' && c.unit === '件' ? 'count' : c.unit})`;

export const DATE_HEADER = L('日付', 'Date');
export const TOTAL_LABEL = L('合計', 'Total');

/** Per-asset table. */
export function assetColumns(): Column<AssetFigures>[] {
  return [
    { header: L('機器ID', 'Asset id'), unit: '', numFmt: '@', value: (a) => a.asset },
    { header: L('種別', 'Type'), unit: '', numFmt: '@', value: (a) => a.type },
    { header: L('熱量', 'Heat'), unit: 'kWh', numFmt: F1, value: (a) => a.heat_kwh },
    { header: L('消費電力量', 'Electricity used'), unit: 'kWh', numFmt: F1, value: (a) => a.electricity_kwh },
    { header: L('COP(全体)', 'COP (total)'), unit: '-', numFmt: F2, value: (a) => a.cop_total },
    { header: L('COP(運転時)', 'COP (running)'), unit: '-', numFmt: F2, value: (a) => a.cop_running },
    { header: L('デフロスト熱量', 'Defrost heat'), unit: 'kWh', numFmt: F1, value: (a) => a.defrost_kwh },
    { header: L('燃料使用量', 'Fuel used'), unit: '', numFmt: F1, value: (a) => a.fuel_amount },
    {
      header: L('燃料単位', 'Fuel unit'),
      unit: '',
      numFmt: '@',
      value: (a) => (a.fuel_unit ? unitName(a.fuel_unit) : null),
    },
    { header: L('燃料熱量', 'Fuel energy'), unit: 'GJ', numFmt: F3, value: (a) => a.fuel_gj },
    { header: L('効率', 'Efficiency'), unit: '%', numFmt: F1, value: (a) => pct(a.efficiency) },
    { header: L('CO2', 'CO2'), unit: 'kg', numFmt: F1, value: (a) => a.co2_kg },
    { header: L('発電量', 'Generated'), unit: 'kWh', numFmt: F1, value: (a) => a.generated_kwh },
    {
      header: L('比発電量', 'Specific yield'),
      unit: 'kWh/kWp',
      numFmt: F2,
      value: (a) => a.specific_yield_kwh_per_kwp,
    },
    { header: L('設備利用率', 'Capacity factor'), unit: '%', numFmt: F1, value: (a) => pct(a.capacity_factor) },
    { header: L('買電量', 'Import'), unit: 'kWh', numFmt: F1, value: (a) => a.import_kwh },
    { header: L('売電量', 'Export'), unit: 'kWh', numFmt: F1, value: (a) => a.export_kwh },
    { header: L('利用可能水量 最小', 'Usable water min'), unit: 'm³', numFmt: F1, value: (a) => a.usable_water_min_m3 },
    { header: L('蓄熱量 最小', 'Stored heat min'), unit: 'kWh', numFmt: F0, value: (a) => a.stored_heat_min_kwh },
    {
      header: L('消防水量不足時間', 'Hours below fire reserve'),
      unit: 'h',
      numFmt: F2,
      value: (a) => a.hours_below_fire_reserve,
    },
    { header: L('受信サンプル数', 'Samples received'), unit: '', numFmt: F0, value: (a) => a.received_samples },
    { header: L('期待サンプル数', 'Samples expected'), unit: '', numFmt: F0, value: (a) => a.expected_samples },
    { header: L('データ完全性', 'Completeness'), unit: '%', numFmt: F1, value: (a) => pct(a.completeness) },
    { header: L('カウンタリセット', 'Counter resets'), unit: '', numFmt: F0, value: (a) => a.counter_resets },
  ];
}

export interface FactorRow {
  kind: string;
  item: string;
  value: number;
  unit: string;
  from: string;
  source: string;
}

/** The factors the report used, as rows. */
export function factorRows(report: MonthlyReport, lang: ReportLang): FactorRow[] {
  const f = report.factors;
  const rows: FactorRow[] = [];
  const k = (ja: string, en: string) => (lang === 'ja' ? ja : en);
  for (const g of f.grid_emission)
    rows.push({
      kind: k('系統電力CO2排出係数', 'Grid emission factor'),
      item: fuelName('grid', lang),
      value: g.value,
      unit: 'kg-CO2/kWh',
      from: g.from_date,
      source: g.source ?? '',
    });
  for (const p of f.primary_energy)
    rows.push({
      kind: k('電力一次エネルギー換算係数', 'Primary-energy factor'),
      item: fuelName('grid', lang),
      value: p.value,
      unit: 'MJ/kWh',
      from: p.from_date,
      source: p.source ?? '',
    });
  for (const fu of f.fuels) {
    rows.push({
      kind: k('高位発熱量', 'HHV'),
      item: fuelName(fu.fuel, lang),
      value: fu.hhv_mj_per_unit,
      unit: `MJ/${unitName(fu.unit)}`,
      from: '',
      source: fu.source ?? '',
    });
    rows.push({
      kind: k('CO2排出係数', 'CO2 factor'),
      item: fuelName(fu.fuel, lang),
      value: fu.co2_kg_per_unit,
      unit: `kg-CO2/${unitName(fu.unit)}`,
      from: '',
      source: fu.source ?? '',
    });
  }
  rows.push({
    kind: k('地域冷暖房 一次エネルギーCOP 全国平均', 'DHC primary-energy COP national average'),
    item: 'FY2024',
    value: f.national_average_primary_cop,
    unit: '-',
    from: '',
    source: f.national_average_source,
  });
  return rows;
}

export const FACTOR_HEADERS = {
  ja: ['区分', '項目', '値', '単位', '適用開始日', '出典'],
  en: ['Kind', 'Item', 'Value', 'Unit', 'From', 'Source'],
};

/** Key figures of the month for the summary sheet and the PDF. */
export function summaryRows(
  report: MonthlyReport,
  lang: ReportLang,
): { label: string; value: Cell; unit: string; numFmt: string }[] {
  const t = report.totals;
  const k = (ja: string, en: string) => (lang === 'ja' ? ja : en);
  return [
    { label: k('熱生産量', 'Heat produced'), value: t.heat_produced_kwh, unit: 'kWh', numFmt: F0 },
    { label: k('供給熱量', 'Heat delivered'), value: t.heat_delivered_kwh * KWH_TO_GJ, unit: 'GJ', numFmt: F2 },
    { label: k('HP消費電力量', 'HP electricity used'), value: t.electricity_used_kwh, unit: 'kWh', numFmt: F0 },
    { label: k('COP(全体)', 'COP (total)'), value: t.cop_total, unit: '-', numFmt: F2 },
    { label: k('COP(運転時)', 'COP (running)'), value: t.cop_running, unit: '-', numFmt: F2 },
    { label: k('デフロスト熱量', 'Defrost heat'), value: t.defrost_kwh, unit: 'kWh', numFmt: F0 },
    { label: k('燃料熱量(高位)', 'Fuel energy (HHV)'), value: t.fuel_gj, unit: 'GJ', numFmt: F2 },
    { label: k('ボイラ効率', 'Boiler efficiency'), value: pct(t.boiler_efficiency), unit: '%', numFmt: F1 },
    { label: k('一次エネルギーCOP', 'Plant primary-energy COP'), value: t.plant_primary_cop, unit: '-', numFmt: F3 },
    {
      label: k('全国平均(2024年度)', 'National average (FY2024)'),
      value: report.primary.national_average,
      unit: '-',
      numFmt: F3,
    },
    { label: k('PV発電量', 'PV generation'), value: t.pv_kwh, unit: 'kWh', numFmt: F0 },
    {
      label: k('PV比発電量', 'PV specific yield'),
      value: t.pv_specific_yield_kwh_per_kwp,
      unit: 'kWh/kWp',
      numFmt: F1,
    },
    { label: k('PV設備利用率', 'PV capacity factor'), value: pct(t.pv_capacity_factor), unit: '%', numFmt: F1 },
    { label: k('CO2排出量', 'CO2 emitted'), value: t.co2_total_kg, unit: 'kg', numFmt: F0 },
    { label: k('PVによるCO2削減量', 'CO2 avoided by PV'), value: t.pv_avoided_co2_kg, unit: 'kg', numFmt: F0 },
    {
      label: k('熱のCO2原単位', 'Heat CO2 intensity'),
      value: t.heat_co2_intensity_kg_per_gj,
      unit: 'kg/GJ',
      numFmt: F2,
    },
    { label: k('再エネ熱比率', 'Renewable heat share'), value: pct(t.renewable_heat_share), unit: '%', numFmt: F1 },
    { label: k('利用可能水量 最小', 'Usable water min'), value: t.usable_water_min_m3, unit: 'm³', numFmt: F0 },
    {
      label: k('消防水量不足時間', 'Hours below fire reserve'),
      value: t.hours_below_fire_reserve,
      unit: 'h',
      numFmt: F2,
    },
    { label: k('データ完全性', 'Data completeness'), value: pct(t.completeness), unit: '%', numFmt: F1 },
    { label: k('警報件数', 'Alarms'), value: t.alarms_total, unit: '', numFmt: F0 },
  ];
}

/** Rounds for text output (CSV, PDF): up to 3 decimals, no exponent. */
export function plain(v: Cell, decimals = 3): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '';
  const r = Number(v.toFixed(decimals));
  return String(Object.is(r, -0) ? 0 : r);
}
