/**
 * Names for the API's shapes. REST shapes come from schema.d.ts (generated from api/openapi.json by
 * `npm run sync:open-api`); socket payloads are the TypeBox Static types of api/src/schemas/socket.ts
 * (type-only import: nothing of the API ends up in the bundle).
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
export type DataState = AssetLive['data_state'];
export type LocalisedText = S['LocalisedText'];

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type SiteList = Json<'/api/sites', 'get'>;
export type ReserveList = Json<'/api/reserves', 'get'>;
export type AlarmList = Json<'/api/alarms', 'get'>;
export type Series = Json<'/api/sites/{site}/assets/{asset}/series', 'get'>;

/*
 * Live payloads as the socket sends them. Their TypeBox types are a little wider than the REST ones (enums
 * built with .map() become string), so the live model uses these and REST values fit into them.
 */
import type { AlarmEvent, KpiEvent, ReserveEvent, StateEvent } from '../../../../api/src/schemas/socket.ts';
export type LiveAsset = StateEvent;
export type LiveKpis = KpiEvent;
export type LiveReserve = ReserveEvent;
export type LiveAlarm = AlarmEvent;

export type {
  ServerToClientEvents,
  ClientToServerEvents,
  SnapshotEvent,
  StateEvent,
  KpiEvent,
  ReserveEvent,
  AlarmEvent,
  SubscribeAck,
} from '../../../../api/src/schemas/socket.ts';

export type MonthlyReport = S['MonthlyReport'];
export type DayRow = S['DayRow'];
export type SiteFigures = S['SiteFigures'];
export type AssetFigures = S['AssetFigures'];
export type PeriodKpis = S['PeriodKpis'];
export type FiscalYearReport = S['FiscalYearReport'];
export type AllSitesReport = S['AllSitesReport'];
export type MonthRow = S['MonthRow'];
export type FigureChange = S['FigureChange'];
