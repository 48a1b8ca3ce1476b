/** The live model as the wire shows it: an asset's state, a site's summary and detail (schemas.ts). */
import { moduleOf } from '../assets/index.ts';
import type { AssetView } from './assets.ts';
import { seriesFields } from './fields.ts';
import type { AssetDetail, AssetLive, SiteDetail, SiteSummary } from './schemas.ts';
import { siteDataState, type SiteLive } from './site.ts';

export function assetLive(siteId: string, v: AssetView): AssetLive {
  const s = v.state;
  return {
    site: siteId,
    asset: v.asset.id,
    type: v.asset.type,
    data_state: v.data_state,
    age_s: v.age_s,
    ts: s?.ts ?? null,
    received_ms: s?.received_ms ?? null,
    stale_at: v.stale_at,
    status: v.status,
    values: s?.values ?? {},
    derived: s?.derived ?? {},
    rejected: s?.rejected ?? {},
    faults: s?.faults ?? [],
  };
}

export function siteSummary(live: SiteLive, activeAlarms: number): SiteSummary {
  const s = live.site;
  return {
    id: s.id,
    name: s.name,
    time_zone: s.time_zone,
    location: s.location,
    population_served: s.population_served,
    data_state: siteDataState(live.views),
    asset_count: s.assets.length,
    kpis: live.kpis,
    reserve_status: live.reserve.status,
    active_alarms: activeAlarms,
  };
}

function assetDetail(siteId: string, v: AssetView): AssetDetail {
  const params = Object.keys(moduleOf(v.asset).params);
  const asset = v.asset as unknown as Record<string, unknown>;
  return {
    id: v.asset.id,
    type: v.asset.type,
    name: v.asset.name,
    expected_interval_s: v.asset.expected_interval_s,
    parameters: Object.fromEntries(params.filter((k) => asset[k] !== undefined).map((k) => [k, asset[k]])),
    fields: Object.fromEntries(
      Object.entries(seriesFields(v.asset.type)).map(([k, f]) => [
        k,
        { unit: f.unit, kind: f.kind, derived: f.derived },
      ]),
    ),
    live: assetLive(siteId, v),
  };
}

export function siteDetail(live: SiteLive, activeAlarms: number): SiteDetail {
  const s = live.site;
  return {
    id: s.id,
    name: s.name,
    time_zone: s.time_zone,
    location: s.location,
    population_served: s.population_served,
    reserve_settings: s.reserve,
    data_state: siteDataState(live.views),
    assets: live.views.map((v) => assetDetail(s.id, v)),
    kpis: live.kpis,
    reserve: live.reserve,
    active_alarms: activeAlarms,
    generated_at: live.now_ms,
  };
}
