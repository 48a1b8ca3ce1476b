/**
 * How an instant is written for a person: always as the wall time of the SITE's time zone, with its date (a time
 * without a date misleads the day after). One rule for the screen, the printed sheet and every export. Pure; Intl.
 */
import { DASH, type Lang } from './numbers.ts';

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: lang === 'ja' ? 'numeric' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    fmtCache.set(key, f);
  }
  return f;
}

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function parts(ts: number, timeZone: string, lang: Lang): Parts {
  const p: Record<string, string> = {};
  for (const x of fmt(lang, timeZone).formatToParts(new Date(ts))) p[x.type] = x.value;
  return {
    year: p['year'] ?? '',
    month: p['month'] ?? '',
    day: p['day'] ?? '',
    hour: p['hour'] ?? '',
    minute: p['minute'] ?? '',
    second: p['second'] ?? '',
  };
}

export interface LocalDateTimeOptions {
  /** Write the year (default: only when it differs from the year of `ref_ms`, or always without it). */
  year?: boolean;
  /** Write the seconds (default false). */
  seconds?: boolean;
  /** The instant "now" is compared with to leave out the current year. */
  ref_ms?: number;
}

/**
 * "12月3日 14:00" / "3 Dec 14:00" in the site's zone; with the year when asked for or when it is not the year of
 * ref_ms ("2027年1月3日 02:00" / "3 Jan 2027 02:00"); "—" for no instant.
 */
export function formatLocalDateTime(
  ts: number | null | undefined,
  timeZone: string,
  lang: Lang,
  opts: LocalDateTimeOptions = {},
): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return DASH;
  const p = parts(ts, timeZone, lang);
  const withYear = opts.year ?? (opts.ref_ms === undefined ? true : parts(opts.ref_ms, timeZone, lang).year !== p.year);
  const time = `${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
  if (lang === 'ja') return `${withYear ? `${p.year}年` : ''}${p.month}月${p.day}日 ${time}`;
  return `${p.day} ${p.month}${withYear ? ` ${p.year}` : ''} ${time}`;
}

/** "12月3日 14:00まで" / "until 3 Dec 14:00" (DOMAIN §9: a reserve lasts until a local date and time). */
export function untilText(ts: number, timeZone: string, lang: Lang, ref_ms?: number): string {
  const at = formatLocalDateTime(ts, timeZone, lang, ref_ms === undefined ? { year: false } : { ref_ms });
  return lang === 'ja' ? `${at}まで` : `until ${at}`;
}

/** "2026-12-03 14:00:05": the wall time in the zone, sortable (exports' time columns). */
export function isoLocalDateTime(ts: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ts))) p[x.type] = x.value;
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
}

/**
 * The wall time of `ts` in the zone as the UTC instant with the same fields: what a spreadsheet date cell holds
 * (a workbook has no time zones, so the cell shows the site's wall time).
 */
export function wallClockAsUtc(ts: number, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(isoLocalDateTime(ts, timeZone))!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
