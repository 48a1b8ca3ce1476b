/**
 * The time range of the site and asset charts and its comparison with yesterday or last week, as they live in the
 * page's URL (`?range=24h&compare=day`, or `?from=2026-12-01T08:00&to=2026-12-02T08:00` in the site's wall time)
 * so that a view can be shared. Pure: the clock and the zone are passed in.
 */
import { utcToZonedInput, zonedInputToUtc, zoneOffsetMs } from './format.ts';

const HOUR = 3_600_000;

/** Ranges that end now: hours count elapsed time, days count calendar days at the site (23 h or 25 h across DST). */
export const PRESETS = {
  '1h': { hours: 1 },
  '6h': { hours: 6 },
  '24h': { hours: 24 },
  '7d': { days: 7 },
  '30d': { days: 30 },
  '1y': { days: 365 },
} as const satisfies Record<string, { hours: number } | { days: number }>;
export type Preset = keyof typeof PRESETS;
export const PRESET_KEYS = Object.keys(PRESETS) as Preset[];

/** What the chart is compared with: the same series a day or a week earlier, laid over the same hours. */
export const COMPARE_DAYS = { day: 1, week: 7 } as const;
export type Compare = keyof typeof COMPARE_DAYS;

/** The widest window the api serves (MAX_WINDOW_DAYS) and how far ahead "to" may be. */
export const MAX_WINDOW_MS = 731 * 24 * HOUR;
export const MAX_AHEAD_MS = 24 * HOUR;

export interface RangeState {
  /** A preset, or 'custom' with `from` and `to` as wall time at the site ("YYYY-MM-DDTHH:mm"). */
  preset: Preset | 'custom';
  from: string;
  to: string;
  compare: Compare | null;
}

const WALL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export function isPreset(v: string | null | undefined): v is Preset {
  return typeof v === 'string' && Object.hasOwn(PRESETS, v);
}

/** The range a URL query asks for; anything missing or malformed falls back to `fallback` (no comparison). */
export function parseRange(query: URLSearchParams, fallback: Preset): RangeState {
  const c = query.get('compare');
  const compare = c === 'day' || c === 'week' ? c : null;
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (WALL.test(from) && WALL.test(to)) return { preset: 'custom', from, to, compare };
  const r = query.get('range');
  return { preset: isPreset(r) ? r : fallback, from: '', to: '', compare };
}

/** The query parameters of a range (merged into the page's other parameters with `withQuery`). */
export function rangeQuery(r: RangeState): Record<string, string | undefined> {
  const custom = r.preset === 'custom';
  return {
    range: custom ? undefined : r.preset,
    from: custom ? r.from : undefined,
    to: custom ? r.to : undefined,
    compare: r.compare ?? undefined,
  };
}

/**
 * `ts` moved by whole days of the site's calendar: the same wall time `days` later (earlier when negative), so
 * that yesterday's 08:00 lands on today's 08:00 even across a daylight-saving change.
 */
export function shiftDays(ts: number, days: number, timeZone: string): number {
  const wall = ts + zoneOffsetMs(ts, timeZone) + days * 24 * HOUR;
  // two passes handle an offset that differs at the target (as zonedInputToUtc does)
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return utc;
}

export type WindowResult =
  { ok: true; from: number; to: number } | { ok: false; reason: 'invalid' | 'order' | 'tooLong' | 'future' };

/** The [from, to) window in UTC ms a range stands for at `now`. */
export function rangeWindow(r: RangeState, now: number, timeZone: string): WindowResult {
  if (r.preset !== 'custom') {
    const p: { hours: number } | { days: number } = PRESETS[r.preset];
    const from = 'hours' in p ? now - p.hours * HOUR : shiftDays(now, -p.days, timeZone);
    return { ok: true, from, to: now };
  }
  const from = zonedInputToUtc(r.from, timeZone);
  const to = zonedInputToUtc(r.to, timeZone);
  if (from === null || to === null) return { ok: false, reason: 'invalid' };
  if (from >= to) return { ok: false, reason: 'order' };
  if (to - from > MAX_WINDOW_MS) return { ok: false, reason: 'tooLong' };
  if (to > now + MAX_AHEAD_MS) return { ok: false, reason: 'future' };
  return { ok: true, from, to };
}

/** The window the comparison series is read from: the same wall-clock hours, `compare` earlier. */
export function comparisonWindow(
  w: { from: number; to: number },
  compare: Compare,
  timeZone: string,
): { from: number; to: number } {
  const d = -COMPARE_DAYS[compare];
  return { from: shiftDays(w.from, d, timeZone), to: shiftDays(w.to, d, timeZone) };
}

/** Points of the comparison window moved forward onto the shown window, so that the two lines share the time axis. */
export function alignComparison(
  points: readonly (readonly number[])[],
  compare: Compare,
  timeZone: string,
): [number, number][] {
  const d = COMPARE_DAYS[compare];
  return points.map((p) => [shiftDays(p[0] ?? 0, d, timeZone), p[1] ?? Number.NaN]);
}

/** The custom range of a window (the datetime-local fields start from what is shown). */
export function customRange(w: { from: number; to: number }, timeZone: string, compare: Compare | null): RangeState {
  return { preset: 'custom', from: utcToZonedInput(w.from, timeZone), to: utcToZonedInput(w.to, timeZone), compare };
}
