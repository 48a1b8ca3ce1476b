/**
 * Counter increases from bucket aggregates (DOMAIN §1): within a bucket, first → last when the bucket holds no
 * drop, else the increase of its raw readings; across buckets, the previous bucket's last reading → this bucket's
 * first reading. A drop is a reset: the counter counts again from zero (100, 150, 5, 40 → 90).
 */
import { counterIncrease, counterResets } from '../calc/counters.ts';
import type { Bucket, CounterStats, GaugeStats } from './types.ts';

/** True when a bucket's aggregates show a drop inside it, so its raw readings are needed for an exact increase. */
export function bucketHasDrop(s: CounterStats): boolean {
  return s.count > 1 && (s.min < s.first || s.max > s.last || s.last < s.first);
}

export interface CounterBucketIncrease {
  start_ms: number;
  increase: number;
}

export interface CounterChain {
  /** Increase attributed to each bucket that has readings (the step from the previous reading included). */
  perBucket: Map<number, number>;
  resets: number;
  /** Whether the counter was seen at all (in a bucket or as seed). */
  present: boolean;
}

/**
 * Per-bucket increases of one counter. Buckets are taken in time order; the step from the previous bucket's last
 * reading (or `seed`) to a bucket's first reading is attributed to that bucket.
 */
export function counterChain(buckets: readonly Bucket[], field: string, seed?: number): CounterChain {
  const perBucket = new Map<number, number>();
  let prev = seed !== undefined && Number.isFinite(seed) ? seed : undefined;
  let resets = 0;
  let present = prev !== undefined;
  const sorted = [...buckets].sort((a, b) => a.start_ms - b.start_ms);
  for (const b of sorted) {
    const s = b.counters[field];
    if (!s || s.count <= 0 || !Number.isFinite(s.first) || !Number.isFinite(s.last)) continue;
    present = true;
    const inside = s.readings && s.readings.length > 0 ? s.readings : [s.first, s.last];
    const chain = prev === undefined ? inside : [prev, ...inside];
    perBucket.set(b.start_ms, counterIncrease(chain));
    resets += counterResets(chain);
    prev = s.last;
  }
  return { perBucket, resets, present };
}

/**
 * Energy in kWh (or fuel amount) of one bucket from the mean of a power (rate) gauge, for use only where no counter
 * exists: mean × the time the samples cover (count × expected interval, at most the bucket's length).
 */
export function bucketMeanEnergy(stats: GaugeStats | undefined, bucket: Bucket, expected_interval_s: number): number {
  if (!stats || stats.count <= 0 || !Number.isFinite(stats.mean)) return 0;
  const bucket_h = (bucket.end_ms - bucket.start_ms) / 3_600_000;
  const covered_h = Math.min(bucket_h, (stats.count * expected_interval_s) / 3600);
  return stats.mean * covered_h;
}
