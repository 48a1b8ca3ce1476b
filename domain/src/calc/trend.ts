/**
 * Trend of a reserve over the last hour and the time at which it reaches a level (DOMAIN §9 "Time to threshold").
 *
 * - The trend is the least-squares slope of the samples of the last hour (TREND_WINDOW_MS before now), in the
 *   quantity's unit per hour, with its standard error. Fewer than MIN_TREND_POINTS samples, or samples spanning
 *   less than MIN_TREND_SPAN_MS, give no trend (unknown): a slope from a few seconds of data says nothing.
 * - The level is **falling** when the slope is negative, at least TREND_T_MIN standard errors from zero (a clear
 *   trend, not the wobble of a gauge) and at least STEADY_SHARE_PER_H of the level per hour (0.1 %/h: at a slower
 *   rate the level lasts more than 1,000 h ≈ 6 weeks, which is steady for disaster planning); **rising** likewise
 *   with a positive slope; otherwise **steady**.
 * - Only a falling level reaches a level below it: at = ts + (value − level) / −slope. Steady or rising: no time.
 *   A value already at or below the level has reached it (no time either).
 */

export interface TrendPoint {
  /** UTC ms */
  ts: number;
  value: number;
}

/** The trend looks at the last hour. */
export const TREND_WINDOW_MS = 3_600_000;
/** Fewer samples than this give no trend. */
export const MIN_TREND_POINTS = 3;
/** Samples spanning less than this (10 min) give no trend. */
export const MIN_TREND_SPAN_MS = 600_000;
/** A slope counts as falling or rising only when it is at least this many standard errors from zero. */
export const TREND_T_MIN = 3;
/** …and when it moves the level by at least this share of it per hour (0.1 %/h). */
export const STEADY_SHARE_PER_H = 0.001;

const HOUR_MS = 3_600_000;

export interface LinearTrend {
  /** Least-squares slope, in the quantity's unit per hour. */
  slope_per_h: number;
  /** Standard error of the slope (unit per hour); 0 when the samples lie on a line. */
  slope_se_per_h: number;
  /** Samples used. */
  points: number;
  /** Time stamps of the first and last sample used, UTC ms. */
  from_ms: number;
  to_ms: number;
}

export interface TrendOptions {
  /** Only samples in [now − window, now] count; without now, every sample given. */
  now_ms?: number;
  window_ms?: number;
  min_points?: number;
  min_span_ms?: number;
}

/**
 * Least-squares line through the samples of the window: its slope per hour and the slope's standard error.
 * Null when there are too few samples or they span too short a time (no trend, not "steady").
 */
export function linearTrend(points: readonly TrendPoint[], opts: TrendOptions = {}): LinearTrend | null {
  const window = opts.window_ms ?? TREND_WINDOW_MS;
  const minPoints = Math.max(3, opts.min_points ?? MIN_TREND_POINTS);
  const minSpan = opts.min_span_ms ?? MIN_TREND_SPAN_MS;
  const now = opts.now_ms;
  const used = points.filter(
    (p) =>
      Number.isFinite(p.ts) && Number.isFinite(p.value) && (now === undefined || (p.ts <= now && p.ts >= now - window)),
  );
  const n = used.length;
  if (n < minPoints) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const p of used) {
    if (p.ts < from) from = p.ts;
    if (p.ts > to) to = p.ts;
  }
  if (to - from < minSpan || to === from) return null;
  // centred, in hours: no loss of precision from epoch milliseconds
  let tMean = 0;
  let yMean = 0;
  for (const p of used) {
    tMean += (p.ts - from) / HOUR_MS;
    yMean += p.value;
  }
  tMean /= n;
  yMean /= n;
  let sxx = 0;
  let sxy = 0;
  for (const p of used) {
    const dt = (p.ts - from) / HOUR_MS - tMean;
    sxx += dt * dt;
    sxy += dt * (p.value - yMean);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  let sse = 0;
  for (const p of used) {
    const dt = (p.ts - from) / HOUR_MS - tMean;
    const r = p.value - yMean - slope * dt;
    sse += r * r;
  }
  const se = Math.sqrt(sse / (n - 2) / sxx);
  if (!Number.isFinite(slope) || !Number.isFinite(se)) return null;
  return { slope_per_h: slope, slope_se_per_h: se, points: n, from_ms: from, to_ms: to };
}

/** A sum of quantities, each with a weight (e.g. fuel kWh × boiler efficiency). */
export interface WeightedTrend {
  weight: number;
  trend: LinearTrend | null;
}

/**
 * The trend of Σ weight × part: the slopes add up, their standard errors add in quadrature (independent
 * gauges). Null when any part has no trend. `points` is the fewest samples of a part, the window the widest.
 */
export function combineTrends(parts: readonly WeightedTrend[]): LinearTrend | null {
  if (parts.length === 0) return null;
  let slope = 0;
  let variance = 0;
  let points = Infinity;
  let from = Infinity;
  let to = -Infinity;
  for (const { weight, trend } of parts) {
    if (trend === null || !Number.isFinite(weight)) return null;
    slope += weight * trend.slope_per_h;
    variance += (weight * trend.slope_se_per_h) ** 2;
    points = Math.min(points, trend.points);
    from = Math.min(from, trend.from_ms);
    to = Math.max(to, trend.to_ms);
  }
  return { slope_per_h: slope, slope_se_per_h: Math.sqrt(variance), points, from_ms: from, to_ms: to };
}

export type TrendDirection = 'falling' | 'steady' | 'rising';

/** Falling, rising or steady (see the module's notes): a clear slope of at least 0.1 % of the level per hour. */
export function trendDirection(
  trend: Pick<LinearTrend, 'slope_per_h' | 'slope_se_per_h'>,
  level: number,
  opts: { t_min?: number; steady_share_per_h?: number } = {},
): TrendDirection {
  const s = trend.slope_per_h;
  if (!Number.isFinite(s) || s === 0) return 'steady';
  const clear = Math.abs(s) >= (opts.t_min ?? TREND_T_MIN) * Math.max(0, trend.slope_se_per_h);
  const fast = Math.abs(s) >= (opts.steady_share_per_h ?? STEADY_SHARE_PER_H) * Math.abs(level);
  if (!clear || !fast) return 'steady';
  return s < 0 ? 'falling' : 'rising';
}

export interface LevelCrossing {
  /** The level, in the quantity's unit. */
  level: number;
  /** The value is at or below the level already. */
  reached: boolean;
  /** UTC ms when the falling trend reaches the level; null when reached already, steady, rising or unknown. */
  at_ms: number | null;
}

/**
 * When a value (measured at ts) falling at slope_per_h reaches `level`: ts + (value − level) / −slope hours.
 * No time when the direction is not falling; reached (no time) when the value is at or below the level.
 */
export function timeToLevel(input: {
  value: number;
  ts: number;
  slope_per_h: number;
  direction: TrendDirection | null;
  level: number;
}): LevelCrossing {
  const { value, ts, slope_per_h, direction, level } = input;
  if (!Number.isFinite(value) || !Number.isFinite(level)) return { level, reached: false, at_ms: null };
  if (value <= level) return { level, reached: true, at_ms: null };
  if (direction !== 'falling' || !(slope_per_h < 0) || !Number.isFinite(ts))
    return { level, reached: false, at_ms: null };
  const at = ts + ((value - level) / -slope_per_h) * HOUR_MS;
  return { level, reached: false, at_ms: Number.isFinite(at) ? Math.round(at) : null };
}
