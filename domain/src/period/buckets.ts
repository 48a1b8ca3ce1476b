/**
 * Buckets: what is kept of the samples of one asset over a span of time (an hour, a day, or a piece of an hour
 * cut at a window edge), and how counter increases are attributed to time (DOMAIN §1).
 *
 * A counter's increase over any [from, to) is the increase inside the buckets it covers plus the steps between
 * consecutive readings that straddle bucket edges, each step split linearly in time. So any window gives the sum
 * of its parts, whatever the bucket sizes: day rows add up to the month, and a window from 10:01 counts only what
 * happened after 10:01.
 */
import { counterIncrease } from '../calc/counters.ts';

export const HOUR_MS = 3_600_000;

/** Whether a heat pump (or any asset with a running flag) ran in an hour; 'unknown' where nothing was measured. */
export type RunClass = 'running' | 'off' | 'unknown';

export interface CounterStats {
  first: number;
  first_ms: number;
  last: number;
  last_ms: number;
  /** Increase from the first to the last reading in the bucket; a drop counts from zero (100, 150, 5, 40 → 90). */
  increase: number;
  /** Drops (resets or meter replacements) between the first and the last reading. */
  resets: number;
  count: number;
  /**
   * Buckets longer than an hour (merged): the parts of `increase` that fell in running hours and in measured
   * hours without running, and the classes of the hours of the first and last reading. A bucket of an hour or
   * less has one class for all of it.
   */
  running?: number;
  off?: number;
  first_class?: RunClass;
  last_class?: RunClass;
}

export interface GaugeStats {
  sum: number;
  min: number;
  max: number;
  count: number;
  /** Σ of the negative values (defrost: heat drawn back from the water). */
  neg_sum: number;
}

export interface Bucket {
  /** UTC ms, inclusive */
  start_ms: number;
  /** UTC ms, exclusive */
  end_ms: number;
  /** Samples (points) in the bucket. */
  samples: number;
  /** Expected-interval slots (aligned to the epoch) holding at least one sample. */
  slots: number;
  counters: Readonly<Partial<Record<string, CounterStats>>>;
  gauges: Readonly<Partial<Record<string, GaugeStats>>>;
}

/** One stored sample of an asset: its time and the numeric fields it has. */
export interface Reading {
  ts_ms: number;
  values: Readonly<Partial<Record<string, number>>>;
}

/** A counter reading with its time (the last before a window, the first after it). */
export interface CounterPoint {
  value: number;
  ts_ms: number;
}

export interface FieldSet {
  counters: readonly string[];
  gauges: readonly string[];
}

/** The bucket of readings in [start_ms, end_ms) (readings outside are ignored; any order). */
export function summarise(
  readings: readonly Reading[],
  start_ms: number,
  end_ms: number,
  fields: FieldSet,
  expected_interval_s: number,
): Bucket {
  const inside = readings.filter((r) => r.ts_ms >= start_ms && r.ts_ms < end_ms).sort((a, b) => a.ts_ms - b.ts_ms);
  const counters: Record<string, CounterStats> = {};
  for (const c of fields.counters) {
    const values: number[] = [];
    const times: number[] = [];
    for (const r of inside) {
      const v = r.values[c];
      if (v !== undefined && Number.isFinite(v)) {
        values.push(v);
        times.push(r.ts_ms);
      }
    }
    if (values.length === 0) continue;
    let resets = 0;
    for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) resets++;
    counters[c] = {
      first: values[0]!,
      first_ms: times[0]!,
      last: values.at(-1)!,
      last_ms: times.at(-1)!,
      increase: counterIncrease(values),
      resets,
      count: values.length,
    };
  }
  const gauges: Record<string, GaugeStats> = {};
  for (const g of fields.gauges) {
    let sum = 0;
    let neg = 0;
    let min = Infinity;
    let max = -Infinity;
    let count = 0;
    for (const r of inside) {
      const v = r.values[g];
      if (v === undefined || !Number.isFinite(v)) continue;
      sum += v;
      if (v < 0) neg += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
      count++;
    }
    if (count > 0) gauges[g] = { sum, min, max, count, neg_sum: neg };
  }
  const slotMs = Math.max(1, expected_interval_s * 1000);
  const slots = new Set(inside.map((r) => Math.floor(r.ts_ms / slotMs))).size;
  return { start_ms, end_ms, samples: inside.length, slots, counters, gauges };
}

