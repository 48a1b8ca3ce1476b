/**
 * Names for the API's shapes, all from schema.d.ts (generated from api/openapi.json by `npm run sync:open-api`):
 * REST bodies and the socket events' payloads alike are OpenAPI components. The web imports nothing of the
 * api's or the domain's sources (a lint rule and test/fence.test.ts keep it so).
 */
import type { components, paths } from './schema';

type S = components['schemas'];
export type Measured = S['Measured'];
export type AssetLive = S['AssetLive'];
export type AssetType = S['AssetType'];
export type SiteKpis = S['SiteKpis'];
export type SiteReserve = S['SiteReserve'];
export type SiteSummary = S['SiteSummary'];
export type SiteDetail = S['SiteDetail'];
export type AssetDetail = S['AssetDetail'];
export type Alarm = S['Alarm'];
export type Role = S['Role'];
export type Me = S['Me'];
export type ReserveStatus = SiteReserve['status'];
export type ReserveReason = SiteReserve['reasons'][number];
export type FuelReserve = SiteReserve['fuels'][number];
export type InstalledReserves = SiteReserve['installed'];
export type DataState = AssetLive['data_state'];
export type LocalisedText = S['LocalisedText'];

/** The asset-type catalogue (GET /api/asset-types): how each type and fuel is shown. */
export type AssetTypeCatalogue = S['AssetTypeCatalogue'];
export type AssetTypeInfo = S['AssetTypeInfo'];
export type FuelInfo = S['FuelInfo'];
export type Trait = AssetTypeInfo['traits'][number];
export type ReserveKind = NonNullable<AssetTypeInfo['reserve']>;

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type SiteList = Json<'/api/sites', 'get'>;
export type ReserveList = Json<'/api/reserves', 'get'>;
export type AlarmList = Json<'/api/alarms', 'get'>;
export type Series = Json<'/api/sites/{site}/assets/{asset}/series', 'get'>;

/* The live stream (socket.io at /socket.io): every payload is an OpenAPI component. */
export type StateEvent = S['AssetLive'];
export type KpiEvent = S['SiteKpis'];
export type ReserveEvent = S['SiteReserve'];
export type AlarmEvent = S['Alarm'];
export type SnapshotEvent = S['SnapshotEvent'];
export type SessionEndedEvent = S['SessionEndedEvent'];
export type HeartbeatEvent = S['HeartbeatEvent'];
export type SubscribeRequest = S['SubscribeRequest'];
export type SubscribeAck = S['SubscribeAck'];

/** Events the server sends: `snapshot` after a subscription, then changes. */
export interface ServerToClientEvents {
  snapshot: (payload: SnapshotEvent) => void;
  state: (payload: StateEvent) => void;
  kpi: (payload: KpiEvent) => void;
  reserve: (payload: ReserveEvent) => void;
  alarm: (payload: AlarmEvent) => void;
  session_ended: (payload: SessionEndedEvent) => void;
  /** On connection and every few seconds: the server is alive, and its clock. */
  heartbeat: (payload: HeartbeatEvent) => void;
}

/** Events the client sends. */
export interface ClientToServerEvents {
  subscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (sites: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
}

/* The live model holds these (the same shapes as the REST answers). */
export type LiveAsset = StateEvent;
export type LiveKpis = KpiEvent;
export type LiveReserve = ReserveEvent;
export type LiveAlarm = AlarmEvent;

export type MonthlyReport = S['MonthlyReport'];
export type DayRow = S['DayRow'];
export type SiteFigures = S['SiteFigures'];
export type AssetFigures = S['AssetFigures'];
export type PeriodKpis = S['PeriodKpis'];
export type FiscalYearReport = S['FiscalYearReport'];
export type AllSitesReport = S['AllSitesReport'];
export type MonthRow = S['MonthRow'];
export type FigureChange = S['FigureChange'];
