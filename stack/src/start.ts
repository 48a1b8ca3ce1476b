/**
 * The one-command demo (`npm start`): an MQTT broker (embedded unless MQTT_URL is set), InfluxDB (INFLUX_URL, or a
 * local influxd with its data under data/influxdb), ingest, the api serving the web app, and the simulators on the
 * registry — with history backfilled on the first run so charts and the monthly report are not empty.
 * Ctrl-C stops everything cleanly.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { loadRegistry, readSettings, registryPath } from '@ems/runtime';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
import { pickPort, startLocalInflux, type LocalInflux } from './local-influx.ts';
import { LauncherSettings } from './launcher-settings.ts';
import { runService, waitForHttp, type RunningService } from './services.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The order Ctrl-C stops the services in (the broker and influxd follow). */
const STOP_ORDER = ['simulators', 'backfill', 'ingest', 'api'] as const;
/** How long ingest may take to write its spool to InfluxDB when stopped. */
const INGEST_FLUSH_MS = 60_000;

/** Waits until ingest has written everything it acknowledged (its spool is empty), then a moment for state. */
async function waitForSpoolEmpty(healthUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const health = (await (await fetch(healthUrl)).json()) as { spool_lines?: number };
      if (health.spool_lines === 0) break;
    } catch {
      // ingest busy; ask again
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 1500)); // the last retained state publish is coalesced (1 s)
}

