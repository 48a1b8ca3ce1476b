/**
 * Counters and integration (DOMAIN §1). Counters (`*_kwh`, `fuel_total`) only grow; a drop is a meter reset or
 * replacement, after which the counter counts from zero (like Prometheus' `increase()`, without its
 * extrapolation to the window edges): readings 100, 150, 5, 40 give 50 + 5 + 35 = 90.
 */

export interface CounterSample {
  /** UTC milliseconds */
  ts_ms: number;
  value: number;
}

export interface PowerSample {
  /** UTC milliseconds */
  ts_ms: number;
  value_kw: number;
}

/** Increase of a counter over readings in time order. Non-finite readings are skipped. Never negative. */
export function counterIncrease(readings: readonly number[]): number {
  let total = 0;
  let prev: number | undefined;
  for (const r of readings) {
    if (!Number.isFinite(r)) continue;
    if (prev !== undefined) {
      const d = r - prev;
      // after a drop the counter restarted from zero: its whole new value is increase (floored at 0)
      total += d >= 0 ? d : Math.max(0, r);
    }
    prev = r;
  }
  return total;
}

/** Number of drops (resets or meter replacements) in readings in time order. */
export function counterResets(readings: readonly number[]): number {
  let resets = 0;
  let prev: number | undefined;
  for (const r of readings) {
    if (!Number.isFinite(r)) continue;
    if (prev !== undefined && r < prev) resets++;
    prev = r;
  }
  return resets;
}

function sortedFinite<T extends { ts_ms: number }>(samples: readonly T[], valueOf: (s: T) => number): T[] {
  return samples
    .filter((s) => Number.isFinite(s.ts_ms) && Number.isFinite(valueOf(s)))
    .slice()
    .sort((a, b) => a.ts_ms - b.ts_ms);
}

/** Counter increase over time-stamped samples (sorted by time first; non-finite samples are skipped). */
export function counterIncreaseSamples(samples: readonly CounterSample[]): number {
  return counterIncrease(sortedFinite(samples, (s) => s.value).map((s) => s.value));
}

/**
 * Energy in kWh from power samples by the trapezoid rule, for use only where no counter exists.
 * Samples are sorted by time; non-finite samples are skipped. An interval between two consecutive samples that
 * is longer than `maxGapMs` (if given) is not integrated (a data gap, not a period of constant power).
 */
export function integratePowerKwh(samples: readonly PowerSample[], maxGapMs?: number): number {
  const s = sortedFinite(samples, (x) => x.value_kw);
  let kwh = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1];
    const b = s[i];
    if (a === undefined || b === undefined) continue;
    const dt_ms = b.ts_ms - a.ts_ms;
    if (dt_ms <= 0) continue;
    if (maxGapMs !== undefined && dt_ms > maxGapMs) continue;
    kwh += ((a.value_kw + b.value_kw) / 2) * (dt_ms / 3_600_000);
  }
  return kwh;
}
