import { resolve } from 'node:path';
import { influxDurationMs, type RegistryIndex } from '@ems/domain';
import {
  InfluxClient,
  createLogger,
  influxConfig,
  loadRegistry,
  mqttLogin,
  registryPath,
  type Logger,
} from '@ems/runtime';
import { MqttConsumer } from './consumer.ts';
import { DeadLetters } from './dead-letters.ts';
import { HttpServer, type Health } from './http.ts';
import { InfluxSetup } from './influx-setup.ts';
import { MessageHandler } from './message-handler.ts';
import { IngestMetrics } from './metrics.ts';
import { ingestClientId, readIngestSettings, type IngestSettings } from './settings.ts';
import { Spool } from './spool.ts';
import { StatePublisher } from './state-publisher.ts';
import { InfluxWriter } from './writer.ts';

export interface IngestOptions {
  /** Environment to read settings from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Settings that win over the environment. */
  settings?: Partial<IngestSettings>;
  /** A registry already loaded; else EMS_REGISTRY / --registry / config/sites.yaml. */
  registry?: RegistryIndex;
  registryFile?: string;
  logger?: Logger;
  /** Called when ingest stops on its own after a fatal error (e.g. the spool cannot be written). */
  onFatal?: (error: Error) => void;
}

export interface IngestHandle {
  readonly settings: IngestSettings;
  /** Port of /metrics and /health. */
  readonly httpPort: number;
  /** Prometheus text of /metrics. */
  metrics(): Promise<string>;
  health(): Promise<Health>;
  /** Lines in the spool not yet in InfluxDB; after stop(), those left for the next start. */
  spoolLines(): number;
  /** Stops consuming, writes the spool to InfluxDB for up to `flushMs` (default SHUTDOWN_FLUSH_MS), closes. */
  stop(flushMs?: number): Promise<void>;
}

/** Never silently: what opening the spool cut is logged, counted, and kept as a dead letter with its bytes. */
function recordSpoolRecovery(spool: Spool, deadLetters: DeadLetters, metrics: IngestMetrics, log: Logger): void {
  for (const r of spool.recovered) {
    log.warn({ segment: r.segment, offset: r.offset, bytes: r.cutBytes }, `spool recovery: ${r.detail}`);
    metrics.spoolRecovered.inc({ kind: r.kind });
    if (r.kind === 'torn_tail')
      spool.append([
        deadLetters.recordAlways({ payload: r.bytes.toString('utf8') }, 'spool_torn_tail', r.detail, Date.now()),
      ]);
  }
}

/**
 * An MQTT 5 broker names its packet limit in CONNACK. If it takes bigger packets than ingest accepts, it would
 * drop those for ingest without a record (DESIGN §9): say so.
 */
function checkPacketLimit(brokerMax: number | undefined, settings: IngestSettings, log: Logger): void {
  if (settings.MQTT_PROTOCOL_VERSION !== 5) return;
  if (brokerMax !== undefined && brokerMax <= settings.MQTT_MAX_PACKET_BYTES) return;
  log.warn(
    { broker_max_packet_bytes: brokerMax ?? 'unlimited', ingest_max_packet_bytes: settings.MQTT_MAX_PACKET_BYTES },
    "the broker accepts bigger packets than ingest takes: those would be dropped for ingest unrecorded; set the broker's max_packet_size (Mosquitto) to at most MQTT_MAX_PACKET_BYTES",
  );
}

