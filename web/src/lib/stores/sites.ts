/**
 * What the registry says about each site (names, time zone, assets with their fields and intervals), loaded
 * once after sign-in from GET /api/sites and GET /api/sites/{site}. Live figures come from the live store.
 */
import { writable } from 'svelte/store';
import { api, errorMessage } from '../api/client.ts';
import type { SiteDetail, SiteSummary } from '../api/types.ts';
import { applyServerTime } from '../utils/live.ts';
import { live } from './live.ts';

export interface SitesState {
  order: string[];
  summaries: Record<string, SiteSummary>;
  details: Record<string, SiteDetail>;
  loaded: boolean;
  error: string | null;
}

export const sites = writable<SitesState>({ order: [], summaries: {}, details: {}, loaded: false, error: null });

/** Loads the site list (again after a failure: the page shows "Loading…" meanwhile, then the list or the error). */
export async function loadSites(): Promise<void> {
  sites.update((s) => ({ ...s, loaded: false, error: null }));
  let answer;
  try {
    answer = await api.GET('/api/sites');
  } catch (err) {
    sites.update((s) => ({ ...s, loaded: true, error: errorMessage(err) }));
    return;
  }
  const { data, error, response } = answer;
  if (!data) {
    sites.update((s) => ({ ...s, loaded: true, error: errorMessage(error, response) }));
    return;
  }
  live.update((l) => applyServerTime(l, data.generated_at, Date.now()));
  const summaries = Object.fromEntries(data.sites.map((s) => [s.id, s]));
  sites.update((s) => ({ ...s, order: data.sites.map((x) => x.id), summaries, loaded: true, error: null }));
  await Promise.all(data.sites.map((s) => loadSiteDetail(s.id)));
}

export type SiteDetailResult = { detail: SiteDetail } | { notFound: true } | { error: string };

/** A site's registry details, kept in the store; "not found" (404) apart from a failure (with its message). */
export async function fetchSiteDetail(id: string): Promise<SiteDetailResult> {
  try {
    const { data, error, response } = await api.GET('/api/sites/{site}', { params: { path: { site: id } } });
    if (data) {
      sites.update((s) => ({ ...s, details: { ...s.details, [id]: data } }));
      return { detail: data };
    }
    if (response.status === 404) return { notFound: true };
    return { error: errorMessage(error, response) };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/** A site's registry details, or null when there is no such site or they could not be loaded. */
export async function loadSiteDetail(id: string): Promise<SiteDetail | null> {
  const r = await fetchSiteDetail(id);
  return 'detail' in r ? r.detail : null;
}
