/**
 * The real stack for browser tests and for looking at the dashboard by hand: Mosquitto and InfluxDB on free
 * ports with temporary data (testkit), ingest, the simulators (history backfill, then real time) and the api
 * serving web/dist.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIngest, type IngestHandle } from '@ems/ingest';
import { loadRegistry } from '@ems/runtime';
import { runSimulator, type RunningSimulator } from '@ems/simulators';
import { freePort, startInflux, startMosquitto, waitFor, type InfluxHandle, type MosquittoHandle } from '@ems/testkit';

export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_ROOT = resolve(WEB_ROOT, '..');
export const REGISTRY_FILE = join(REPO_ROOT, 'config/sites.yaml');
export const USERS_FILE = join(REPO_ROOT, 'config/users.yaml');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

/** Builds web/dist with the Vite API when it is missing or older than the sources (one build at a time). */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(WEB_ROOT, 'dist/index.html');
  const fresh = () => {
    const sources = Math.max(
      newestMtime(join(WEB_ROOT, 'src')),
      newestMtime(join(WEB_ROOT, 'index.html')),
      newestMtime(join(WEB_ROOT, 'vite.config.ts')),
    );
    return existsSync(index) && statSync(index).mtimeMs >= sources;
  };
  if (fresh()) return;
  // browser test files run in parallel: the first builds, the others wait for it
  const lock = join(tmpdir(), `ems-web-build-${createHash('sha256').update(WEB_ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(lock, { recursive: true, force: true }); // left by a run that died
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import('vite');
    await build({ root: WEB_ROOT, configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface StackOptions {
  /** Registry of the stack (default config/sites.yaml; e.g. one with a site added). */
  registryFile?: string;
  /** Backfill history from this time (UTC ms) until a minute ago before going live. */
  backfillFromMs?: number;
  backfillStepMs?: number;
  /** Assets (`site/asset`) published by a separate simulator that `dropDevice()` stops. */
  droppable?: string[];
  /** Simulated step of the real-time simulator (default 2 s, so values change quickly). */
  liveStepMs?: number;
  /** Assets (`site/asset`) no simulator ever publishes: installed, never measured (unknown). */
  unsimulated?: string[];
  log?: (line: string) => void;
}

export interface Stack {
  url: string;
  apiPort: number;
  mqtt: MosquittoHandle;
  influx: InfluxHandle;
  ingest: IngestHandle;
  /** Stops the simulator of the droppable devices: they go offline, then stale. */
  dropDevice(): Promise<void>;
  /** Stops the api process (SIGTERM): the browser's socket and requests fail until `startApi()`. */
  stopApi(): Promise<void>;
  /** Starts the api again on the same port (same session secret, so sessions stay valid). */
  startApi(): Promise<void>;
  /** Stops every simulator: nothing new arrives, every figure turns stale. */
  stopSimulators(): Promise<void>;
  /** SIGSTOP to the api process: it hangs with its connections open, as a stuck server does. */
  pauseApi(): void;
  /** SIGCONT: the api goes on where it stopped. */
  resumeApi(): void;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => undefined);
  const registryFile = opts.registryFile ?? REGISTRY_FILE;
  const registry = loadRegistry(registryFile);
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch((e: unknown) => log(`cleanup: ${(e as Error).message}`));
  };
  try {
    const mqtt = await startMosquitto();
    cleanups.push(() => mqtt.destroy());
    const influx = await startInflux();
    cleanups.push(() => influx.destroy());
    log(`mosquitto ${mqtt.url}, influxd ${influx.url}`);

    const spool = mkdtempSync(join(tmpdir(), 'web-e2e-spool-'));
    cleanups.push(async () => rmSync(spool, { recursive: true, force: true }));
    const ingest = await startIngest({
      registry,
      env: {
        MQTT_URL: mqtt.url,
        MQTT_CLIENT_ID: `ingest-web-e2e-${process.pid}`,
        INFLUX_URL: influx.url,
        INGEST_SPOOL_DIR: spool,
        INGEST_HTTP_PORT: '0',
        INGEST_HTTP_HOST: '127.0.0.1',
        STATE_MIN_INTERVAL_MS: '0',
        LOG_LEVEL: 'warn',
      },
    });
    cleanups.push(() => ingest.stop(1_000));

    const unsimulated = opts.unsimulated ?? [];
    const allAssets = registry
      .allSites()
      .flatMap((s) => s.assets.map((a) => `${s.id}/${a.id}`))
      .filter((a) => !unsimulated.includes(a));
    const droppable = opts.droppable ?? [];
    const steady = allAssets.filter((a) => !droppable.includes(a));

    if (opts.backfillFromMs !== undefined) {
      const to = Date.now() - 60_000;
      log(`backfilling ${new Date(opts.backfillFromMs).toISOString()} → ${new Date(to).toISOString()}`);
      const backfill = await runSimulator({
        registry,
        mqttUrl: mqtt.url,
        mode: 'backfill',
        ...(unsimulated.length ? { assets: allAssets } : {}),
        fromMs: opts.backfillFromMs,
        toMs: to,
        stepMs: opts.backfillStepMs ?? 600_000,
        sharedConnection: true,
        clientIdPrefix: `web-e2e-backfill-${process.pid}`,
        progress: false,
        seed: 7,
      });
      await backfill.done;
      // wait until ingest has written what it acknowledged
      await waitFor(async () => ((await ingest.health()).spool_lines === 0 ? true : null), {
        description: 'ingest spool drained',
        timeoutMs: 120_000,
      }).catch(() => log('could not confirm the spool drained; going on'));
      log(`backfill done: ${backfill.stats.messages} messages, ${backfill.stats.samples} samples`);
    }

    const sims: RunningSimulator[] = [];
    const startSim = async (assets: string[], prefix: string) => {
      const sim = await runSimulator({
        registry,
        assets,
        mqttUrl: mqtt.url,
        mode: 'realtime',
        stepMs: opts.liveStepMs ?? 2_000,
        clientIdPrefix: `${prefix}-${process.pid}`,
        progress: false,
        seed: 11,
      });
      sims.push(sim);
      cleanups.push(() => sim.stop());
      return sim;
    };
    await startSim(steady, 'web-e2e-live');
    const dropSim = droppable.length ? await startSim(droppable, 'web-e2e-drop') : null;

    const apiPort = await freePort();
    const url = `http://127.0.0.1:${apiPort}`;
    let api: ChildProcess | null = null;
    const startApi = async () => {
      const child = spawnApi(apiPort, mqtt.url, influx.url, registryFile, log);
      api = child;
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}`);
          const r = await fetch(`${url}/api/health`).catch(() => null);
          return r?.ok ? true : null;
        },
        // a loaded machine (two browser test files start their stacks at once) may need minutes for tsx to load the api
        { description: 'api health', timeoutMs: 180_000 },
      );
    };
    const stopApi = async () => {
      if (api) await stopChild(api);
      api = null;
    };
    cleanups.push(stopApi);
    await startApi();
    log(`api ${url}`);

    return {
      url,
      apiPort,
      mqtt,
      influx,
      ingest,
      dropDevice: async () => {
        await dropSim?.stop();
      },
      stopApi,
      startApi,
      stopSimulators: async () => {
        for (const sim of sims) await sim.stop();
      },
      pauseApi: () => {
        api?.kill('SIGSTOP');
      },
      resumeApi: () => {
        api?.kill('SIGCONT');
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The api as `npm run api` runs it (tsx api/src/main.ts), configured through its environment. */
function spawnApi(
  port: number,
  mqttUrl: string,
  influxUrl: string,
  registryFile: string,
  log: (l: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'api/src/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_URL: mqttUrl,
      INFLUX_URL: influxUrl,
      EMS_REGISTRY: registryFile,
      EMS_USERS: USERS_FILE,
      SESSION_SECRET: 'e2e-session-secret-'.padEnd(40, 'x'),
      WEB_DIST: join(WEB_ROOT, 'dist'),
      ALARM_MIN_DURATION_S: '0',
      SIGN_IN_RATE_LIMIT: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim()) log(`[api] ${line.slice(0, 400)}`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGCONT'); // a paused api handles SIGTERM only once it runs again
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
