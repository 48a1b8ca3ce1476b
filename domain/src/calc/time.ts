/** Calendar periods local to a site's time zone (DOMAIN §1). All instants are UTC milliseconds. */
import { DateTime, IANAZone } from 'luxon';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

// Checking a zone builds an Intl.DateTimeFormat (~0.3 ms); per-message callers need it to be free.
const validZones = new Set<string>();

/** Throws RangeError unless zone is a valid IANA time zone name. */
export function assertTimeZone(timeZone: string): void {
  if (validZones.has(timeZone)) return;
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    throw new RangeError(`invalid IANA time zone: ${JSON.stringify(timeZone)}`);
  }
  validZones.add(timeZone);
}

function assertInstant(ts_ms: number, name: string): void {
  if (!Number.isFinite(ts_ms)) throw new RangeError(`${name} must be a finite UTC millisecond value, got ${ts_ms}`);
}

/** Parses 'YYYY-MM'; throws RangeError otherwise. */
export function parseMonth(month: string): { year: number; month: number } {
  const m = typeof month === 'string' ? MONTH_RE.exec(month) : null;
  if (m === null) throw new RangeError(`month must be YYYY-MM (01–12), got ${JSON.stringify(month)}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export interface TimeRange {
  from_ms: number;
  to_ms: number;
}

/**
 * [from_ms, to_ms) of a calendar month in a zone: local midnight of the 1st to local midnight of the 1st of the
 * next month (where midnight does not exist, the first instant of that day).
 * October 2026 in Asia/Tokyo → 2026-09-30T15:00Z … 2026-10-31T15:00Z.
 */
export function monthRange(month: string, timeZone: string): TimeRange {
  const { year, month: mo } = parseMonth(month);
  assertTimeZone(timeZone);
  const start = DateTime.fromObject({ year, month: mo, day: 1 }, { zone: timeZone }).startOf('day');
  const end = start.plus({ months: 1 }).startOf('day');
  return { from_ms: start.toMillis(), to_ms: end.toMillis() };
}

/** The month 'YYYY-MM' after the given one. */
export function nextMonth(month: string): string {
  const { year, month: mo } = parseMonth(month);
  return mo === 12 ? `${year + 1}-01` : `${year}-${String(mo + 1).padStart(2, '0')}`;
}

/** 'YYYY-MM' of the local month containing ts_ms. */
export function localMonth(ts_ms: number, timeZone: string): string {
  return localDate(ts_ms, timeZone).slice(0, 7);
}

/*
 * Since 2000 every zone's UTC offset is a whole number of quarter hours, so the local date is constant within each
 * UTC quarter hour: results are remembered per (zone, quarter hour), which makes per-message look-ups (the grid
 * factor of every grid-meter sample) cheap. The memo is bounded.
 */
const QUARTER_HOUR_MS = 900_000;
const MEMO_FROM_MS = 946_684_800_000; // 2000-01-01T00:00Z
const dateMemo = new Map<string, string>();

/** Local calendar date 'YYYY-MM-DD' of ts_ms in timeZone. */
export function localDate(ts_ms: number, timeZone: string): string {
  assertInstant(ts_ms, 'ts_ms');
  assertTimeZone(timeZone);
  const key = ts_ms >= MEMO_FROM_MS ? `${timeZone}|${Math.floor(ts_ms / QUARTER_HOUR_MS)}` : undefined;
  const known = key === undefined ? undefined : dateMemo.get(key);
  if (known !== undefined) return known;
  const d = DateTime.fromMillis(ts_ms, { zone: timeZone });
  const y = String(d.year).padStart(4, '0');
  const date = `${y}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  if (key !== undefined) {
    if (dateMemo.size >= 50_000) dateMemo.clear();
    dateMemo.set(key, date);
  }
  return date;
}

/** The local day holding ts_ms: its first instant and the first instant of the next day. */
export function localDay(ts_ms: number, timeZone: string): DayRange {
  assertInstant(ts_ms, 'ts_ms');
  assertTimeZone(timeZone);
  const start = DateTime.fromMillis(ts_ms, { zone: timeZone }).startOf('day');
  const next = start.plus({ days: 1 }).startOf('day');
  return { date: localDate(start.toMillis(), timeZone), from_ms: start.toMillis(), to_ms: next.toMillis() };
}

export interface DayRange extends TimeRange {
  /** Local date 'YYYY-MM-DD' */
  date: string;
}

/**
 * Local calendar days covering [from_ms, to_ms), in order, each clipped to the requested range. A day in a
 * zone with daylight saving can last 23 or 25 hours (or other lengths, e.g. Lord Howe's 30-minute shift).
 * Empty when to_ms ≤ from_ms.
 */
export function dayRanges(from_ms: number, to_ms: number, timeZone: string): DayRange[] {
  assertInstant(from_ms, 'from_ms');
  assertInstant(to_ms, 'to_ms');
  assertTimeZone(timeZone);
  const days: DayRange[] = [];
  let dayStart = DateTime.fromMillis(from_ms, { zone: timeZone }).startOf('day');
  while (dayStart.toMillis() < to_ms) {
    const next = dayStart.plus({ days: 1 }).startOf('day');
    const from = Math.max(dayStart.toMillis(), from_ms);
    const to = Math.min(next.toMillis(), to_ms);
    if (to > from) days.push({ date: localDate(dayStart.toMillis(), timeZone), from_ms: from, to_ms: to });
    dayStart = next;
  }
  return days;
}
