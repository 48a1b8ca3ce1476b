/**
 * Period analytics (DESIGN §6): inputs are per-asset time buckets (aggregates of the stored samples, e.g. hourly
 * roll-ups), outputs are daily rows and period totals. Everything here is pure: no I/O, no clock.
 */

import type { Bucket, CounterPoint } from './buckets.ts';

export interface AssetBuckets {
  /**
   * Buckets inside the period in time order, without overlap: whole days, hours and pieces of hours in any mix
   * (a bucket never spans a day boundary of the site). Gaps are allowed.
   */
  buckets: readonly Bucket[];
  /** The last reading of each counter before the period and the first after it (for the steps across its edges). */
  before?: Readonly<Partial<Record<string, CounterPoint>>>;
  after?: Readonly<Partial<Record<string, CounterPoint>>>;
}

export interface AlarmCount {
  /** UTC ms of the alarm (or of the bucket that counted it). */
  ts_ms: number;
  severity: string;
  count: number;
}

/** A text in both languages (a source given as one string reads the same in both). */
export interface Bilingual {
  ja: string;
  en: string;
}
