/**
 * CSV: UTF-8 with a byte-order mark and CRLF (Excel in Japan opens it). Numbers rounded as on screen, without
 * thousands separators (a spreadsheet reads them as numbers); every label, name and note in the report's language.
 */
import type { AllSitesReport, FiscalYearReport, MonthlyReport, ReportLang } from '../index.ts';
import {
  additiveRow,
  cellText,
  COMPARISON_HEADERS,
  comparisonRows,
  csvNumber,
  DATE_HEADER,
  dailyColumns,
  FACTOR_HEADERS,
  factorRows,
  fiscalYearTitle,
  headerText,
  isAhead,
  monthTitle,
  MONTH_HEADER,
  SITE_HEADER,
  tableFigureColumns,
  TOTAL_LABEL,
  type Column,
  type FigureRow,
} from './table.ts';

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (cells: readonly string[]): string => cells.map(field).join(',');
const finish = (lines: string[]): Buffer => Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');

/** A table; a row given as null (a day or month still ahead) has empty cells. */
function table<T>(
  lines: string[],
  first: string,
  cols: Column<T>[],
  rows: [string, T | null][],
  lang: ReportLang,
): void {
  lines.push(line([first, ...cols.map((c) => headerText(c, lang))]));
  for (const [label, r] of rows)
    lines.push(line([label, ...cols.map((c) => (r === null ? '' : cellText(c, r, lang, false)))]));
}

function factorsAndNotes(
  lines: string[],
  factors: MonthlyReport['factors'],
  notes: { ja: string; en: string }[],
  lang: ReportLang,
): void {
  lines.push('');
  lines.push(line([lang === 'ja' ? '使用した係数' : 'Factors used']));
  lines.push(line(FACTOR_HEADERS[lang]));
  for (const f of factorRows(factors, lang))
    lines.push(line([f.kind, f.item, csvNumber(f.value, f.digits, lang), f.unit, f.from, f.source]));
  if (notes.length) {
    lines.push('');
    lines.push(line([lang === 'ja' ? '注記' : 'Notes']));
    for (const n of notes) lines.push(line([n[lang]]));
  }
}

function comparison(lines: string[], report: MonthlyReport, lang: ReportLang): void {
  if (!report.previous_year) return;
  lines.push('');
  lines.push(
    line([
      lang === 'ja'
        ? `前年同月との比較（${monthTitle(report.previous_year.previous_month, lang)}）`
        : `Compared with the same month last year (${monthTitle(report.previous_year.previous_month, lang)})`,
    ]),
  );
  lines.push(line(COMPARISON_HEADERS[lang]));
  for (const r of comparisonRows(report, lang))
    lines.push(
      line([
        r.label,
        r.unit,
        csvNumber(r.current, r.digits, lang),
        csvNumber(r.previous, r.digits, lang),
        csvNumber(r.change, r.digits, lang),
        csvNumber(r.change_pct, 1, lang),
      ]),
    );
}

/** The monthly report: daily rows and the month's total, the comparison, the factors, the notes. */
export function renderCsv(report: MonthlyReport, lang: ReportLang): Buffer {
  const lines: string[] = [];
  table(
    lines,
    DATE_HEADER[lang],
    dailyColumns(report),
    [
      ...report.days.map((d) => [d.date, isAhead(d, report.generated_at_ms) ? null : d] as [string, typeof d | null]),
      [TOTAL_LABEL[lang], report.totals],
    ],
    lang,
  );
  comparison(lines, report, lang);
  factorsAndNotes(lines, report.factors, report.notes, lang);
  return finish(lines);
}

/** The fiscal year: one row per month and the year's figures (computed over the whole year). */
export function renderFiscalYearCsv(report: FiscalYearReport, lang: ReportLang): Buffer {
  const lines: string[] = [line([report.site_name[lang], fiscalYearTitle(report.fiscal_year, lang)])];
  table(
    lines,
    MONTH_HEADER[lang],
    tableFigureColumns<FiscalYearReport['totals']>(),
    [
      ...report.months.map(
        (m) => [monthTitle(m.month, lang), isAhead(m, report.generated_at_ms) ? null : m] as [string, typeof m | null],
      ),
      [lang === 'ja' ? '年度合計' : 'Year', report.totals],
    ],
    lang,
  );
  factorsAndNotes(lines, report.factors, report.notes, lang);
  return finish(lines);
}

/** Every site in one table for the month, with the sites' additive figures added up. */
export function renderAllSitesCsv(report: AllSitesReport, lang: ReportLang): Buffer {
  const lines: string[] = [
    line([
      lang === 'ja' ? `全サイト 月報 ${monthTitle(report.month, lang)}` : `All sites ${monthTitle(report.month, lang)}`,
    ]),
  ];
  table(
    lines,
    SITE_HEADER[lang],
    tableFigureColumns<FigureRow>(),
    [
      ...report.sites.map((s) => [s.site_name[lang], s.totals] as [string, FigureRow]),
      [TOTAL_LABEL[lang], additiveRow(report.totals)],
    ],
    lang,
  );
  const notes = report.sites.flatMap((s) =>
    s.notes.map((n) => ({ ja: `${s.site_name.ja}: ${n.ja}`, en: `${s.site_name.en}: ${n.en}` })),
  );
  if (notes.length) {
    lines.push('');
    lines.push(line([lang === 'ja' ? '注記' : 'Notes']));
    for (const n of notes) lines.push(line([n[lang]]));
  }
  return finish(lines);
}
