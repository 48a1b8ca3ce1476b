/** XLSX: one sheet per table — summary, daily, assets, factors — with units in the headers and number formats. */
import ExcelJS from 'exceljs';
import type { MonthlyReport, ReportLang } from '../index.ts';
import {
  assetColumns,
  dailyColumns,
  DATE_HEADER,
  FACTOR_HEADERS,
  factorRows,
  headerText,
  summaryRows,
  TOTAL_LABEL,
} from './table.ts';

export const SHEETS = {
  ja: ['概要', '日報', '機器別', '係数'],
  en: ['Summary', 'Daily', 'Assets', 'Factors'],
} as const;

export async function renderXlsx(report: MonthlyReport, lang: ReportLang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'heat-solar-ems';
  wb.created = new Date(report.generated_at_ms);
  const [sSummary, sDaily, sAssets, sFactors] = SHEETS[lang];
  const bold = { bold: true } as const;

  const summary = wb.addWorksheet(sSummary);
  summary.addRow([report.site_name[lang], report.month]).font = bold;
  summary.addRow([lang === 'ja' ? 'タイムゾーン' : 'Time zone', report.time_zone]);
  summary.addRow([lang === 'ja' ? 'データあり' : 'Has data', report.has_data ? 'yes' : 'no']);
  summary.addRow([]);
  summary.addRow(lang === 'ja' ? ['項目', '値', '単位'] : ['Item', 'Value', 'Unit']).font = bold;
  for (const r of summaryRows(report, lang)) {
    const row = summary.addRow([r.label, r.value, r.unit]);
    row.getCell(2).numFmt = r.numFmt;
  }
  summary.addRow([]);
  for (const n of report.notes) summary.addRow([n[lang]]);
  summary.getColumn(1).width = 36;
  summary.getColumn(2).width = 16;

  const cols = dailyColumns(report);
  const daily = wb.addWorksheet(sDaily, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  daily.addRow([DATE_HEADER[lang], ...cols.map((c) => headerText(c, lang))]).font = bold;
  for (const d of report.days) daily.addRow([d.date, ...cols.map((c) => c.value(d))]);
  const total = daily.addRow([TOTAL_LABEL[lang], ...cols.map((c) => c.value(report.totals))]);
  total.font = bold;
  cols.forEach((c, i) => {
    const col = daily.getColumn(i + 2);
    col.numFmt = c.numFmt;
    col.width = 14;
  });
  daily.getColumn(1).width = 12;

  const acols = assetColumns();
  const assets = wb.addWorksheet(sAssets);
  assets.addRow([
    lang === 'ja' ? '名称' : 'Name',
    ...acols.map((c) => (c.unit ? headerText(c, lang) : c.header[lang])),
  ]).font = bold;
  for (const a of report.assets) assets.addRow([a.name[lang], ...acols.map((c) => c.value(a))]);
  acols.forEach((c, i) => (assets.getColumn(i + 2).numFmt = c.numFmt));
  assets.getColumn(1).width = 28;

  const factors = wb.addWorksheet(sFactors);
  factors.addRow(FACTOR_HEADERS[lang]).font = bold;
  for (const f of factorRows(report, lang)) factors.addRow([f.kind, f.item, f.value, f.unit, f.from, f.source]);
  factors.getColumn(1).width = 32;
  factors.getColumn(6).width = 50;

  return Buffer.from(await wb.xlsx.writeBuffer());
}
