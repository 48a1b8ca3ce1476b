/**
 * What the header's connection indicator says, as pure functions. "Live" only while fresh data arrives: the socket is
 * connected, the server is heard (a `heartbeat` or any other event within three heartbeat intervals) and at least
 * one asset is fresh by the server's own flags (its data state is live and the server's clock has not reached its
 * stale_at — the rule of `assetIsStale`). Otherwise it says why not, and since when nothing fresh came.
 */
import type { LiveAsset as AssetLive } from '../api/types.ts';
import { assetIsStale } from './live.ts';

/** The socket as socket.io reports it; `unresponsive`: connected, but the server has been silent too long. */
export type SocketState = 'connecting' | 'connected' | 'unresponsive' | 'reconnecting' | 'offline';

/** What the indicator shows. */
export type IndicatorState = 'connecting' | 'live' | 'stale' | 'unresponsive' | 'reconnecting' | 'offline';

/** Heartbeat interval assumed until the server has said its own (LIVE_HEARTBEAT_MS default). */
export const DEFAULT_HEARTBEAT_MS = 2_000;
/** Silent heartbeat intervals after which the server is taken as not answering. */
export const SILENT_INTERVALS = 3;
/** Never later than this: a hung server is reported within 10 s (the check itself runs every 500 ms). */
export const MAX_SILENCE_MS = 9_000;

/** How long the server may stay silent (no heartbeat, no event) before it is taken as not answering. */
export function silenceLimitMs(heartbeatMs: number): number {
  const interval = Number.isFinite(heartbeatMs) && heartbeatMs > 0 ? heartbeatMs : DEFAULT_HEARTBEAT_MS;
  return Math.min(MAX_SILENCE_MS, SILENT_INTERVALS * interval);
}

/** Whether a server last heard at `lastHeardMs` (client clock) counts as silent at `nowMs`. */
export function serverSilent(lastHeardMs: number | null, nowMs: number, heartbeatMs: number): boolean {
  if (lastHeardMs === null) return false;
  return nowMs - lastHeardMs > silenceLimitMs(heartbeatMs);
}

export interface Freshness {
  /** At least one asset is fresh now. */
  fresh: boolean;
  /** Newest measurement time (device clock, UTC ms) of any asset; null when nothing was ever measured. */
  newestMs: number | null;
}

/** Whether any asset is fresh at the server's time `serverNow`, and the newest measurement of all. */
export function freshness(assets: Iterable<AssetLive>, serverNow: number): Freshness {
  let fresh = false;
  let newestMs: number | null = null;
  for (const a of assets) {
    if (a.ts !== null && (newestMs === null || a.ts > newestMs)) newestMs = a.ts;
    if (!fresh && !assetIsStale(a, serverNow)) fresh = true;
  }
  return { fresh, newestMs };
}

export interface IndicatorInput {
  socket: SocketState;
  /** The live stream's snapshot has arrived since sign-in (before it, figures are the REST answers'). */
  snapshot: boolean;
  freshness: Freshness;
}

export interface Indicator {
  state: IndicatorState;
  /** Newest measurement: "no fresh data since …" (shown in every state but live). */
  sinceMs: number | null;
}

export function indicator({ socket, snapshot, freshness: f }: IndicatorInput): Indicator {
  const sinceMs = f.newestMs;
  if (socket !== 'connected') return { state: socket, sinceMs };
  if (!snapshot) return { state: 'connecting', sinceMs };
  return { state: f.fresh ? 'live' : 'stale', sinceMs };
}
