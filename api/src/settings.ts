import { Type, type Static } from '@sinclair/typebox';
import { InfluxSettings, LogSettings, MqttSettings, readSettings } from '@ems/runtime';

/** Environment settings of the API, validated once at start-up (see api/README.md). */
export const ApiSettingsSchema = Type.Object({
  NODE_ENV: Type.String({ default: 'development', description: 'production requires SESSION_SECRET' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port' }),
  HOST: Type.String({ default: '0.0.0.0', description: 'address to listen on' }),
  ...MqttSettings,
  ...InfluxSettings,
  EMS_USERS: Type.String({ default: 'config/users.yaml', description: 'users and API tokens (YAML)' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'at least 32 characters' })),
  SESSION_TTL_HOURS: Type.Number({ exclusiveMinimum: 0, default: 12 }),
  WEB_DIST: Type.String({ default: 'web/dist', description: 'built web app served at /' }),
  CORS_ORIGINS: Type.Optional(Type.String({ description: 'comma-separated allowed origins; none by default' })),
  MAX_POINTS_PER_SERIES: Type.Integer({ minimum: 10, maximum: 100_000, default: 1000 }),
  METRICS_PUBLIC: Type.Boolean({ default: false, description: 'serve /metrics without credentials' }),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'trust X-Forwarded-* (behind a load balancer)' }),
  SIGN_IN_RATE_LIMIT: Type.Integer({
    minimum: 1,
    default: 10,
    description: 'failed sign-ins allowed per minute per client address',
  }),
  SIGN_IN_USER_LIMIT: Type.Integer({
    minimum: 1,
    default: 30,
    description: 'failed sign-ins allowed per hour per user name',
  }),
  MAX_WINDOW_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3660,
    default: 731,
    description: 'longest window a history or KPI request may span, days',
  }),
  LIVE_THROTTLE_MS: Type.Integer({ minimum: 0, default: 250, description: 'min time between updates per asset' }),
  LIVE_HEARTBEAT_MS: Type.Integer({
    minimum: 100,
    maximum: 3000,
    default: 2000,
    description:
      'time between socket heartbeats (clients take the server as not answering after three silent intervals)',
  }),
  ALARM_MIN_DURATION_S: Type.Number({ minimum: 0, default: 60, description: 'built-in alarm rules minimum duration' }),
  ALARM_HISTORY_DAYS: Type.Number({ exclusiveMinimum: 0, default: 7 }),
  ROLLUP_JOB: Type.Boolean({
    default: true,
    description: 'run the roll-up job here (false on extra api processes that only read the roll-ups)',
  }),
  ROLLUP_TICK_MS: Type.Integer({ minimum: 1000, default: 15_000, description: 'how often the roll-up job runs' }),
  ...LogSettings,
});
export type ApiSettings = Static<typeof ApiSettingsSchema>;

export function readApiSettings(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  return readSettings(ApiSettingsSchema, env);
}
