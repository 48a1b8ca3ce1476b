/**
 * The live stream (socket.io at /socket.io). Authenticate with the session cookie (browser) or
 * `io(url, { auth: { token } })`. Then `socket.emit('subscribe', ['site-a'] | 'all', ack?)`: the client receives
 * `snapshot` for the sites joined, then `state`, `kpi`, `reserve` and `alarm`, and `session_ended` before the server
 * closes a socket whose session ended. Updates are coalesced per asset (at most one per LIVE_THROTTLE_MS). Every
 * socket, subscribed or not, gets `heartbeat` on connection and then every LIVE_HEARTBEAT_MS.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Alarm } from '../alarms/schemas.ts';
import { AssetLive, SiteKpis, SiteReserve } from '../live/schemas.ts';

export const SubscribeRequest = Type.Union(
  [Type.Literal('all'), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 })],
  { $id: 'SubscribeRequest', description: '"all", or a list of up to 1,000 site ids' },
);
export type SubscribeRequest = Static<typeof SubscribeRequest>;

export const SubscribeAck = Type.Object(
  {
    ok: Type.Boolean(),
    sites: Type.Array(Type.String()),
    /** Requested ids that are not sites of the registry. */
    unknown: Type.Array(Type.String()),
    /** Why the request was refused, when it was not a subscription request at all. */
    error: Type.Optional(Type.String()),
  },
  { $id: 'SubscribeAck' },
);
export type SubscribeAck = Static<typeof SubscribeAck>;

export const SnapshotSite = Type.Object({
  site: Type.String(),
  assets: Type.Array(Type.Ref(AssetLive)),
  kpis: Type.Ref(SiteKpis),
  reserve: Type.Ref(SiteReserve),
  alarms: Type.Array(Type.Ref(Alarm)),
});
export const SnapshotEvent = Type.Object(
  { sites: Type.Array(SnapshotSite), generated_at: Type.Integer() },
  { $id: 'SnapshotEvent' },
);
export type SnapshotEvent = Static<typeof SnapshotEvent>;

/** Sent just before the server disconnects a socket whose session was signed out or expired. */
export const SessionEndedEvent = Type.Object(
  { reason: Type.Union([Type.Literal('signed_out'), Type.Literal('expired')]) },
  { $id: 'SessionEndedEvent' },
);
export type SessionEndedEvent = Static<typeof SessionEndedEvent>;

/**
 * Sent on connection and then every `interval_ms` to every socket: the server is alive, and this is its clock. A
 * client that hears nothing from the server (neither a heartbeat nor any other event) for three intervals may take
 * it as not answering, although the socket still looks connected (a hung process keeps its TCP connections open).
 */
export const HeartbeatEvent = Type.Object(
  {
    /** The server's clock when it sent the heartbeat, ms since the epoch (the clock `stale_at` times refer to). */
    server_time: Type.Integer({ description: "the server's clock, ms since the epoch" }),
    /** The time until the next heartbeat, ms. */
    interval_ms: Type.Integer({ minimum: 1, description: 'the next heartbeat follows this many ms later' }),
  },
  { $id: 'HeartbeatEvent' },
);
export type HeartbeatEvent = Static<typeof HeartbeatEvent>;

export type StateEvent = Static<typeof AssetLive>;
export type KpiEvent = Static<typeof SiteKpis>;
export type ReserveEvent = Static<typeof SiteReserve>;
export type AlarmEvent = Static<typeof Alarm>;

/** Events the server sends. */
export interface ServerToClientEvents {
  snapshot: (payload: SnapshotEvent) => void;
  state: (payload: StateEvent) => void;
  kpi: (payload: KpiEvent) => void;
  reserve: (payload: ReserveEvent) => void;
  alarm: (payload: AlarmEvent) => void;
  session_ended: (payload: SessionEndedEvent) => void;
  heartbeat: (payload: HeartbeatEvent) => void;
}

/** Events the client sends. */
export interface ClientToServerEvents {
  subscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
}

/** The payload schema of every event, by direction (also listed in the OpenAPI document's components). */
export const SOCKET_EVENTS = {
  server: {
    snapshot: SnapshotEvent,
    state: AssetLive,
    kpi: SiteKpis,
    reserve: SiteReserve,
    alarm: Alarm,
    session_ended: SessionEndedEvent,
    heartbeat: HeartbeatEvent,
  },
  client: { subscribe: SubscribeRequest, unsubscribe: SubscribeRequest },
} as const satisfies Record<'server' | 'client', Record<string, TSchema>>;