/** Starts an ingest instance; throws SettingsError / RegistryError with a readable message on bad configuration. */
export async function startIngest(options: IngestOptions = {}): Promise<IngestHandle> {
  const env = options.env ?? process.env;
  const settings: IngestSettings = { ...readIngestSettings(env), ...options.settings };
  const log = options.logger ?? createLogger('ingest', settings.LOG_LEVEL);
  const registry = options.registry ?? loadRegistry(options.registryFile ?? registryPath(process.argv, env));

  const influxOptions = { ...influxConfig(settings), retentionPolicy: settings.INFLUX_RP };
  const influx = new InfluxClient(influxOptions);
  const influxPing = new InfluxClient({ ...influxOptions, timeoutMs: 3_000 });
  const spool = new Spool({
    dir: resolve(settings.INGEST_SPOOL_DIR),
    maxBytes: settings.SPOOL_MAX_BYTES,
    fsync: settings.SPOOL_FSYNC_MS,
    segmentBytes: settings.SPOOL_SEGMENT_BYTES,
  });
  /** Created last (it starts the flow of messages); read lazily by metrics, health and stop. */
  const mqtt: { consumer?: MqttConsumer } = {};
  const metrics = new IngestMetrics({
    spoolLines: () => spool.pendingLines,
    spoolBytes: () => spool.pendingBytes,
    spoolFull: () => spool.full,
    mqttConnected: () => mqtt.consumer?.connected ?? false,
  });
  const deadLetters = new DeadLetters(metrics, log, { bytesPerMinute: settings.DEAD_LETTER_BYTES_PER_MIN });
  const state = new StatePublisher(settings.STATE_MIN_INTERVAL_MS, metrics);
  const handler = new MessageHandler(registry, spool, state, deadLetters, metrics, {
    max_payload_bytes: settings.INGEST_MAX_PAYLOAD_BYTES,
    retention_ms: influxDurationMs(settings.INFLUX_RETENTION),
  });
  const writer = new InfluxWriter(spool, influx, deadLetters, metrics, log, {
    batchLines: settings.WRITE_BATCH_LINES,
    batchWaitMs: settings.WRITE_BATCH_WAIT_MS,
    concurrency: settings.WRITE_CONCURRENCY,
    retryMaxMs: settings.WRITE_RETRY_MAX_MS,
  });
  const setup = settings.INFLUX_SKIP_SETUP
    ? undefined
    : new InfluxSetup(
        influx,
        { database: settings.INFLUX_DB, retentionPolicy: settings.INFLUX_RP, retention: settings.INFLUX_RETENTION },
        log,
      );

  const health = async (): Promise<Health> => {
    const mqtt_connected = mqtt.consumer?.connected ?? false;
    const influx_reachable = await influxPing.ping();
    return {
      healthy: mqtt_connected && influx_reachable,
      mqtt_connected,
      influx_reachable,
      spool_lines: spool.pendingLines,
      spool_bytes: spool.pendingBytes,
      spool_backpressure: spool.full,
      last_write_ok: writer.lastWriteOkMs === null ? null : new Date(writer.lastWriteOkMs).toISOString(),
      last_write_error: writer.lastError
        ? { at: new Date(writer.lastError.at).toISOString(), message: writer.lastError.message }
        : null,
    };
  };
  const http = new HttpServer(metrics, health, settings.INGEST_HTTP_HOST, settings.INGEST_HTTP_PORT);

  let stopping: Promise<void> | undefined;
  const stop = (flushMs = settings.SHUTDOWN_FLUSH_MS): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ spool_lines: spool.pendingLines }, 'stopping: no more acknowledgements, flushing the spool');
      await mqtt.consumer?.stop();
      await state.stop();
      await writer.stop(flushMs);
      await setup?.stop();
      const spoolLinesLeft = spool.pendingLines;
      await spool.stop();
      await http.stop();
      influx.close();
      influxPing.close();
      if (spoolLinesLeft > 0)
        log.warn(
          { spool_lines_left: spoolLinesLeft },
          'stopped with lines left in the spool: written at the next start',
        );
      else log.info({ spool_lines_left: 0 }, 'stopped');
    })());

  await spool.start();
  recordSpoolRecovery(spool, deadLetters, metrics, log);
  if (spool.pendingLines > 0) log.info({ lines: spool.pendingLines }, 'replaying the spool');
  await setup?.start();
  await writer.start();
  await http.start();
  const consumer = new MqttConsumer(
    {
      ...mqttLogin(settings),
      clientId: ingestClientId(settings),
      protocolVersion: settings.MQTT_PROTOCOL_VERSION,
      sessionExpiryS: settings.MQTT_SESSION_EXPIRY_S,
      maxPacketBytes: settings.MQTT_MAX_PACKET_BYTES,
      sharedGroup: settings.INGEST_SHARED_GROUP,
      ackHoldMs: settings.INGEST_ACK_HOLD_MS,
      onConnect: (connack) => {
        metrics.mqttConnects.inc();
        checkPacketLimit(connack.properties?.maximumPacketSize, settings, log);
      },
      onFatal: (error) => {
        log.fatal({ err: error.message }, 'cannot write the spool; stopping without acknowledging');
        void stop(0).then(() => options.onFatal?.(error));
      },
    },
    handler,
    spool,
    log,
  );
  mqtt.consumer = consumer;
  const client = await consumer.start();
  await state.start(client);
  log.info(
    { http: http.port, mqtt: settings.MQTT_URL, influx: settings.INFLUX_URL, spool: settings.INGEST_SPOOL_DIR },
    'ingest started',
  );
  return {
    settings,
    httpPort: http.port,
    metrics: () => metrics.text(),
    health,
    spoolLines: () => spool.pendingLines,
    stop,
  };
}
