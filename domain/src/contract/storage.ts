/**
 * InfluxDB schema (DESIGN §4), shared by ingest (writes) and api (reads).
 * Measurement = asset type; tags `site`, `asset`; fields = normalised metrics plus derived values;
 * time = the device's time stamp in ms. Numbers are float fields; flags (running, defrost,
 * fire_reserve_kept) are integer fields 0/1 so that InfluxQL can aggregate them.
 */
export const DEFAULT_DATABASE = 'ems';
export const TAG_SITE = 'site';
export const TAG_ASSET = 'asset';

/** Dead-letter store: tags site, asset, reason; fields payload (truncated), detail. */
export const REJECTED_MEASUREMENT = 'rejected';
export const REJECTED_PAYLOAD_MAX_CHARS = 1024;

/** Alarm history: tags site, asset, rule, severity; fields state, value, message. */
export const ALARM_MEASUREMENT = 'alarm';

/** Device status changes (MQTT status / last will): tags site, asset; field online 0/1. */
export const STATUS_MEASUREMENT = 'device_status';

export function flagToInt(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

const DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  u: 1e-3,
  µ: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * An InfluxQL duration (`400d`, `1h30m`, `INF`) in ms; null for an infinite retention (`INF`, `0s`) and for
 * text that is not a duration.
 */
export function influxDurationMs(text: string): number | null {
  if (text === 'INF' || !/^(\d+(ns|u|µ|ms|s|m|h|d|w))+$/.test(text)) return null;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ns|u|µ|ms|s|m|h|d|w)/g)) ms += Number(n) * DURATION_UNIT_MS[unit!]!;
  return ms > 0 ? ms : null;
}

/**
 * Late data (DESIGN §4). The api rolls an hour up once it is closed: ROLLUP_GRACE_MS after its end. A sample
 * written to InfluxDB after that may have missed its roll-up, so ingest writes a mark for its hour in LATE_MEASUREMENT
 * (tags site, type, hour = the hour's start in UTC ms; field n; time = when it was written) and the api re-rolls
 * marked hours. Ingest marks from LATE_MARGIN_MS before the hour closes, which covers a write in flight while the
 * api rolls the hour.
 */
export const LATE_MEASUREMENT = 'late';
export const ROLLUP_GRACE_MS = 120_000;
export const LATE_MARGIN_MS = 60_000;
const ROLLUP_HOUR_MS = 3_600_000;

/** Start (UTC ms) of the hour holding ts_ms. */
export function hourStart(ts_ms: number): number {
  return Math.floor(ts_ms / ROLLUP_HOUR_MS) * ROLLUP_HOUR_MS;
}

/** The hours before this instant are closed (their roll-up may be made): floor(now − grace) to the hour. */
export function closedHoursBefore(now_ms: number): number {
  return hourStart(now_ms - ROLLUP_GRACE_MS);
}

/** Whether a sample with this time, written now, must mark its hour for a roll-up again. */
export function isLateForRollup(ts_ms: number, now_ms: number): boolean {
  return hourStart(ts_ms) + ROLLUP_HOUR_MS + ROLLUP_GRACE_MS - LATE_MARGIN_MS <= now_ms;
}
