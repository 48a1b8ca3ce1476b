/**
 * XLSX: one sheet per table, units in the headers. Each number cell holds the figure rounded as the screen
 * rounds it and a number format with thousands separators and the screen's decimals, so the workbook shows what
 * the screen shows; every label, name and note is in the report's language.
 */
import ExcelJS from 'exceljs';
import { excelNumberFormat, timeZoneName } from '@ems/domain';
import type { AllSitesReport, FiscalYearReport, MonthlyReport, ReportLang } from '../index.ts';
import {
  additiveRow,
  assetColumns,
  cellOf,
  COMPARISON_HEADERS,
  comparisonRows,
  dailyColumns,
  DATE_HEADER,
  FACTOR_HEADERS,
  factorRows,
  fiscalYearTitle,
  headerText,
  isAhead,
  monthTitle,
  MONTH_HEADER,
  numFmtOf,
  SITE_HEADER,
  summaryRows,
  tableFigureColumns,
  TOTAL_LABEL,
  yesNo,
  type Column,
  type FigureRow,
} from './table.ts';

export const SHEETS = {
  ja: {
    summary: '概要',
    daily: '日報',
    assets: '機器別',
    factors: '係数',
    comparison: '前年同月比',
    months: '月別',
    sites: '全サイト',
    notes: '注記',
  },
  en: {
    summary: 'Summary',
    daily: 'Daily',
    assets: 'Assets',
    factors: 'Factors',
    comparison: 'Previous year',
    months: 'Months',
    sites: 'All sites',
    notes: 'Notes',
  },
} as const;

const bold = { bold: true } as const;

function workbook(generated_at_ms: number): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'heat-solar-ems';
  wb.created = new Date(generated_at_ms);
  return wb;
}
const done = async (wb: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await wb.xlsx.writeBuffer());

/** A table: header row, one row per entry (first cell its label), number formats per column. */
function table<T>(
  sheet: ExcelJS.Worksheet,
  first: string,
  cols: Column<T>[],
  rows: [string, T | null][],
  lang: ReportLang,
  boldLast = false,
): void {
  sheet.addRow([first, ...cols.map((c) => headerText(c, lang))]).font = bold;
  rows.forEach(([label, r], i) => {
    // a row given as null (a day or month still ahead) stays empty
    const row = sheet.addRow([label, ...cols.map((c) => (r === null ? null : cellOf(c, r, lang)))]);
    cols.forEach((c, j) => (row.getCell(j + 2).numFmt = numFmtOf(c)));
    if (boldLast && i === rows.length - 1) row.font = bold;
  });
  cols.forEach((_, j) => {
    const col = sheet.getColumn(j + 2);
    col.width = Math.max(col.width ?? 0, 14);
  });
  sheet.getColumn(1).width = Math.max(sheet.getColumn(1).width ?? 0, 14);
}

function factorsSheet(wb: ExcelJS.Workbook, factors: MonthlyReport['factors'], lang: ReportLang, name: string): void {
  const sheet = wb.addWorksheet(name);
  sheet.addRow(FACTOR_HEADERS[lang]).font = bold;
  for (const f of factorRows(factors, lang)) {
    const row = sheet.addRow([f.kind, f.item, f.value, f.unit, f.from, f.source]);
    row.getCell(3).numFmt = excelNumberFormat(f.digits);
  }
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(6).width = 50;
}

function comparisonTable(sheet: ExcelJS.Worksheet, report: MonthlyReport, lang: ReportLang, label?: string): void {
  if (!report.previous_year) return;
  sheet.addRow([...(label !== undefined ? [SITE_HEADER[lang]] : []), ...COMPARISON_HEADERS[lang]]).font = bold;
  for (const r of comparisonRows(report, lang)) {
    const row = sheet.addRow([
      ...(label !== undefined ? [label] : []),
      r.label,
      r.unit,
      r.current,
      r.previous,
      r.change,
      r.change_pct,
    ]);
    const off = label !== undefined ? 1 : 0;
    for (const c of [3, 4, 5]) row.getCell(c + off).numFmt = excelNumberFormat(r.digits);
    row.getCell(6 + off).numFmt = excelNumberFormat(1);
  }
}

/** Title rows of a sheet: the site (or report) name, the period, the time zone. */
function heading(
  sheet: ExcelJS.Worksheet,
  title: string,
  period: string,
  zone: string | null,
  lang: ReportLang,
  at_ms: number,
) {
  sheet.addRow([title, period]).font = bold;
  if (zone) sheet.addRow([lang === 'ja' ? 'タイムゾーン' : 'Time zone', timeZoneName(zone, lang, at_ms)]);
}

