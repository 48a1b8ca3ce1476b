/** Live figures: every number carries when it was measured and whether an input is stale (DESIGN §9). */
import type { Measured } from '../wire/common.ts';

/** A live figure as sent on the wire (schema Measured). */
export type LiveFigure = Measured;

/** One input of a figure: the time stamp of the sample used, whether its asset is live, and when it turns stale. */
export interface Contribution {
  ts: number | null;
  live: boolean;
  stale_at?: number | null;
}

/**
 * A figure from its value and inputs: measured_at is the oldest input's time stamp, stale when any input is
 * not live, stale_at the earliest time an input turns stale. Without inputs the figure has no value and is not
 * stale (nothing applies).
 */
export function figure(value: number | null, unit: string, inputs: readonly Contribution[]): LiveFigure {
  let oldest: number | null = null;
  let stale = false;
  let staleAt: number | null = null;
  for (const c of inputs) {
    if (!c.live) stale = true;
    if (c.ts !== null && (oldest === null || c.ts < oldest)) oldest = c.ts;
    const at = c.stale_at ?? null;
    if (at !== null && (staleAt === null || at < staleAt)) staleAt = at;
  }
  const v = value !== null && Number.isFinite(value) ? value : null;
  return { value: v, unit, measured_at: oldest, stale, stale_at: stale ? null : staleAt };
}

/** A configured value (a factor from the registry): no measurement behind it, never stale. */
export function configured(value: number | null, unit: string): LiveFigure {
  return { value, unit, measured_at: null, stale: false, stale_at: null };
}

/** The inputs of figures, to build another figure from them. */
export function inputsOf(parts: readonly LiveFigure[]): Contribution[] {
  return parts.map((p) => ({ ts: p.measured_at, live: !p.stale, stale_at: p.stale_at }));
}
