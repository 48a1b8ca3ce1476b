/** CSV: UTF-8 with a byte-order mark and CRLF (Excel in Japan opens it), daily rows, totals, then factors. */
import type { MonthlyReport, ReportLang } from '../index.ts';
import { DATE_HEADER, dailyColumns, FACTOR_HEADERS, factorRows, headerText, plain, TOTAL_LABEL } from './table.ts';

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (cells: readonly string[]): string => cells.map(field).join(',');

export function renderCsv(report: MonthlyReport, lang: ReportLang): Buffer {
  const cols = dailyColumns(report);
  const lines: string[] = [];
  lines.push(line([DATE_HEADER[lang], ...cols.map((c) => headerText(c, lang))]));
  for (const d of report.days) lines.push(line([d.date, ...cols.map((c) => plain(c.value(d)))]));
  lines.push(line([TOTAL_LABEL[lang], ...cols.map((c) => plain(c.value(report.totals)))]));
  lines.push('');
  lines.push(line([lang === 'ja' ? '使用した係数' : 'Factors used']));
  lines.push(line(FACTOR_HEADERS[lang]));
  for (const f of factorRows(report, lang))
    lines.push(line([f.kind, f.item, plain(f.value, 6), f.unit, f.from, f.source]));
  if (report.notes.length) {
    lines.push('');
    lines.push(line([lang === 'ja' ? '注記' : 'Notes']));
    for (const n of report.notes) lines.push(line([n[lang]]));
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}
