import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RegistryIndex } from '@ems/domain';
import { createLogger, InfluxClient, influxConfig, mqttLogin, type Logger } from '@ems/runtime';
import './types.ts';
import { createAnalytics } from './analytics/index.ts';
import { AlarmService } from './alarms/service.ts';
import type { UserStore } from './auth/users.ts';
import { LiveModel } from './live/model.ts';
import { InfluxHealth } from './live/influx-health.ts';
import { MqttSource } from './live/mqtt-source.ts';
import { ReserveHistory } from './live/reserve-history.ts';
import { AuthService, registerAuth } from './plugins/app/auth.ts';
import { frameworkErrorBody, registerErrorHandler } from './plugins/app/errors.ts';
import { ApiMetrics, registerMetrics } from './plugins/app/metrics.ts';
import { registerCompression } from './plugins/external/compress.ts';
import { registerSecurity } from './plugins/external/security.ts';
import { registerSwagger } from './plugins/external/swagger.ts';
import { registerRoutes } from './routes/index.ts';
import { SHARED_SCHEMAS } from './schemas/index.ts';
import type { ApiSettings } from './settings.ts';
import { LiveHub } from './socket/server.ts';
import { registerWeb } from './web/static.ts';

export interface BuildAppOptions {
  settings: ApiSettings;
  registry: RegistryIndex;
  users: UserStore;
  /** false: no MQTT connection, no InfluxDB calls, no timers (OpenAPI export). Default true. */
  connect?: boolean;
  /** Logger settings for Fastify (default: JSON at LOG_LEVEL); false for silence. */
  logger?: FastifyServerOptions['logger'];
  clock?: () => number;
}

/** Resolves the session secret: required in production; a random one (with a warning) in development. */
export function sessionSecret(settings: ApiSettings, log: Logger): string {
  if (settings.SESSION_SECRET) return settings.SESSION_SECRET;
  if (settings.NODE_ENV === 'production')
    throw new Error(
      'SESSION_SECRET must be set in production (at least 32 characters, the same on every API process).',
    );
  log.warn(
    'SESSION_SECRET is not set: using a random one; sessions end when this process restarts and are not shared between processes.',
  );
  return randomBytes(32).toString('base64url');
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { settings, registry, users } = options;
  const connect = options.connect ?? true;
  const app = Fastify({
    logger: options.logger ?? { level: settings.LOG_LEVEL, name: 'api' },
    trustProxy: settings.TRUST_PROXY,
    bodyLimit: 64 * 1024,
    // an unknown query parameter or body field is a 400 naming it, not silently dropped
    ajv: { customOptions: { verbose: true, allErrors: false, removeAdditional: false } },
    frameworkErrors: (error, _req, reply) => {
      const { status, body } = frameworkErrorBody(error);
      void (reply as FastifyReply).code(status).send(body);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const log = app.log as unknown as Logger;
  const corsOrigins = (settings.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const influx = new InfluxClient(influxConfig(settings));
  const liveModel = new LiveModel(registry, log.child({ part: 'live' }), options.clock);
  const alarms = new AlarmService({
    registry,
    live: liveModel,
    influx,
    log: log.child({ part: 'alarms' }),
    builtin: { min_duration_s: settings.ALARM_MIN_DURATION_S },
    historyDays: settings.ALARM_HISTORY_DAYS,
  });
  const metrics = new ApiMetrics(() => liveModel.counts);
  const auth = new AuthService(
    users,
    sessionSecret(settings, log),
    settings.SESSION_TTL_HOURS * 3_600_000,
    options.clock,
  );
  const analytics = createAnalytics({
    influx,
    registry,
    log: log.child({ part: 'analytics' }),
    rollupJob: settings.ROLLUP_JOB,
    rollupTickMs: settings.ROLLUP_TICK_MS,
    ...(options.clock ? { now: options.clock } : {}),
  });

  const mqtt = new MqttSource({
    login: mqttLogin(settings),
    model: liveModel,
    revocations: auth.revocations,
    log: log.child({ part: 'mqtt' }),
  });
  const influxHealth = new InfluxHealth(influx);
  const reserveHistory = new ReserveHistory({
    influx,
    registry,
    model: liveModel,
    log: log.child({ part: 'reserve-history' }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  app.decorate('settings', settings);
  app.decorate('registry', registry);
  app.decorate('influx', influx);
  app.decorate('liveModel', liveModel);
  app.decorate('alarms', alarms);
  app.decorate('analytics', analytics);
  app.decorate('connections', {
    mqtt: () => (!connect ? 'disabled' : mqtt.connected() ? 'up' : 'down'),
    influx: () => (!connect ? 'disabled' : influxHealth.isUp() ? 'up' : 'down'),
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);

  registerErrorHandler(app);
  await registerSecurity(app, corsOrigins);
  await registerCompression(app); // before any route: it hooks the routes registered after it
  registerMetrics(app, metrics);
  registerAuth(app, auth);
  await registerSwagger(app);
  await registerRoutes(app);
  await registerWeb(app, settings.WEB_DIST);

  if (connect) {
    const hub = new LiveHub({
      server: app.server,
      registry,
      live: liveModel,
      alarms,
      auth,
      metrics,
      log: log.child({ part: 'socket' }),
      throttleMs: settings.LIVE_THROTTLE_MS,
      heartbeatMs: settings.LIVE_HEARTBEAT_MS,
      corsOrigins,
    });
    alarms.on('alarm', (a) => metrics.alarmTransitions.inc({ state: a.state }));
    // Every service object has start()/stop(); they start in this order and stop in the reverse one.
    const services = [mqtt, influxHealth, reserveHistory, alarms, analytics, hub];
    app.addHook('onReady', async () => {
      for (const service of services) await service.start();
    });
    app.addHook('preClose', async () => {
      await hub.stop(); // sockets first, or they keep the HTTP server open
    });
    app.addHook('onClose', async () => {
      for (const service of [...services].reverse()) await service.stop().catch(() => undefined);
      influx.close();
    });
    app.decorate('liveHub', hub);
    app.decorate('reserveHistory', reserveHistory);
  }
  return app;
}

export { createLogger };
