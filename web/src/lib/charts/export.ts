/**
 * The CSV of a line chart: the lines it holds (comparison lines already on the shown time axis), each column
 * headed with the name the legend shows and its unit (and its sign convention when the legend does not say it).
 */
import type { Locale } from '../i18n/index.ts';
import { formatUnit } from '../utils/format.ts';
import { seriesCsv, type CsvSeries } from '../utils/csv.ts';
import type { LineInput } from './options.ts';

/** "熱出力 (kW)", "電力 (kW, ＋充電／－放電)", "COP". */
export function csvHeader(line: LineInput, shownName: string, locale: Locale): string {
  const parts = [formatUnit(line.unit, locale), line.sign && !shownName.includes(line.sign) ? line.sign : ''].filter(
    (p) => p,
  );
  return parts.length ? `${shownName} (${parts.join(', ')})` : shownName;
}

export interface ChartCsvOptions {
  locale: Locale;
  timeZone: string;
  timeHeader: string;
  /** The names the chart shows for the lines, in order (the series' names: the legend's). */
  shownNames: readonly string[];
  /** Names switched off in the legend: left out, as the chart leaves them out. */
  hidden?: readonly string[];
}

export function chartCsv(lines: readonly LineInput[], o: ChartCsvOptions): string {
  const series: CsvSeries[] = [];
  lines.forEach((l, i) => {
    const shown = o.shownNames[i] ?? l.name;
    if (o.hidden?.includes(shown)) return;
    series.push({ header: csvHeader(l, shown, o.locale), points: l.points });
  });
  return seriesCsv(series, o.timeHeader, o.timeZone);
}
