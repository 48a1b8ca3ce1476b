/**
 * Formatting of numbers, units, durations, ages and dates — always through Intl, in the chosen locale and in
 * the SITE's time zone (never the browser's). Pure functions: the clock is passed in.
 */
import { DASH, formatNumber as domainFormatNumber, hoursDigits } from '@ems/domain/report';
import { translate, type Locale } from '../i18n/index.ts';

export { DASH, autoDigits, formatLocalDateTime, untilText } from '@ems/domain/report';

const dateLocale = (locale: Locale) => (locale === 'ja' ? 'ja-JP' : 'en-GB');

export interface NumberOptions {
  /** Fixed number of decimals (default: autoDigits). */
  digits?: number;
}

/**
 * A number in the locale's notation; null, undefined and non-finite values become "—". The rule is the domain's
 * (formatNumber of @ems/domain/report): the PDF and XLSX reports write every number with the same function.
 */
export function formatNumber(v: number | null | undefined, locale: Locale, opts: NumberOptions = {}): string {
  return domainFormatNumber(v, locale, opts.digits === undefined ? {} : { digits: opts.digits });
}

/** Units the API sends as words are translated; symbols (kW, m³, °C, %) stay as they are. */
const WORD_UNITS: Record<string, { ja: string; en: string }> = {
  h: { ja: '時間', en: 'h' },
  d: { ja: '日', en: 'days' },
  'person-days': { ja: '人日', en: 'person-days' },
  people: { ja: '人', en: 'people' },
  '/h': { ja: '/時', en: '/h' },
};

/** The unit as shown in `locale` ("" for dimensionless figures such as COP). */
export function formatUnit(unit: string, locale: Locale): string {
  return WORD_UNITS[unit]?.[locale] ?? unit;
}

/** A value with its unit, e.g. "1,234 kW", "12.5時間"; unknown values are "—" (no unit). */
export function formatValue(
  v: number | null | undefined,
  unit: string,
  locale: Locale,
  opts: NumberOptions = {},
): string {
  const n = formatNumber(v, locale, opts);
  if (n === DASH) return DASH;
  const u = formatUnit(unit, locale);
  if (!u) return n;
  if (u === '%') return `${n}%`;
  // Japanese counter words attach without a space
  const tight = locale === 'ja' && /^[\u3000-\u9fff/]/.test(u);
  return tight ? `${n}${u}` : `${n} ${u}`;
}

/** A fraction (0.873) as a percentage ("87.3%"). */
export function formatPercent(fraction: number | null | undefined, locale: Locale, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  return formatValue(fraction * 100, '%', locale, { digits });
}

/** How long ago, e.g. "12 s ago" / "12秒前"; "just now" under a second; "never measured" without a time. */
export function formatAge(ageMs: number | null | undefined, locale: Locale): string {
  if (ageMs === null || ageMs === undefined || !Number.isFinite(ageMs)) return translate(locale, 'age.never');
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 1) return translate(locale, 'age.now');
  if (s < 60) return translate(locale, 'age.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return translate(locale, 'age.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return translate(locale, 'age.hours', { n: h });
  return translate(locale, 'age.days', { n: Math.floor(h / 24) });
}

/** A duration in hours for autonomy figures: "30.5 h" / "30.5時間", with days added past 48 h. */
export function formatHours(hours: number | null | undefined, locale: Locale): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return DASH;
  const base = formatValue(hours, 'h', locale, { digits: hoursDigits(hours) });
  if (hours < 48) return base;
  return `${base} (${formatValue(hours / 24, 'd', locale, { digits: 1 })})`;
}

/** A duration in seconds as "1 h 05 min" / "1時間5分" (for bucket widths and spans). */
export function formatDuration(seconds: number, locale: Locale): string {
  const s = Math.round(seconds);
  const parts: [number, string, string][] = [
    [Math.floor(s / 86400), '日', 'd'],
    [Math.floor((s % 86400) / 3600), '時間', 'h'],
    [Math.floor((s % 3600) / 60), '分', 'min'],
    [s % 60, '秒', 's'],
  ];
  const used = parts.filter(([n]) => n > 0);
  if (used.length === 0) return locale === 'ja' ? '0秒' : '0 s';
  return used.map(([n, j, e]) => (locale === 'ja' ? `${n}${j}` : `${n} ${e}`)).join(locale === 'ja' ? '' : ' ');
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...opts });
    dtfCache.set(key, f);
  }
  return f;
}

export type DateStyle = 'datetime' | 'date' | 'time' | 'month' | 'short' | 'hm' | 'dayHm' | 'yearDayHm';

const STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  datetime: {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  },
  short: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  month: { year: 'numeric', month: 'long' },
  hm: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dayHm: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  yearDayHm: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

/** A UTC-ms time stamp as wall time in the site's zone. */
export function formatDateTime(
  ts: number | null | undefined,
  timeZone: string,
  locale: Locale,
  style: DateStyle = 'datetime',
): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return DASH;
  return dtf(dateLocale(locale), timeZone, STYLES[style]).format(new Date(ts));
}

/**
 * A past moment as "HH:MM" when it fell on the same local day as `nowMs`, with the day otherwise ("3月4日 14:05",
 * "4 Mar, 14:05") and the year too when it was another year — for "no fresh data since …".
 */
export function formatSince(ts: number | null | undefined, nowMs: number, timeZone: string, locale: Locale): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return DASH;
  const a = zonedParts(ts, timeZone);
  const b = zonedParts(nowMs, timeZone);
  if (a.year !== b.year) return formatDateTime(ts, timeZone, locale, 'yearDayHm');
  if (a.month !== b.month || a.day !== b.day) return formatDateTime(ts, timeZone, locale, 'dayHm');
  return formatDateTime(ts, timeZone, locale, 'hm');
}

/** Wall-clock fields of `ts` in `timeZone`. */
export function zonedParts(
  ts: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = dtf('en-US', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ts));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at `ts` in ms (Tokyo: +9 h). */
export function zoneOffsetMs(ts: number, timeZone: string): number {
  const p = zonedParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ts / 1000) * 1000;
}

/** "YYYY-MM-DDTHH:mm" wall time in `timeZone` → UTC ms (for datetime-local inputs). */
export function zonedInputToUtc(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // two passes handle offsets that change around the instant (DST)
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return utc;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** UTC ms → "YYYY-MM-DDTHH:mm" wall time in `timeZone` (value of a datetime-local input). */
export function utcToZonedInput(ts: number, timeZone: string): string {
  const p = zonedParts(ts, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar month ("YYYY-MM") that `ts` falls in at the site, shifted by `delta` months. */
export function zonedMonth(ts: number, timeZone: string, delta = 0): string {
  const p = zonedParts(ts, timeZone);
  const index = p.year * 12 + (p.month - 1) + delta;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The last month that has fully passed at the site: the report page opens on it (a current month is partial). */
export function lastCompleteMonth(ts: number, timeZone: string): string {
  return zonedMonth(ts, timeZone, -1);
}

/** The fiscal year (April–March) a month 'YYYY-MM' belongs to. */
export function fiscalYearOf(month: string): number {
  const year = Number(month.slice(0, 4));
  return Number(month.slice(5, 7)) >= 4 ? year : year - 1;
}
