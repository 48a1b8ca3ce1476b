/**
 * The reserve sheet as files. CSV: UTF-8 with a byte-order mark and CRLF (Excel in Japan opens it), numbers rounded
 * as on screen without separators, times as the site's wall time "2026-12-03 14:00:05". XLSX: a summary sheet and
 * a figures sheet; numbers with the screen's decimals and separators, times as date cells showing the site's wall
 * time (a workbook has no time zones; each row names its zone).
 */
import ExcelJS from 'exceljs';
import { excelNumberFormat, isoLocalDateTime, timeZoneName, wallClockAsUtc } from '@ems/domain';
import type { Cell, Lang, ReserveSheet, SheetTable } from './sheet.ts';

export type SheetFormat = 'csv' | 'xlsx';

export const SHEET_CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** `reserves-20261203-1400.csv`: the generation time at the sheet's zone. */
export function sheetFilename(sheet: ReserveSheet, format: SheetFormat): string {
  const t = isoLocalDateTime(sheet.generated_at, sheet.zone);
  return `reserves-${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 16).replace(':', '')}.${format}`;
}

function csvText(c: Cell): string {
  if (c === null) return '';
  if (c.kind === 'number') return c.value.toFixed(c.digits);
  if (c.kind === 'time') return isoLocalDateTime(c.ts, c.zone);
  return c.value;
}

const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const line = (cells: readonly string[]) => cells.map(field).join(',');

function generatedLine(sheet: ReserveSheet, lang: Lang): string[] {
  return [sheet.generated, isoLocalDateTime(sheet.generated_at, sheet.zone), timeZoneName(sheet.zone, lang)];
}

export function renderSheetCsv(sheet: ReserveSheet, lang: Lang): Buffer {
  const lines: string[] = [line([sheet.title]), line(generatedLine(sheet, lang)), ''];
  const table = (t: SheetTable) => {
    lines.push(line(t.headers));
    for (const r of t.rows) lines.push(line(r.map(csvText)));
  };
  table(sheet.summary);
  lines.push('');
  table(sheet.figures);
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

function put(row: ExcelJS.Row, j: number, c: Cell): void {
  const cell = row.getCell(j + 1);
  if (c === null) return;
  if (c.kind === 'number') {
    cell.value = c.value;
    cell.numFmt = excelNumberFormat(c.digits);
  } else if (c.kind === 'time') {
    cell.value = wallClockAsUtc(c.ts, c.zone);
    cell.numFmt = DATE_FORMAT;
  } else cell.value = c.value;
}

function sheetOf(wb: ExcelJS.Workbook, name: string, sheet: ReserveSheet, t: SheetTable, lang: Lang, widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 }] });
  ws.addRow([sheet.title]).font = { bold: true };
  const g = ws.addRow([sheet.generated]);
  put(g, 1, { kind: 'time', ts: sheet.generated_at, zone: sheet.zone });
  g.getCell(3).value = timeZoneName(sheet.zone, lang);
  ws.addRow(t.headers).font = { bold: true };
  t.rows.forEach((r, i) => {
    const row = ws.addRow([]);
    r.forEach((c, j) => put(row, j, c));
    if (t.boldRows.includes(i)) row.font = { bold: true };
  });
  t.headers.forEach((_, j) => (ws.getColumn(j + 1).width = widths[j] ?? 16));
}

export const SHEET_NAMES = {
  ja: { summary: '一覧', figures: '数値と計測日時' },
  en: { summary: 'Summary', figures: 'Figures' },
} as const;

export async function renderSheetXlsx(sheet: ReserveSheet, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'heat-solar-ems';
  wb.created = new Date(sheet.generated_at);
  sheetOf(wb, SHEET_NAMES[lang].summary, sheet, sheet.summary, lang, [32, 10, 30]);
  sheetOf(wb, SHEET_NAMES[lang].figures, sheet, sheet.figures, lang, [32, 10, 40, 14, 12, 20, 18, 24, 24, 24, 60]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
