/**
 * The live model of the dashboard as pure functions: a snapshot first, then events; an older message never
 * overwrites a newer one; stale detection from the server's stale flags and stale_at times and the (server-corrected)
 * clock.
 */
import type {
  LiveAlarm as Alarm,
  LiveAsset as AssetLive,
  LiveKpis as SiteKpis,
  LiveReserve as SiteReserve,
  Measured,
  ReserveStatus,
  SnapshotEvent,
} from '../api/types.ts';

export interface LiveSite {
  assets: Record<string, AssetLive>;
  kpis: SiteKpis | null;
  reserve: SiteReserve | null;
  /** Alarms by id (active and acknowledged; cleared ones are removed). */
  alarms: Record<string, Alarm>;
}

export interface LiveState {
  sites: Record<string, LiveSite>;
  /** Client time (ms) of the last message from the server; null before the first. */
  lastUpdate: number | null;
  /** server clock − client clock, from the snapshot's generated_at (ms). */
  clockOffsetMs: number;
}

export const emptyLive = (): LiveState => ({ sites: {}, lastUpdate: null, clockOffsetMs: 0 });

const emptySite = (): LiveSite => ({ assets: {}, kpis: null, reserve: null, alarms: {} });

/** Newest measured_at of the Measured figures in an object (one level and nested records), or -∞. */
export function newestMeasuredAt(obj: object | null | undefined): number {
  let newest = Number.NEGATIVE_INFINITY;
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    if (isMeasured(v)) {
      if (v.measured_at !== null && v.measured_at > newest) newest = v.measured_at;
      return;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child, depth + 1);
  };
  visit(obj, 0);
  return newest;
}

export function isMeasured(v: unknown): v is Measured {
  return !!v && typeof v === 'object' && 'value' in v && 'unit' in v && 'measured_at' in v && 'stale' in v;
}

/** Whether an incoming asset state may replace the current one: newer (or equal) device time wins. */
export function assetIsNewer(incoming: AssetLive, current: AssetLive | undefined): boolean {
  if (!current || current.ts === null) return true;
  if (incoming.ts === null) return false;
  if (incoming.ts !== current.ts) return incoming.ts > current.ts;
  // same sample: a change of data state (live → stale → offline) or a later receipt still applies
  return (incoming.received_ms ?? 0) >= (current.received_ms ?? 0);
}

/** Whether figures (kpis, reserve) may replace the current ones: their newest measurement is not older. */
export function figuresAreNewer(incoming: object, current: object | null): boolean {
  if (!current) return true;
  const a = newestMeasuredAt(incoming);
  const b = newestMeasuredAt(current);
  return a === Number.NEGATIVE_INFINITY || a >= b;
}

/** Version of an alarm: the time of its latest transition. */
export function alarmVersion(a: Alarm): number {
  return Math.max(a.triggered_at, a.acknowledged_at ?? 0, a.cleared_at ?? 0);
}

function withSite(state: LiveState, site: string, update: (s: LiveSite) => LiveSite, now: number): LiveState {
  const current = state.sites[site] ?? emptySite();
  const next = update(current);
  if (next === current) return { ...state, lastUpdate: now };
  return { ...state, sites: { ...state.sites, [site]: next }, lastUpdate: now };
}

/** Applies a snapshot: the sites in it are replaced, except where this client already holds newer data. */
export function applySnapshot(state: LiveState, snap: SnapshotEvent, now: number): LiveState {
  const sites = { ...state.sites };
  for (const s of snap.sites) {
    const current = sites[s.site];
    const assets: Record<string, AssetLive> = {};
    for (const a of s.assets) {
      const held = current?.assets[a.asset];
      assets[a.asset] = held && !assetIsNewer(a, held) ? held : a;
    }
    const alarms: Record<string, Alarm> = {};
    for (const a of s.alarms) if (a.state !== 'cleared') alarms[a.id] = a;
    sites[s.site] = {
      assets,
      kpis: current?.kpis && !figuresAreNewer(s.kpis, current.kpis) ? current.kpis : s.kpis,
      reserve: current?.reserve && !figuresAreNewer(s.reserve, current.reserve) ? current.reserve : s.reserve,
      alarms,
    };
  }
  return { sites, lastUpdate: now, clockOffsetMs: snap.generated_at - now };
}

