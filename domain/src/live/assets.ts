/** The latest state of each asset and its data state (DOMAIN §10). */
import { assetDataState, STALE_AFTER_INTERVALS, type AssetDataState } from '../calc/quality.ts';
import type { StatePayload } from '../contract/state.ts';
import type { DeviceStatus } from '../contract/topics.ts';
import type { Asset, Site } from '../registry/schema.ts';
import type { Contribution } from './figure.ts';

/** What the live model holds for one asset: its latest retained state and device status. */
export interface AssetEntry {
  state: StatePayload | null;
  status?: DeviceStatus | undefined;
}

export interface AssetView {
  asset: Asset;
  state: StatePayload | null;
  status: DeviceStatus | null;
  data_state: AssetDataState;
  age_s: number | null;
  /** UTC ms when the asset turns stale without new data; null without data. */
  stale_at: number | null;
}

export function assetView(asset: Asset, entry: AssetEntry | undefined, now_ms: number): AssetView {
  const state = entry?.state ?? null;
  const { state: data_state, age_s } = assetDataState({
    last_ts_ms: state?.ts ?? null,
    now_ms,
    expected_interval_s: asset.expected_interval_s,
    status: entry?.status,
  });
  return {
    asset,
    state,
    status: entry?.status ?? null,
    data_state,
    age_s,
    stale_at: state ? state.ts + STALE_AFTER_INTERVALS * asset.expected_interval_s * 1000 : null,
  };
}

/** Views of every asset of a site, in registry order. */
export function siteAssetViews(
  site: Site,
  lookup: (assetId: string) => AssetEntry | undefined,
  now_ms: number,
): AssetView[] {
  return site.assets.map((a) => assetView(a, lookup(a.id), now_ms));
}

/** A numeric metric of the state: measured value first, else the derived one. */
export function stateNumber(state: StatePayload | null, key: string): number | undefined {
  if (!state) return undefined;
  const v = state.values[key] ?? state.derived[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function stateFlag(state: StatePayload | null, key: string): boolean | undefined {
  if (!state) return undefined;
  const v = state.values[key] ?? state.derived[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function contribution(view: AssetView): Contribution {
  return { ts: view.state?.ts ?? null, live: view.data_state === 'live', stale_at: view.stale_at };
}
