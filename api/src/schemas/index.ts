import type { TSchema } from '@sinclair/typebox';
import { Alarm } from './alarms.ts';
import { analyticsSchemas } from './analytics.ts';
import { Me, Role, Scope } from './auth.ts';
import { ErrorBody, LocalisedText, Measured } from './common.ts';
import { Health } from './health.ts';
import { AssetDetail, AssetLive, AssetType, SiteDetail, SiteKpis, SiteReserve, SiteSummary } from './live.ts';
import { Series } from './series.ts';

/** Schemas with an $id: added to Fastify once, referenced by routes, listed as OpenAPI components. */
export const SHARED_SCHEMAS: TSchema[] = [
  LocalisedText,
  ErrorBody,
  Measured,
  AssetType,
  AssetLive,
  SiteKpis,
  SiteReserve,
  SiteSummary,
  AssetDetail,
  SiteDetail,
  Alarm,
  Role,
  Scope,
  Me,
  Health,
  Series,
  ...analyticsSchemas,
];
