/**
 * Per-site view models combining the registry (sites store) with the live stream (live store), falling back
 * to what the REST answer carried until the snapshot arrives.
 */
import { derived } from 'svelte/store';
import type {
  LiveAlarm as Alarm,
  LiveAsset as AssetLive,
  LiveKpis as SiteKpis,
  LiveReserve as SiteReserve,
  SiteDetail,
  SiteSummary,
} from '../api/types.ts';
import { siteStatus, type SiteStatus } from '../utils/live.ts';
import { live } from './live.ts';
import { sites } from './sites.ts';

export interface SiteView {
  id: string;
  summary: SiteSummary | undefined;
  detail: SiteDetail | undefined;
  name: { ja: string; en: string };
  timeZone: string;
  kpis: SiteKpis | null;
  reserve: SiteReserve | null;
  assets: Record<string, AssetLive>;
  alarms: Alarm[];
  activeAlarmCount: number;
  status: SiteStatus;
}

export const siteViews = derived([sites, live], ([s, l]) => {
  const views: SiteView[] = [];
  for (const id of s.order) {
    const summary = s.summaries[id];
    const detail = s.details[id];
    const ls = l.sites[id];
    const kpis = ls?.kpis ?? detail?.kpis ?? summary?.kpis ?? null;
    const reserve = ls?.reserve ?? detail?.reserve ?? null;
    const assets: Record<string, AssetLive> = {};
    for (const a of detail?.assets ?? []) assets[a.id] = a.live;
    Object.assign(assets, ls?.assets ?? {});
    const alarms = Object.values(ls?.alarms ?? {}).sort((a, b) => b.triggered_at - a.triggered_at);
    const activeAlarmCount = ls ? alarms.length : (summary?.active_alarms ?? 0);
    views.push({
      id,
      summary,
      detail,
      name: summary?.name ?? detail?.name ?? { ja: id, en: id },
      timeZone: summary?.time_zone ?? detail?.time_zone ?? 'Asia/Tokyo',
      kpis,
      reserve,
      assets,
      alarms,
      activeAlarmCount,
      status: siteStatus(reserve?.status ?? summary?.reserve_status, alarms),
    });
  }
  return views;
});
