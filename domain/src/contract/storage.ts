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