/** A span of time and where a counter step's share in it goes. */
export interface Range {
  from_ms: number;
  to_ms: number;
}

/** What one counter adds to one range: increase, and its parts by run class. */
export interface CounterShare {
  increase: number;
  running: number;
  off: number;
  resets: number;
}

const emptyShare = (): CounterShare => ({ increase: 0, running: 0, off: 0, resets: 0 });

/** Running if either is; else off if either was measured; else unknown. */
function either(a: RunClass, b: RunClass): RunClass {
  if (a === 'running' || b === 'running') return 'running';
  return a === 'off' || b === 'off' ? 'off' : 'unknown';
}

/** Head and tail of a bucket for one counter: the span from its start (its end) to the first (last) reading's hour. */
function headOf(b: Bucket, s: CounterStats, cls: RunClass): { from_ms: number; cls: RunClass } {
  if (b.end_ms - b.start_ms <= HOUR_MS) return { from_ms: b.start_ms, cls };
  return { from_ms: Math.max(b.start_ms, Math.floor(s.first_ms / HOUR_MS) * HOUR_MS), cls: s.first_class ?? cls };
}
function tailOf(b: Bucket, s: CounterStats, cls: RunClass): { to_ms: number; cls: RunClass } {
  if (b.end_ms - b.start_ms <= HOUR_MS) return { to_ms: b.end_ms, cls };
  return { to_ms: Math.min(b.end_ms, (Math.floor(s.last_ms / HOUR_MS) + 1) * HOUR_MS), cls: s.last_class ?? cls };
}

/**
 * Attributes one counter's increase to `ranges` (ordered, disjoint): the increase inside each bucket goes to the
 * range holding the bucket, and every step between consecutive readings (from `before`, through the buckets, to
 * `after`) is split linearly in time over the ranges it crosses. A step's share that falls in the hour of the
 * reading it starts from (ends at) are classed running if either of those hours ran (else off); shares in hours
 * without readings are 'unknown'.
 * `classOf` gives the run class of a bucket of an hour or less.
 */
export function attributeCounter(
  field: string,
  buckets: readonly Bucket[],
  ranges: readonly Range[],
  classOf: (b: Bucket) => RunClass,
  before?: CounterPoint,
  after?: CounterPoint,
): { shares: CounterShare[]; present: boolean } {
  const shares = ranges.map(emptyShare);
  const rangeIndex = (t: number): number => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid]!;
      if (t < r.from_ms) hi = mid - 1;
      else if (t >= r.to_ms) lo = mid + 1;
      else return mid;
    }
    return -1;
  };
  /** Adds amount × (part of [a, b) in each range) / span, in class cls. */
  const spread = (amount: number, span_ms: number, a: number, b: number, cls: RunClass): void => {
    if (amount === 0 || b <= a) return;
    for (const [i, r] of ranges.entries()) {
      const lo = Math.max(a, r.from_ms);
      const hi = Math.min(b, r.to_ms);
      if (hi <= lo) continue;
      const part = (amount * (hi - lo)) / span_ms;
      const sh = shares[i]!;
      sh.increase += part;
      if (cls === 'running') sh.running += part;
      else if (cls === 'off') sh.off += part;
    }
  };

  let prev: { value: number; ts_ms: number; tail: { to_ms: number; cls: RunClass } } | undefined;
  if (before && Number.isFinite(before.value) && Number.isFinite(before.ts_ms))
    prev = { value: before.value, ts_ms: before.ts_ms, tail: { to_ms: before.ts_ms, cls: 'unknown' } };
  let present = prev !== undefined;

  const step = (to: CounterPoint, head: { from_ms: number; cls: RunClass } | null): void => {
    if (!prev) return;
    const inc = to.value >= prev.value ? to.value - prev.value : Math.max(0, to.value);
    const t1 = prev.ts_ms;
    const t2 = to.ts_ms;
    if (to.value < prev.value) {
      const i = rangeIndex(t2);
      if (i >= 0) shares[i]!.resets++;
    }
    if (t2 <= t1) {
      // readings at the same instant: the whole step belongs there
      const i = rangeIndex(t2);
      if (i >= 0) {
        shares[i]!.increase += inc;
        if (head?.cls === 'running') shares[i]!.running += inc;
        else if (head?.cls === 'off') shares[i]!.off += inc;
      }
      return;
    }
    const span = t2 - t1;
    const tailEnd = Math.min(Math.max(prev.tail.to_ms, t1), t2);
    const headStart = head ? Math.max(Math.min(head.from_ms, t2), tailEnd) : t2;
    // A step between a reading of a running hour and one of a stopped hour is when the unit started or
    // stopped: it counts as running (so a start is not taken for heat metered while off).
    const cls = either(prev.tail.cls, head?.cls ?? 'unknown');
    spread(inc, span, t1, tailEnd, cls);
    spread(inc, span, tailEnd, headStart, 'unknown');
    spread(inc, span, headStart, t2, cls);
  };

  for (const b of buckets) {
    const s = b.counters[field];
    if (!s || s.count <= 0 || !Number.isFinite(s.first) || !Number.isFinite(s.last)) continue;
    present = true;
    const cls = classOf(b);
    step({ value: s.first, ts_ms: s.first_ms }, headOf(b, s, cls));
    const i = rangeIndex(b.start_ms);
    if (i >= 0) {
      const sh = shares[i]!;
      sh.increase += s.increase;
      sh.resets += s.resets;
      if (s.running !== undefined || s.off !== undefined) {
        sh.running += s.running ?? 0;
        sh.off += s.off ?? 0;
      } else if (cls === 'running') sh.running += s.increase;
      else if (cls === 'off') sh.off += s.increase;
    }
    prev = { value: s.last, ts_ms: s.last_ms, tail: tailOf(b, s, cls) };
  }
  if (after && Number.isFinite(after.value) && Number.isFinite(after.ts_ms)) {
    present ||= prev !== undefined;
    step(after, null);
  }
  return { shares, present };
}

