import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_TELEMETRY_LIMITS, ID_PATTERN } from '@ems/domain';
import { InfluxSettings, LogSettings, MqttSettings, readSettings } from '@ems/runtime';

const Bool = (def: boolean, description: string) => Type.Boolean({ default: def, description });
const Int = (def: number, min: number, description: string) =>
  Type.Integer({ default: def, minimum: min, description });

/** Every environment variable ingest reads (DESIGN §10), with defaults and what each means. */
export const IngestSettingsSchema = Type.Object({
  ...MqttSettings,
  MQTT_CLIENT_ID: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        'fixed client id of the persistent session; default MQTT_USERNAME (brokers bind client ids to accounts), else ems-ingest',
    }),
  ),
  MQTT_PROTOCOL_VERSION: Type.Union([Type.Literal(5), Type.Literal(4)], {
    default: 5,
    description: '5 (MQTT 5, session expiry, shared subscriptions) or 4 (MQTT 3.1.1, e.g. the embedded aedes broker)',
  }),
  MQTT_SESSION_EXPIRY_S: Int(7 * 24 * 3600, 1, 'MQTT 5 session expiry interval: how long the broker keeps our queue'),
  MQTT_MAX_PACKET_BYTES: Int(
    16 * 1024 * 1024,
    1024,
    'MQTT 5 maximum packet size we accept; the broker drops bigger packets for us',
  ),
  INGEST_SHARED_GROUP: Type.Optional(
    Type.String({ pattern: ID_PATTERN, description: 'subscribe via $share/<group>/… (MQTT 5)' }),
  ),
  INGEST_MAX_PAYLOAD_BYTES: Int(
    DEFAULT_TELEMETRY_LIMITS.max_payload_bytes,
    1,
    'bigger telemetry payloads are rejected as payload_too_large; the broker should refuse packets much bigger (max_packet_size)',
  ),
  DEAD_LETTER_BYTES_PER_MIN: Int(
    64 * 1024,
    0,
    'dead-letter bytes one device may write per minute; beyond it its rejections are counted only',
  ),
  ...InfluxSettings,
  INFLUX_RP: Type.Optional(Type.String({ minLength: 1, description: 'retention policy to write to (and create)' })),
  INFLUX_RETENTION: Type.String({
    default: 'INF',
    pattern: '^(INF|0s|[0-9]+(ns|u|µ|ms|s|m|h|d|w))$',
    description: 'retention of INFLUX_RP (or the database default), e.g. INF, 0s, 400d',
  }),
  INFLUX_SKIP_SETUP: Bool(false, 'skip CREATE DATABASE / RETENTION POLICY at start-up'),
  INGEST_SPOOL_DIR: Type.String({ default: 'data/spool', minLength: 1 }),
  SPOOL_MAX_BYTES: Int(256 * 1024 * 1024, 1024, 'unwritten spool size at which ingest stops acknowledging'),
  SPOOL_FSYNC_MS: Type.Union([Type.Literal('always'), Type.Integer({ minimum: 1 })], {
    default: 200,
    description: 'fsync interval in ms, or "always" to fsync before every acknowledgement',
  }),
  SPOOL_SEGMENT_BYTES: Int(32 * 1024 * 1024, 1024, 'spool segment file size'),
  INGEST_ACK_HOLD_MS: Type.Integer({
    default: 5,
    minimum: 0,
    maximum: 100,
    description:
      'how long acknowledgements may be held while messages keep arriving, so that the spool writes them and the socket sends their PUBACKs in one write each (0: at the next turn of the event loop)',
  }),
  WRITE_BATCH_LINES: Int(5_000, 1, 'lines per InfluxDB write'),
  WRITE_BATCH_WAIT_MS: Type.Integer({
    default: 300,
    minimum: 0,
    maximum: 10_000,
    description:
      'how long lines may wait in the spool for a batch of WRITE_BATCH_LINES to fill before they are written (0: at once)',
  }),
  WRITE_CONCURRENCY: Int(2, 1, 'InfluxDB writes in flight at once'),
  WRITE_RETRY_MAX_MS: Int(10_000, 10, 'longest back-off between write retries'),
  STATE_MIN_INTERVAL_MS: Int(1_000, 0, 'at most one retained state publish per asset per interval'),
  SHUTDOWN_FLUSH_MS: Int(5_000, 0, 'how long a graceful shutdown keeps writing the spool to InfluxDB'),
  INGEST_HTTP_PORT: Int(9101, 0, 'port of /metrics and /health (0 = random)'),
  INGEST_HTTP_HOST: Type.String({
    default: '127.0.0.1',
    description: 'address of /metrics and /health (0.0.0.0 to let a scraper on another host in)',
  }),
  ...LogSettings,
});
export type IngestSettings = Static<typeof IngestSettingsSchema>;

/** The client id: brokers bind client ids to accounts (Mosquitto's use_username_as_clientid), so the user name. */
export function ingestClientId(settings: IngestSettings): string {
  return settings.MQTT_CLIENT_ID ?? settings.MQTT_USERNAME ?? 'ems-ingest';
}

/** Reads and validates the settings; throws SettingsError naming each bad variable. */
export function readIngestSettings(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  return readSettings(IngestSettingsSchema, env);
}
