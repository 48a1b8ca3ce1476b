/** Stuck sensors: an analogue reading that stays exactly the same for many samples (DOMAIN §10). */

/** Default number of identical consecutive samples after which a reading counts as stuck. */
export const STUCK_AFTER_SAMPLES = 30;

/** Analogue readings that always jitter in a working sensor. Counters, flags and set-points are excluded. */
export function isStuckCandidate(metric: string): boolean {
  return /_temp_c$/.test(metric) || metric === 'flow_m3h' || metric === 'irradiance_wm2';
}

/**
 * Metrics whose value was identical in each of the last `n` samples (oldest first). A reading of exactly 0
 * (a unit that is off) is not considered stuck.
 */
export function stuckMetrics(
  samples: readonly { values: Readonly<Record<string, number | boolean>> }[],
  n: number = STUCK_AFTER_SAMPLES,
): string[] {
  if (samples.length < n || n < 2) return [];
  const recent = samples.slice(samples.length - n);
  const first = recent[0]!.values;
  const out: string[] = [];
  for (const [metric, value] of Object.entries(first)) {
    if (typeof value !== 'number' || value === 0 || !isStuckCandidate(metric)) continue;
    if (recent.every((s) => s.values[metric] === value)) out.push(metric);
  }
  return out;
}
