/**
 * Environment settings every service shares, as schema fragments to spread into its own settings schema:
 * one definition of what MQTT_URL, INFLUX_URL, … accept, and one way to turn them into client options.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { InfluxConfig } from './influx.ts';

export const MqttSettings = {
  MQTT_URL: Type.String({
    default: 'mqtt://127.0.0.1:1883',
    pattern: '^(mqtts?|wss?|tcp|ssl)://',
    description: 'broker URL',
  }),
  MQTT_USERNAME: Type.Optional(Type.String({ description: 'the account of this service on the broker' })),
  MQTT_PASSWORD: Type.Optional(Type.String()),
};

export const InfluxSettings = {
  INFLUX_URL: Type.String({
    default: 'http://127.0.0.1:8086',
    pattern: '^https?://',
    description: 'InfluxDB v1-compatible HTTP API',
  }),
  INFLUX_DB: Type.String({ default: 'ems', pattern: '^[A-Za-z0-9_-]+$', description: 'database name' }),
  INFLUX_TOKEN: Type.Optional(Type.String({ description: '"Authorization: Token …" (InfluxDB 2.x/3.x)' })),
  INFLUX_USERNAME: Type.Optional(Type.String()),
  INFLUX_PASSWORD: Type.Optional(Type.String()),
  INFLUX_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10_000, description: 'HTTP timeout of one request' }),
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LogSettings = {
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((l) => Type.Literal(l)),
    { default: 'info', description: LOG_LEVELS.join(', ') },
  ),
};

type MqttSettingsValues = Static<ReturnType<typeof Type.Object<typeof MqttSettings>>>;
type InfluxSettingsValues = Static<ReturnType<typeof Type.Object<typeof InfluxSettings>>>;

/** The broker URL and login from settings built with MqttSettings. */
export function mqttLogin(settings: MqttSettingsValues): {
  url: string;
  username?: string;
  password?: string;
} {
  return {
    url: settings.MQTT_URL,
    ...(settings.MQTT_USERNAME !== undefined ? { username: settings.MQTT_USERNAME } : {}),
    ...(settings.MQTT_PASSWORD !== undefined ? { password: settings.MQTT_PASSWORD } : {}),
  };
}

/** InfluxClient options from settings built with InfluxSettings. */
export function influxConfig(settings: InfluxSettingsValues): InfluxConfig {
  return {
    url: settings.INFLUX_URL,
    database: settings.INFLUX_DB,
    timeoutMs: settings.INFLUX_TIMEOUT_MS,
    ...(settings.INFLUX_TOKEN ? { token: settings.INFLUX_TOKEN } : {}),
    ...(settings.INFLUX_USERNAME
      ? { username: settings.INFLUX_USERNAME, password: settings.INFLUX_PASSWORD ?? '' }
      : {}),
  };
}
