/** Data quality: staleness, completeness, physically impossible values (DOMAIN §10). */
import { safeRatio } from './num.ts';

export const DEFAULT_EXPECTED_INTERVAL_S = 10;
/** An asset is stale when nothing arrived for this many expected intervals. */
export const STALE_AFTER_INTERVALS = 3;
/** PV power above this multiple of kWp is impossible. */
export const PV_MAX_POWER_PER_KWP = 1.2;

export type AssetDataState = 'live' | 'stale' | 'offline' | 'no_data';

export interface AssetDataStateInput {
  /** UTC ms of the last sample received; null/undefined when none ever arrived. */
  last_ts_ms: number | null | undefined;
  now_ms: number;
  expected_interval_s?: number;
  /** The device's retained status / MQTT last will. */
  status?: 'online' | 'offline' | undefined;
}

/**
 * Live, stale (nothing for 3 × expected interval, default 10 s), offline (device said so) or no_data.
 * age_s is the age of the last sample in seconds (0 for a time stamp in the future), null without one.
 */
export function assetDataState(input: AssetDataStateInput): { state: AssetDataState; age_s: number | null } {
  const interval_s =
    input.expected_interval_s !== undefined &&
    Number.isFinite(input.expected_interval_s) &&
    input.expected_interval_s > 0
      ? input.expected_interval_s
      : DEFAULT_EXPECTED_INTERVAL_S;
  const last = input.last_ts_ms;
  const age_s =
    last === null || last === undefined || !Number.isFinite(last) || !Number.isFinite(input.now_ms)
      ? null
      : Math.max(0, (input.now_ms - last) / 1000);
  if (input.status === 'offline') return { state: 'offline', age_s };
  if (age_s === null) return { state: 'no_data', age_s };
  return { state: age_s >= STALE_AFTER_INTERVALS * interval_s ? 'stale' : 'live', age_s };
}

/** Samples expected in [from_ms, to_ms) at one per interval. */
export function expectedSamples(from_ms: number, to_ms: number, expected_interval_s: number): number {
  if (![from_ms, to_ms, expected_interval_s].every(Number.isFinite) || expected_interval_s <= 0 || to_ms <= from_ms) {
    return 0;
  }
  return Math.floor((to_ms - from_ms) / (expected_interval_s * 1000));
}

/** Data completeness = received / expected samples, clamped to [0, 1]; null when nothing was expected. */
export function completeness(received: number, expected: number): number | null {
  const c = safeRatio(received, expected);
  return c === null ? null : Math.min(1, Math.max(0, c));
}
