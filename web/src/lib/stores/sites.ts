/**
 * What the registry says about each site (names, time zone, assets with their fields and intervals), loaded
 * once after sign-in from GET /api/sites and GET /api/sites/{site}. Live figures come from the live store.
 */
import { writable } from 'svelte/store';
import { api, errorMessage } from '../api/client.ts';
import type { SiteDetail, SiteList, SiteSummary } from '../api/types.ts';
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

/** How long a registry request may take before it counts as failed (a stopped api never leaves "Loading…"). */
export const SITES_TIMEOUT_MS = 15_000;

/**
 * Loads (or reloads) the registry. A failed or timed-out request sets `error` and `loaded` (never stuck loading);
 * a reload that fails keeps what was loaded before.
 */
export async function loadSites(timeoutMs = SITES_TIMEOUT_MS): Promise<void> {
  let data: SiteList | undefined;
  let message: string | null = null;
  try {
    const r = await api.GET('/api/sites', { signal: AbortSignal.timeout(timeoutMs) });
    data = r.data;
    if (!data) message = errorMessage(r.error, r.response);
  } catch (err) {
    message = errorMessage(err);
  }
  if (!data) {
    sites.update((s) => ({ ...s, loaded: true, error: message }));
    return;
  }
  live.update((l) => applyServerTime(l, data.generated_at, Date.now()));
  const summaries = Object.fromEntries(data.sites.map((s) => [s.id, s]));
  sites.update((s) => ({ ...s, order: data.sites.map((x) => x.id), summaries, loaded: true, error: null }));
  await Promise.all(data.sites.map((s) => loadSiteDetail(s.id, timeoutMs)));
}

export type SiteDetailResult = { detail: SiteDetail } | { notFound: true } | { error: string };

/** A site's registry details, kept in the store; "not found" (404) apart from a failure (with its message). */
export async function fetchSiteDetail(id: string, timeoutMs = SITES_TIMEOUT_MS): Promise<SiteDetailResult> {
  try {
    const { data, error, response } = await api.GET('/api/sites/{site}', {
      params: { path: { site: id } },
      signal: AbortSignal.timeout(timeoutMs),
    });
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
export async function loadSiteDetail(id: string, timeoutMs = SITES_TIMEOUT_MS): Promise<SiteDetail | null> {
  const r = await fetchSiteDetail(id, timeoutMs);
  return 'detail' in r ? r.detail : null;
}
