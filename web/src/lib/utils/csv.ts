/**
 * CSV of what a chart shows, built in the browser from the series the chart holds: UTF-8 with a BOM (so that
 * Excel reads Japanese), CRLF line ends, RFC 4180 quoting, one row per time stamp as ISO 8601 with the site's
 * offset, one column per series with its unit in the header. Numbers are rounded as the screen rounds them
 * (the domain's rule, as in the report CSVs), without thousands separators so that a spreadsheet reads numbers.
 */
import { autoDigits, roundTo } from '@ems/domain/report';
import { zoneOffsetMs } from './format.ts';

export const BOM = '\uFEFF';

/** A cell as RFC 4180 wants it; text that a spreadsheet would run as a formula is made inert with a quote. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with the BOM and CRLF after every row. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return BOM + rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** UTC ms → "2026-12-02T08:00:00+09:00": the wall time at the site with its offset. */
export function isoInZone(ts: number, timeZone: string): string {
  const offset = zoneOffsetMs(ts, timeZone);
  const d = new Date(ts + offset);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
  );
}

/** A number as the screen rounds it (2,024.3 → 2024; 3.4149 → 3.41). */
export function csvNumber(v: number): number | null {
  return Number.isFinite(v) ? roundTo(v, autoDigits(v)) : null;
}

export interface CsvSeries {
  /** Column header, its unit included ("熱出力 (kW)"). */
  header: string;
  /** [UTC ms, value], on the time axis the chart shows (comparison series already moved onto it). */
  points: readonly (readonly number[])[];
}

/**
 * The series side by side: one row per time stamp any of them has (ascending), an empty cell where a series has
 * no value at that time.
 */
export function seriesCsv(series: readonly CsvSeries[], timeHeader: string, timeZone: string): string {
  const columns = series.map((s) => {
    const m = new Map<number, number>();
    for (const p of s.points) if (typeof p[0] === 'number' && typeof p[1] === 'number') m.set(p[0], p[1]);
    return m;
  });
  const times = [...new Set(columns.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const rows: (string | number | null)[][] = [[timeHeader, ...series.map((s) => s.header)]];
  for (const ts of times) {
    rows.push([isoInZone(ts, timeZone), ...columns.map((m) => (m.has(ts) ? csvNumber(m.get(ts)!) : null))]);
  }
  return toCsv(rows);
}

/** A file name part from free text: letters, digits and a few marks, the rest as "-". */
export function fileSafe(s: string): string {
  return s.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** Offers `text` as a download (the browser's save dialog or downloads bar). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
