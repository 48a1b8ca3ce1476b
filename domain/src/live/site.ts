/** Everything live about one site, computed in one pass from the latest asset states. */
import type { FuelSpec } from '../calc/fuels.ts';
import type { Site } from '../registry/schema.ts';
import { hasTrait } from '../assets/index.ts';
import { siteAssetViews, type AssetEntry, type AssetView } from './assets.ts';
import { siteKpis, type LiveSample } from './kpis.ts';
import type { SiteKpis, SiteReserve } from './schemas.ts';
import { siteReserve } from './reserve.ts';
import type { ReserveSample } from './forecast.ts';

export interface SiteLive {
  site: Site;
  now_ms: number;
  views: AssetView[];
  kpis: SiteKpis;
  reserve: SiteReserve;
}

export interface SiteLiveInput {
  site: Site;
  now_ms: number;
  entry: (assetId: string) => AssetEntry | undefined;
  fuel: (fuelId: string) => FuelSpec;
  history?: (assetId: string) => readonly LiveSample[];
  /** Recent reserve samples of an asset (the last hour), for the time to threshold. */
  reserveHistory?: (assetId: string) => readonly ReserveSample[];
}

export function siteLive(input: SiteLiveInput): SiteLive {
  const { site, now_ms, fuel } = input;
  const views = siteAssetViews(site, input.entry, now_ms);
  const kpis = siteKpis({ site, views, now_ms, fuel, ...(input.history ? { history: input.history } : {}) });
  const meters = site.assets.filter((a) => hasTrait(a, 'meters_heat_delivered'));
  const demandAssets = (meters.length ? meters : site.assets.filter((a) => hasTrait(a, 'produces_heat'))).map(
    (a) => a.id,
  );
  const reserve = siteReserve({
    site,
    views,
    fuel,
    heat_demand_kw: kpis.heat_delivered_kw,
    demand_assets: demandAssets,
    now_ms,
    ...(input.reserveHistory ? { history: input.reserveHistory } : {}),
  });
  return { site, now_ms, views, kpis, reserve };
}

/** Worst data state of a site's assets, for the site list: offline/stale beat live; no assets reporting = no_data. */
export function siteDataState(views: readonly AssetView[]): 'live' | 'stale' | 'offline' | 'no_data' {
  if (views.every((v) => v.data_state === 'no_data')) return 'no_data';
  if (views.some((v) => v.data_state === 'offline')) return 'offline';
  if (views.some((v) => v.data_state === 'stale' || v.data_state === 'no_data')) return 'stale';
  return 'live';
}
