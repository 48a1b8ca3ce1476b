import { Type } from '@sinclair/typebox';

/** Environment settings of `npm start` (the demo launcher). */
export const LauncherSettings = Type.Object({
  MQTT_URL: Type.Optional(Type.String({ description: 'use this broker instead of the embedded one' })),
  MQTT_PORT: Type.Integer({ default: 1883, description: 'port of the embedded broker (a free one if taken)' }),
  MQTT_PASSWORD_FILE: Type.Optional(Type.String({ description: 'embedded broker: Mosquitto password file' })),
  MQTT_ACL_FILE: Type.Optional(Type.String({ description: 'embedded broker: Mosquitto ACL file' })),
  INFLUX_URL: Type.Optional(Type.String({ description: 'use this InfluxDB instead of a local influxd' })),
  INFLUX_PORT: Type.Integer({ default: 8086, description: 'port of the local influxd (a free one if taken)' }),
  PORT: Type.Integer({ default: 8080, description: 'HTTP port of the api and web app (a free one if taken)' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  EMS_DATA_DIR: Type.String({ default: 'data', description: 'spool, local InfluxDB data and demo state' }),
  DEMO_BACKFILL_FROM: Type.Optional(
    Type.String({ description: 'first day of the history backfill (YYYY-MM-DD); default: the 1st of last month' }),
  ),
  DEMO_BACKFILL_STEP_S: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'backfill step in seconds; default: each asset at its registry expected_interval_s (a coarser step shows as low completeness)',
    }),
  ),
  DEMO_SCENARIOS: Type.String({ default: 'normal', description: 'simulator scenarios, comma-separated' }),
});
