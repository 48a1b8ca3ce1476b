import { seriesFields, siteDataState, type AssetView, type SiteLive } from '@ems/domain';
import type { AssetLive, SiteDetail, SiteKpis, SiteReserve, SiteSummary } from '../schemas/live.ts';

export function toAssetLive(siteId: string, v: AssetView): AssetLive {
  const s = v.state;
  return {
    site: siteId,
    asset: v.asset.id,
    type: v.asset.type,
    data_state: v.data_state,
    age_s: v.age_s,
    ts: s?.ts ?? null,
    received_ms: s?.received_ms ?? null,
    status: v.status,
    values: s?.values ?? {},
    derived: s?.derived ?? {},
    rejected: s?.rejected ?? {},
    faults: s?.faults ?? [],
  };
}

export function toKpis(live: SiteLive): SiteKpis {
  return { site: live.site.id, ...live.kpis };
}

export function toReserve(live: SiteLive): SiteReserve {
  return { ...live.reserve, name: live.site.name };
}

export function toSummary(live: SiteLive, activeAlarms: number): SiteSummary {
  const s = live.site;
  return {
    id: s.id,
    name: s.name,
    time_zone: s.time_zone,
    location: s.location,
    population_served: s.population_served,
    data_state: siteDataState(live.views),
    asset_count: s.assets.length,
    kpis: toKpis(live),
    reserve_status: live.reserve.status,
    active_alarms: activeAlarms,
  };
}

const COMMON_KEYS = new Set(['id', 'type', 'name', 'expected_interval_s']);

export function toDetail(live: SiteLive, activeAlarms: number): SiteDetail {
  const s = live.site;
  return {
    id: s.id,
    name: s.name,
    time_zone: s.time_zone,
    location: s.location,
    population_served: s.population_served,
    reserve_settings: s.reserve,
    data_state: siteDataState(live.views),
    assets: live.views.map((v) => ({
      id: v.asset.id,
      type: v.asset.type,
      name: v.asset.name,
      expected_interval_s: v.asset.expected_interval_s,
      parameters: Object.fromEntries(Object.entries(v.asset).filter(([k]) => !COMMON_KEYS.has(k))),
      fields: Object.fromEntries(
        Object.entries(seriesFields(v.asset.type)).map(([k, f]) => [
          k,
          { unit: f.unit, kind: f.kind, derived: f.derived },
        ]),
      ),
      live: toAssetLive(s.id, v),
    })),
    kpis: toKpis(live),
    reserve: toReserve(live),
    active_alarms: activeAlarms,
    generated_at: live.now_ms,
  };
}
