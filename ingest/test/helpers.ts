import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { freePort, influxQuery, waitFor } from '@ems/testkit';

export const ROOT = resolve(import.meta.dirname, '../..');
export const REGISTRY = join(ROOT, 'config/sites.yaml');

export function tempSpoolDir(): string {
  return mkdtempSync(join(tmpdir(), 'ems-ingest-spool-'));
}

/** Environment for an ingest instance against the harness's broker and InfluxDB. */
export function ingestEnv(mqttUrl: string, influxUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    MQTT_URL: mqttUrl,
    INFLUX_URL: influxUrl,
    INGEST_SPOOL_DIR: tempSpoolDir(),
    INGEST_HTTP_PORT: '0',
    INGEST_HTTP_HOST: '127.0.0.1',
    EMS_REGISTRY: REGISTRY,
    LOG_LEVEL: 'error',
    ...extra,
  };
}

export async function connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 200, ...options });
}

/** Publishes QoS 1 messages with up to `window` unacknowledged at once. */
export async function publishAll(
  client: MqttClient,
  messages: Iterable<{ topic: string; payload: string | Buffer }>,
  window = 500,
): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  for (const { topic, payload } of messages) {
    const p: Promise<unknown> = client.publishAsync(topic, payload, { qos: 1 }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}

/** A single number from InfluxQL (first column after time of the first row), 0 when there are no rows. */
export async function influxNumber(
  url: string,
  db: string,
  q: string,
  params?: Record<string, string | number>,
): Promise<number> {
  const series = await influxQuery(url, db, q, params);
  return Number(series[0]?.values[0]?.[1] ?? 0);
}

/** The value of a Prometheus sample, e.g. `ingest_rejected_total{reason="bad_topic"}`; 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (!wanted.every((w) => rest.includes(w))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export interface IngestProcess {
  child: ChildProcess;
  httpPort: number;
  output(): string;
  metrics(): Promise<string>;
  /** Resolves with the exit code (or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `tsx ingest/src/main.ts` as a child process, as in production. */
export async function spawnIngest(env: NodeJS.ProcessEnv, waitReady = true): Promise<IngestProcess> {
  const httpPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'ingest/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, INGEST_HTTP_PORT: String(httpPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-32_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: IngestProcess = {
    child,
    httpPort,
    output: () => out,
    exited,
    metrics: async () => (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text(),
  };
  if (waitReady)
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`ingest exited: ${out}`);
        return (await fetch(`http://127.0.0.1:${httpPort}/health`)).status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: 'ingest child healthy' },
    ).catch(async (error: unknown) => {
      // The caller never gets the handle to stop it: do not leave it running.
      await stopProcess(proc, 'SIGKILL');
      throw error;
    });
  return proc;
}

export async function stopProcess(proc: IngestProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  await proc.exited;
}
