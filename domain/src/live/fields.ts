/** Field names per asset type: measured metrics plus the derived values ingest stores (contract/derive.ts). */
import { ASSET_MODULES, ASSET_TYPES, type AssetType, type DerivedSpec } from '../assets/index.ts';
import { METRICS } from '../contract/metrics.ts';
import type { MetricKind } from '../contract/metrics.ts';

export interface FieldInfo {
  kind: MetricKind;
  unit: string;
  derived: boolean;
}

/** Derived fields written by ingest per asset type (each module's `derived`). */
export const DERIVED_FIELDS: Readonly<Record<AssetType, Readonly<Record<string, DerivedSpec>>>> = Object.fromEntries(
  ASSET_TYPES.map((t) => [t, ASSET_MODULES[t].derived]),
) as Record<AssetType, Record<string, DerivedSpec>>;

/** Every stored field of an asset type (metrics first, then derived), with kind and unit: a whitelist. */
export function seriesFields(type: AssetType): Record<string, FieldInfo> {
  const out: Record<string, FieldInfo> = Object.create(null) as Record<string, FieldInfo>;
  for (const [name, spec] of Object.entries(METRICS[type]))
    out[name] = { kind: spec.kind, unit: spec.unit, derived: false };
  for (const [name, spec] of Object.entries(DERIVED_FIELDS[type]))
    if (!(name in out)) out[name] = { kind: spec.kind, unit: spec.unit, derived: true };
  return out;
}
