import type { TSchema } from '@sinclair/typebox';
import {
  Alarm,
  ASSET_TYPE_SCHEMAS,
  AssetDetail,
  HeartbeatEvent,
  AssetLive,
  AssetTypeId,
  Measured,
  PERIOD_SCHEMAS,
  ReserveForecast,
  ReserveLevel,
  SessionEndedEvent,
  SiteDetail,
  SiteKpis,
  SiteReserve,
  SiteSummary,
  SnapshotEvent,
  SubscribeAck,
  SubscribeRequest,
  TelemetryMessage,
  TelemetrySampleMessage,
} from '@ems/domain';
import { analyticsSchemas } from './analytics.ts';
import { Me, Role, Scope } from './auth.ts';
import { ErrorBody } from './common.ts';
import { Health } from './health.ts';
import { Series } from './series.ts';

/**
 * Schemas with an $id: added to Fastify once, referenced by routes, listed as OpenAPI components — the domain's
 * wire shapes (live views, period reports, alarms, the live stream's events, the device telemetry message) and
 * the api's own (errors, auth, health, history).
 */
export const SHARED_SCHEMAS: TSchema[] = [
  ...PERIOD_SCHEMAS,
  ErrorBody,
  Measured,
  AssetTypeId,
  AssetLive,
  SiteKpis,
  ReserveLevel,
  ReserveForecast,
  SiteReserve,
  SiteSummary,
  AssetDetail,
  SiteDetail,
  Alarm,
  ...ASSET_TYPE_SCHEMAS,
  SubscribeRequest,
  SubscribeAck,
  SnapshotEvent,
  SessionEndedEvent,
  HeartbeatEvent,
  TelemetrySampleMessage,
  TelemetryMessage,
  Role,
  Scope,
  Me,
  Health,
  Series,
  ...analyticsSchemas,
];
