/**
 * Values computed from one accepted sample with the domain formulas (each asset type's module): what ingest
 * stores beside the measured metrics and republishes as state. Period values (energy, period COP, capacity
 * factor) are not per sample.
 */
import { moduleOf, type Asset } from '../assets/index.ts';
import type { DeriveContext as ModuleDeriveContext, Derived, MetricValue } from '../assets/types.ts';

export type { Derived } from '../assets/types.ts';
export type DeriveContext = ModuleDeriveContext<Asset>;

export function deriveSample(ctx: DeriveContext, ts_ms: number, values: Record<string, MetricValue>): Derived {
  const out: Derived = { derived: {}, faults: [] };
  moduleOf(ctx.asset).derive(ctx, ts_ms, values, out);
  return out;
}
