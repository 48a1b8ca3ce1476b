/**
 * socket.io live stream (path /socket.io). Authenticate with the session cookie (browser) or
 * `io(url, { auth: { token } })`. Then `socket.emit('subscribe', ['site-a'] | 'all', ack?)`:
 * the client receives `snapshot` for the sites joined, then `state`, `kpi`, `reserve` and `alarm` events.
 * Updates are coalesced per asset (at most one per LIVE_THROTTLE_MS, default 250 ms — always the newest).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Alarm } from './alarms.ts';
import { AssetLive, SiteKpis, SiteReserve } from './live.ts';

export const SubscribeRequest = Type.Union(
  [Type.Literal('all'), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 })],
  { description: '"all", or a list of up to 1,000 site ids' },
);
export type SubscribeRequest = Static<typeof SubscribeRequest>;

export const SubscribeAck = Type.Object({
  ok: Type.Boolean(),
  sites: Type.Array(Type.String()),
  /** Requested ids that are not sites of the registry. */
  unknown: Type.Array(Type.String()),
  /** Why the request was refused, when it was not a subscription request at all. */
  error: Type.Optional(Type.String()),
});
export type SubscribeAck = Static<typeof SubscribeAck>;

export const SnapshotSite = Type.Object({
  site: Type.String(),
  assets: Type.Array(AssetLive),
  kpis: SiteKpis,
  reserve: SiteReserve,
  alarms: Type.Array(Alarm),
});
export const SnapshotEvent = Type.Object({ sites: Type.Array(SnapshotSite), generated_at: Type.Integer() });
export type SnapshotEvent = Static<typeof SnapshotEvent>;

export const StateEvent = AssetLive;
export type StateEvent = Static<typeof StateEvent>;
export const KpiEvent = SiteKpis;
export type KpiEvent = Static<typeof KpiEvent>;
export const ReserveEvent = SiteReserve;
export type ReserveEvent = Static<typeof ReserveEvent>;
export const AlarmEvent = Alarm;
export type AlarmEvent = Static<typeof AlarmEvent>;
/** Sent just before the server disconnects a socket whose session was signed out or expired. */
export const SessionEndedEvent = Type.Object({
  reason: Type.Union([Type.Literal('signed_out'), Type.Literal('expired')]),
});
export type SessionEndedEvent = Static<typeof SessionEndedEvent>;

/** Events the server sends. */
export interface ServerToClientEvents {
  snapshot: (payload: SnapshotEvent) => void;
  state: (payload: StateEvent) => void;
  kpi: (payload: KpiEvent) => void;
  reserve: (payload: ReserveEvent) => void;
  alarm: (payload: AlarmEvent) => void;
  session_ended: (payload: SessionEndedEvent) => void;
}

/** Events the client sends. */
export interface ClientToServerEvents {
  subscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
}

/** Event names and their payload schemas (for documentation and clients). */
export const SocketEvents = {
  server: {
    snapshot: SnapshotEvent,
    state: StateEvent,
    kpi: KpiEvent,
    reserve: ReserveEvent,
    alarm: AlarmEvent,
    session_ended: SessionEndedEvent,
  },
  client: { subscribe: SubscribeRequest, unsubscribe: SubscribeRequest },
} as const;