function log(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  const settings = readSettings(LauncherSettings);
  const regPath = registryPath();
  const registry = loadRegistry(regPath); // fails with file, line, path and reason
  const dataDir = resolve(root, settings.EMS_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  /** Started services by role; Ctrl-C stops them in STOP_ORDER, then the broker, then influxd. */
  const services = new Map<string, RunningService>();
  let broker: EmbeddedBroker | undefined;
  let influx: LocalInflux | undefined;
  let stopping = false;

  const shutdown = async (code: number, why?: string) => {
    if (stopping) return;
    stopping = true;
    if (why) log(`[start] ${why}`);
    log('[start] stopping …');
    // Devices first (nothing new arrives), then ingest while the broker and InfluxDB are still there so that it
    // writes its whole spool, then the api, the broker, and InfluxDB last.
    for (const name of STOP_ORDER) {
      const service = services.get(name);
      if (!service) continue;
      log(`[start] stopping ${name} …`);
      await service.stop(name === 'ingest' ? INGEST_FLUSH_MS + 15_000 : 10_000).catch(() => undefined);
    }
    if (broker) log('[start] stopping the MQTT broker …');
    await broker?.close().catch(() => undefined);
    if (influx) log('[start] stopping influxd …');
    await influx?.stop().catch(() => undefined);
    log('[start] stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    let mqttUrl = settings.MQTT_URL;
    if (!mqttUrl) {
      broker = await startEmbeddedBroker({
        host: '127.0.0.1',
        port: await pickPort(settings.MQTT_PORT),
        ...(settings.MQTT_PASSWORD_FILE ? { passwordFile: resolve(settings.MQTT_PASSWORD_FILE) } : {}),
        ...(settings.MQTT_ACL_FILE ? { aclFile: resolve(settings.MQTT_ACL_FILE) } : {}),
        retainedFile: join(dataDir, 'mqtt-retained.json'),
      });
      mqttUrl = broker.url;
      log(`[start] embedded MQTT broker (MQTT 3.1.1) on ${mqttUrl}`);
    }
    let influxUrl = settings.INFLUX_URL;
    if (!influxUrl) {
      influx = await startLocalInflux(join(dataDir, 'influxdb'), await pickPort(settings.INFLUX_PORT), (l) =>
        log(`[start] ${l}`),
      );
      influxUrl = influx.url;
      log(`[start] local InfluxDB on ${influxUrl} (data in ${join(dataDir, 'influxdb')})`);
    }

    const secretFile = join(dataDir, 'session-secret');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    const common = {
      EMS_REGISTRY: regPath,
      MQTT_URL: mqttUrl,
      INFLUX_URL: influxUrl,
      // The embedded broker speaks MQTT 3.1.1 only.
      MQTT_PROTOCOL_VERSION: broker ? '4' : (process.env.MQTT_PROTOCOL_VERSION ?? '5'),
    };
    const watch = (s: RunningService) => {
      services.set(s.name, s);
      void s.exited.then((how) => {
        if (!stopping) void shutdown(1, `${s.name} ended unexpectedly (${how})`);
      });
      return s;
    };

    const ingestPort = await pickPort(9101);
    const ingest = watch(
      runService(
        root,
        'ingest',
        'ingest',
        [],
        {
          ...common,
          INGEST_SPOOL_DIR: join(dataDir, 'spool'),
          INGEST_HTTP_PORT: String(ingestPort),
          SHUTDOWN_FLUSH_MS: String(INGEST_FLUSH_MS),
        },
        log,
      ),
    );
    await waitForHttp(`http://127.0.0.1:${ingestPort}/health`, 60_000, () => ingest.child.exitCode === null);

    const marker = join(dataDir, 'demo-backfill-done');
    if (!existsSync(marker)) {
      const zone = registry.allSites()[0]?.time_zone ?? 'Asia/Tokyo';
      const from =
        settings.DEMO_BACKFILL_FROM ?? DateTime.now().setZone(zone).minus({ months: 1 }).startOf('month').toISODate()!;
      const to = DateTime.now().toUTC().toISO()!;
      const step = settings.DEMO_BACKFILL_STEP_S === undefined ? 'auto' : String(settings.DEMO_BACKFILL_STEP_S);
      log(
        `[start] first run: backfilling history from ${from} (${step === 'auto' ? 'each asset at its expected interval' : `every ${step} s`}) …`,
      );
      const backfill = runService(
        root,
        'backfill',
        'simulators',
        [
          '--mqtt-url',
          mqttUrl,
          '--backfill',
          '--from',
          from,
          '--to',
          to,
          '--step',
          step,
          '--shared-connection',
          '--no-status',
          '--client-id-prefix',
          'sim-backfill',
        ],
        common,
        log,
      );
      services.set('backfill', backfill);
      const how = await backfill.exited;
      services.delete('backfill');
      if (how !== 'exit code 0') throw new Error(`the history backfill failed (${how})`);
      writeFileSync(marker, new Date().toISOString());
      // let ingest write the last batches and retain the final meter readings the live simulators resume from;
      // the api starts afterwards so that its roll-ups cover the backfilled history
      await waitForSpoolEmpty(`http://127.0.0.1:${ingestPort}/health`);
      log('[start] history backfill done: charts and the monthly report have data.');
    }

    const apiPort = await pickPort(settings.PORT);
    const api = watch(
      runService(
        root,
        'api',
        'api',
        [],
        {
          ...common,
          PORT: String(apiPort),
          HOST: settings.HOST,
          SESSION_SECRET: readFileSync(secretFile, 'utf8').trim(),
          WEB_DIST: join(root, 'web', 'dist'),
        },
        log,
      ),
    );
    await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, 60_000, () => api.child.exitCode === null);

    watch(
      runService(
        root,
        'simulators',
        'simulators',
        // --no-offline-on-stop: Ctrl-C pauses the whole demo; its devices do not go offline (no offline alarms)
        ['--mqtt-url', mqttUrl, '--scenario', settings.DEMO_SCENARIOS, '--resume-counters', '--no-offline-on-stop'],
        common,
        log,
      ),
    );

    const url = `http://${settings.HOST === '0.0.0.0' ? '127.0.0.1' : settings.HOST}:${apiPort}/`;
    log('');
    log(`  Heat & Solar EMS is running:  ${url}`);
    log('  Demo sign-in: operator / demo-operator   (also admin / demo-admin, viewer / demo-viewer)');
    log(`  API docs: ${url}api/docs    Ingest metrics: http://127.0.0.1:${ingestPort}/metrics`);
    log('  Press Ctrl-C to stop.');
    log('');
  } catch (e) {
    await shutdown(1, (e as Error).message);
  }
}

main().catch((e: unknown) => {
  console.error(`[start] ${(e as Error).message}`);
  process.exit(1);
});
