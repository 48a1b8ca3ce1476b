/** Live figures: every number carries when it was measured and whether an input is stale (DESIGN §9). */

export interface LiveFigure {
  value: number | null;
  unit: string;
  /** UTC ms of the oldest input the figure was computed from; null when nothing was measured. */
  measured_at: number | null;
  /** True when an input is stale, offline or missing: shown greyed, never as live. */
  stale: boolean;
}

/** One input of a figure: the time stamp of the sample used and whether its asset is live. */
export interface Contribution {
  ts: number | null;
  live: boolean;
}

/**
 * A figure from its value and inputs: measured_at is the oldest input's time stamp, stale when any input is
 * not live. Without inputs the figure has no value and is not stale (nothing applies).
 */
export function figure(value: number | null, unit: string, inputs: readonly Contribution[]): LiveFigure {
  let oldest: number | null = null;
  let stale = false;
  for (const c of inputs) {
    if (!c.live) stale = true;
    if (c.ts !== null && (oldest === null || c.ts < oldest)) oldest = c.ts;
  }
  const v = value !== null && Number.isFinite(value) ? value : null;
  return { value: v, unit, measured_at: oldest, stale };
}

/** A configured value (a factor from the registry): no measurement behind it, never stale. */
export function configured(value: number | null, unit: string): LiveFigure {
  return { value, unit, measured_at: null, stale: false };
}