export async function renderXlsx(report: MonthlyReport, lang: ReportLang): Promise<Buffer> {
  const wb = workbook(report.generated_at_ms);
  const S = SHEETS[lang];

  const summary = wb.addWorksheet(S.summary);
  heading(summary, report.site_name[lang], monthTitle(report.month, lang), report.time_zone, lang, report.from_ms);
  summary.addRow([lang === 'ja' ? 'データ' : 'Has data', yesNo(report.has_data, lang)]);
  summary.addRow([]);
  summary.addRow(lang === 'ja' ? ['項目', '値', '単位'] : ['Item', 'Value', 'Unit']).font = bold;
  for (const r of summaryRows(report.totals, lang)) {
    const row = summary.addRow([r.label, r.value, r.unit]);
    row.getCell(2).numFmt = excelNumberFormat(r.digits);
  }
  summary.addRow([]);
  for (const n of report.notes) summary.addRow([n[lang]]);
  summary.getColumn(1).width = 36;
  summary.getColumn(2).width = 16;

  const daily = wb.addWorksheet(S.daily, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  table(
    daily,
    DATE_HEADER[lang],
    dailyColumns(report),
    [
      ...report.days.map((d) => [d.date, isAhead(d, report.generated_at_ms) ? null : d] as [string, typeof d | null]),
      [TOTAL_LABEL[lang], report.totals],
    ],
    lang,
    true,
  );
  daily.getColumn(1).width = 12;

  const assets = wb.addWorksheet(S.assets);
  const acols = assetColumns();
  assets.addRow(acols.map((c) => headerText(c, lang))).font = bold;
  for (const a of report.assets) {
    const row = assets.addRow(acols.map((c) => cellOf(c, a, lang)));
    acols.forEach((c, j) => (row.getCell(j + 1).numFmt = numFmtOf(c)));
  }
  assets.getColumn(1).width = 28;

  if (report.previous_year) {
    const cmp = wb.addWorksheet(S.comparison);
    cmp.addRow([
      lang === 'ja'
        ? `${monthTitle(report.month, lang)}と${monthTitle(report.previous_year.previous_month, lang)}の比較`
        : `${monthTitle(report.month, lang)} compared with ${monthTitle(report.previous_year.previous_month, lang)}`,
    ]).font = bold;
    comparisonTable(cmp, report, lang);
    cmp.getColumn(1).width = 28;
    cmp.getColumn(2).width = 20;
  }

  factorsSheet(wb, report.factors, lang, S.factors);
  return done(wb);
}

export async function renderFiscalYearXlsx(report: FiscalYearReport, lang: ReportLang): Promise<Buffer> {
  const wb = workbook(report.generated_at_ms);
  const S = SHEETS[lang];
  const months = wb.addWorksheet(S.months, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  heading(
    months,
    report.site_name[lang],
    fiscalYearTitle(report.fiscal_year, lang),
    report.time_zone,
    lang,
    report.from_ms,
  );
  table(
    months,
    MONTH_HEADER[lang],
    tableFigureColumns<FiscalYearReport['totals']>(),
    [
      ...report.months.map(
        (m) => [monthTitle(m.month, lang), isAhead(m, report.generated_at_ms) ? null : m] as [string, typeof m | null],
      ),
      [lang === 'ja' ? '年度合計' : 'Year', report.totals],
    ],
    lang,
    true,
  );
  months.getColumn(1).width = 16;

  const summary = wb.addWorksheet(S.summary);
  summary.addRow(lang === 'ja' ? ['項目', '値', '単位'] : ['Item', 'Value', 'Unit']).font = bold;
  for (const r of summaryRows(report.totals, lang)) {
    const row = summary.addRow([r.label, r.value, r.unit]);
    row.getCell(2).numFmt = excelNumberFormat(r.digits);
  }
  summary.addRow([]);
  for (const n of report.notes) summary.addRow([n[lang]]);
  summary.getColumn(1).width = 36;
  summary.getColumn(2).width = 16;

  const assets = wb.addWorksheet(S.assets);
  const acols = assetColumns();
  assets.addRow(acols.map((c) => headerText(c, lang))).font = bold;
  for (const a of report.assets) {
    const row = assets.addRow(acols.map((c) => cellOf(c, a, lang)));
    acols.forEach((c, j) => (row.getCell(j + 1).numFmt = numFmtOf(c)));
  }
  assets.getColumn(1).width = 28;

  factorsSheet(wb, report.factors, lang, S.factors);
  return done(wb);
}

export async function renderAllSitesXlsx(report: AllSitesReport, lang: ReportLang): Promise<Buffer> {
  const wb = workbook(report.generated_at_ms);
  const S = SHEETS[lang];
  const sites = wb.addWorksheet(S.sites, { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  sites.addRow([lang === 'ja' ? '全サイト 月報' : 'All sites', monthTitle(report.month, lang)]).font = bold;
  table(
    sites,
    SITE_HEADER[lang],
    tableFigureColumns<FigureRow>(),
    [
      ...report.sites.map((s) => [s.site_name[lang], s.totals] as [string, FigureRow]),
      [TOTAL_LABEL[lang], additiveRow(report.totals)],
    ],
    lang,
    true,
  );
  sites.getColumn(1).width = 32;

  const cmp = wb.addWorksheet(S.comparison);
  for (const s of report.sites) comparisonTable(cmp, s, lang, s.site_name[lang]);
  cmp.getColumn(1).width = 32;
  cmp.getColumn(2).width = 24;

  const notes = wb.addWorksheet(S.notes);
  notes.addRow([SITE_HEADER[lang], lang === 'ja' ? '注記' : 'Note']).font = bold;
  for (const s of report.sites) for (const n of s.notes) notes.addRow([s.site_name[lang], n[lang]]);
  notes.getColumn(1).width = 32;
  notes.getColumn(2).width = 90;

  const factors = wb.addWorksheet(S.factors);
  factors.addRow([SITE_HEADER[lang], ...FACTOR_HEADERS[lang]]).font = bold;
  for (const s of report.sites)
    for (const f of factorRows(s.factors, lang)) {
      const row = factors.addRow([s.site_name[lang], f.kind, f.item, f.value, f.unit, f.from, f.source]);
      row.getCell(4).numFmt = excelNumberFormat(f.digits);
    }
  factors.getColumn(1).width = 32;
  factors.getColumn(2).width = 34;
  factors.getColumn(7).width = 50;
  return done(wb);
}
