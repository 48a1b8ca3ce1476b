/** The metrics of the MQTT contract per asset type (DESIGN §2), from the asset-type modules. */
import { ASSET_MODULES, ASSET_TYPES, moduleOf, type Asset, type AssetType } from '../assets/index.ts';
import type { MetricSpec, MetricTable } from '../assets/types.ts';

export type { MetricKind, MetricSpec, MetricTable } from '../assets/types.ts';

const byType = <V>(pick: (type: AssetType) => V): Record<AssetType, V> =>
  Object.fromEntries(ASSET_TYPES.map((t) => [t, pick(t)])) as Record<AssetType, V>;

/** Metrics per type: kind, unit, limits, description. */
export const METRICS: Readonly<Record<AssetType, MetricTable<Asset>>> = byType((t) => moduleOf(t).metrics);

/** Accepted synonyms, renamed before validation (DESIGN §2 allows `level_l` for fuel tanks). */
export const METRIC_ALIASES: Readonly<Partial<Record<AssetType, Readonly<Record<string, string>>>>> = byType(
  (t) => ASSET_MODULES[t].aliases ?? {},
);

/**
 * Required metrics: each inner list is one alternative; a sample must carry every metric of at least one.
 * A sample that misses them all keeps its other metrics and reports the first alternative as missing.
 */
export const REQUIRED_METRICS: Readonly<Partial<Record<AssetType, readonly (readonly string[])[]>>> = byType(
  (t) => ASSET_MODULES[t].required ?? [],
);

export function metricSpec(asset: Asset, metric: string): MetricSpec<Asset> | undefined {
  const table = METRICS[asset.type];
  return Object.hasOwn(table, metric) ? table[metric] : undefined;
}

export function metricBound(bound: MetricSpec<Asset>['min'], asset: Asset): number | undefined {
  return typeof bound === 'function' ? (bound as (a: Asset) => number)(asset) : bound;
}