/**
 * Learns the server's clock from a time stamp it sent with an answer (a REST body's `generated_at`), so ages and
 * stale_at compare with the server's time before the socket's snapshot arrives.
 */
export function applyServerTime(state: LiveState, serverMs: number, now: number): LiveState {
  if (!Number.isFinite(serverMs)) return state;
  return { ...state, clockOffsetMs: serverMs - now };
}

export function applyState(state: LiveState, a: AssetLive, now: number): LiveState {
  return withSite(
    state,
    a.site,
    (s) => (assetIsNewer(a, s.assets[a.asset]) ? { ...s, assets: { ...s.assets, [a.asset]: a } } : s),
    now,
  );
}

export function applyKpi(state: LiveState, k: SiteKpis, now: number): LiveState {
  return withSite(state, k.site, (s) => (figuresAreNewer(k, s.kpis) ? { ...s, kpis: k } : s), now);
}

export function applyReserve(state: LiveState, r: SiteReserve, now: number): LiveState {
  return withSite(state, r.site, (s) => (figuresAreNewer(r, s.reserve) ? { ...s, reserve: r } : s), now);
}

export function applyAlarm(state: LiveState, a: Alarm, now: number): LiveState {
  return withSite(
    state,
    a.site,
    (s) => {
      const held = s.alarms[a.id];
      if (held && alarmVersion(held) > alarmVersion(a)) return s;
      const alarms = { ...s.alarms };
      if (a.state === 'cleared') delete alarms[a.id];
      else alarms[a.id] = a;
      return { ...s, alarms };
    },
    now,
  );
}

/**
 * Whether a figure must be shown as stale now. The server decides staleness (DOMAIN §10) and says it twice: the
 * `stale` flag for what is stale already, and `stale_at`, when the figure turns stale if nothing new arrives. So a
 * figure is stale when the flag says so, when it was never measured, or when the server's clock (`serverNow`:
 * the client clock corrected by the offset the server's time stamps gave) has reached its `stale_at` — the
 * browser notices a stopped stream by itself, with no staleness rule of its own.
 */
export function isStaleAt(m: Measured | null | undefined, serverNow: number): boolean {
  if (!m || m.measured_at === null) return true;
  if (m.stale) return true;
  return m.stale_at !== null && serverNow >= m.stale_at;
}

/** Whether an asset's live values must be shown as stale now: not live, never measured, or past its stale_at. */
export function assetIsStale(a: AssetLive | undefined, serverNow: number): boolean {
  if (!a || a.ts === null || a.data_state !== 'live') return true;
  return a.stale_at !== null && serverNow >= a.stale_at;
}

/**
 * A site's data state now, by the server's rule for its site list (worst of its assets: offline, then stale, else
 * live; no_data when no asset ever reported), with each asset's state as of the server's clock: a live asset whose
 * stale_at has passed counts as stale. Null without assets (the REST summary then stands).
 */
export function siteDataState(
  assets: readonly AssetLive[],
  serverNow: number,
): 'live' | 'stale' | 'offline' | 'no_data' | null {
  if (assets.length === 0) return null;
  const states = assets.map((a) =>
    a.data_state === 'live' && a.stale_at !== null && serverNow >= a.stale_at ? 'stale' : a.data_state,
  );
  if (states.every((s) => s === 'no_data')) return 'no_data';
  if (states.includes('offline')) return 'offline';
  if (states.some((s) => s === 'stale' || s === 'no_data')) return 'stale';
  return 'live';
}

export type SiteStatus = ReserveStatus;

/**
 * One status per site for the overview: critical or warning from the reserve or an active alarm;
 * unknown when nothing is known; ok otherwise.
 */
export function siteStatus(reserveStatus: ReserveStatus | undefined, alarms: readonly Alarm[]): SiteStatus {
  const active = alarms.filter((a) => a.state === 'active' || a.state === 'acknowledged');
  if (reserveStatus === 'critical' || active.some((a) => a.severity === 'critical')) return 'critical';
  if (reserveStatus === 'warning' || active.some((a) => a.severity === 'warning')) return 'warning';
  if (!reserveStatus || reserveStatus === 'unknown') return 'unknown';
  return 'ok';
}