/**
 * One bucket for [start_ms, end_ms) from the buckets inside it (e.g. the hours of a day): counters keep their
 * first and last readings, their increase includes the steps between the buckets, and its parts by run class
 * are kept so that the merged bucket gives exactly what its parts give. Gauges, samples and slots add up.
 */
export function mergeBuckets(
  buckets: readonly Bucket[],
  start_ms: number,
  end_ms: number,
  classOf: (b: Bucket) => RunClass,
): Bucket {
  const inside = buckets
    .filter((b) => b.start_ms >= start_ms && b.end_ms <= end_ms)
    .sort((a, b) => a.start_ms - b.start_ms);
  const names = new Set(inside.flatMap((b) => Object.keys(b.counters)));
  const counters: Record<string, CounterStats> = {};
  const whole = [{ from_ms: start_ms, to_ms: end_ms }];
  for (const c of names) {
    const withC = inside.filter((b) => b.counters[c]);
    const first = withC[0]!;
    const last = withC.at(-1)!;
    const fs = first.counters[c]!;
    const ls = last.counters[c]!;
    const { shares } = attributeCounter(c, withC, whole, classOf);
    const sh = shares[0]!;
    counters[c] = {
      first: fs.first,
      first_ms: fs.first_ms,
      last: ls.last,
      last_ms: ls.last_ms,
      increase: sh.increase,
      resets: sh.resets,
      count: withC.reduce((n, b) => n + b.counters[c]!.count, 0),
      running: sh.running,
      off: sh.off,
      first_class: headOf(first, fs, classOf(first)).cls,
      last_class: tailOf(last, ls, classOf(last)).cls,
    };
  }
  const gauges: Record<string, GaugeStats> = {};
  for (const b of inside)
    for (const [g, s] of Object.entries(b.gauges)) {
      if (!s) continue;
      const a = gauges[g];
      gauges[g] = a
        ? {
            sum: a.sum + s.sum,
            min: Math.min(a.min, s.min),
            max: Math.max(a.max, s.max),
            count: a.count + s.count,
            neg_sum: a.neg_sum + s.neg_sum,
          }
        : { ...s };
    }
  return {
    start_ms,
    end_ms,
    samples: inside.reduce((n, b) => n + b.samples, 0),
    slots: inside.reduce((n, b) => n + b.slots, 0),
    counters,
    gauges,
  };
}
