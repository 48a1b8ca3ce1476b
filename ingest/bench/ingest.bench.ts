/**
 * `npm run bench:ingest`: end-to-end ingest throughput and latency on this machine, against a bare MQTT.js
 * QoS 1 receive loop as the ceiling. Starts its own Mosquitto and InfluxDB (testkit), synthesises ~200 assets
 * of every type from config/sites.yaml, and publishes from a separate child process at full speed.
 *
 * BENCH_MESSAGES (default 300,000), BENCH_COPIES (site copies, default 9 → 216 assets).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadRegistry } from '@ems/runtime';
import { freePort, influxQuery, startInflux, startMosquitto, waitFor } from '@ems/testkit';

const ROOT = resolve(import.meta.dirname, '../..');
const COUNT = Number(process.env.BENCH_MESSAGES ?? 300_000);
const COPIES = Number(process.env.BENCH_COPIES ?? 9);
const work = mkdtempSync(join(tmpdir(), 'ems-bench-'));

// ~200 assets: copies of the example sites with new ids.
const example = parse(readFileSync(join(ROOT, 'config/sites.yaml'), 'utf8')) as { sites: { id: string }[] };
const sites = Array.from({ length: COPIES }, (_, k) => example.sites.map((s) => ({ ...s, id: `${s.id}-${k}` }))).flat();
const registryFile = join(work, 'sites.yaml');
writeFileSync(registryFile, JSON.stringify({ ...example, sites })); // JSON is YAML
const registry = loadRegistry(registryFile);
const assets = [...registry.allAssets()].map(({ site, asset }) => ({
  topic: `ems/v1/${site.id}/${asset.id}/telemetry`,
  type: asset.type,
}));
const assetsFile = join(work, 'assets.json');
writeFileSync(assetsFile, JSON.stringify(assets));

interface Child {
  child: ChildProcess;
  /** Resolves with the next JSON event of that name the child prints on stdout. */
  next(event: string): Promise<Record<string, unknown>>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function run(script: string, env: Record<string, string>): Child {
  // BENCH_PROFILE=<dir>: a V8 CPU profile of the ingest process, for `node --cpu-prof` analysis.
  // BENCH_NODE_ARGS: extra node arguments for the ingest process (e.g. --max-semi-space-size=…).
  const profile = !script.endsWith('main.ts')
    ? []
    : [
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
        ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  let buf = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('{"event"')) events.push(JSON.parse(line) as Record<string, unknown>);
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stdout!.on('end', () => {
    ended = true;
    for (const w of waiters.splice(0)) w();
  });
  const next = async (event: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const i = events.findIndex((e) => e.event === event);
      if (i >= 0) return events.splice(i, 1)[0]!;
      if (ended) throw new Error(`${script} ended before "${event}"`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, next };
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function publish(url: string): Promise<{ times: Float64Array; started: number; finished: number }> {
  const timesFile = join(work, `times-${Date.now()}.bin`);
  const pub = run(join(ROOT, 'ingest/bench/publisher.ts'), {
    BENCH_URL: url,
    BENCH_COUNT: String(COUNT),
    BENCH_ASSETS: assetsFile,
    BENCH_TIMES_FILE: timesFile,
  });
  const done = await pub.next('published');
  const buf = readFileSync(timesFile);
  return {
    times: new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8),
    started: done.started as number,
    finished: done.finished as number,
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function bareLoop(url: string): Promise<{ rate: number; p50: number; p99: number; rssMb: number }> {
  const sub = run(join(ROOT, 'ingest/bench/bare-subscriber.ts'), { BENCH_URL: url, BENCH_COUNT: String(COUNT) });
  await sub.next('ready');
  const received = sub.next('received');
  const { started } = await publish(url);
  const r = await received;
  sub.child.kill('SIGTERM');
  const lat = Float64Array.from(r.latencies as number[]).sort();
  return {
    rate: COUNT / (((r.last as number) - started) / 1000),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    rssMb: (r.peakRssKb as number) / 1024,
  };
}

async function ingestRun(
  mqttUrl: string,
  influxUrl: string,
): Promise<{ rate: number; p50: number; p99: number; rssMb: number; stored: number; sustained: number }> {
  const httpPort = await freePort();
  const ingest = run(join(ROOT, 'ingest/src/main.ts'), {
    MQTT_URL: mqttUrl,
    MQTT_CLIENT_ID: 'bench-ingest',
    INFLUX_URL: influxUrl,
    INGEST_SPOOL_DIR: join(work, 'spool'),
    INGEST_HTTP_PORT: String(httpPort),
    INGEST_HTTP_HOST: '127.0.0.1',
    EMS_REGISTRY: registryFile,
    LOG_LEVEL: 'warn',
  });
  const metricsUrl = `http://127.0.0.1:${httpPort}/metrics`;
  await waitFor(async () => (await fetch(`http://127.0.0.1:${httpPort}/health`)).ok, { timeoutMs: 30_000 });
  const written = async (): Promise<number> => {
    const text = await (await fetch(metricsUrl)).text();
    return Number(/^ingest_points_written_total (\S+)$/m.exec(text)?.[1] ?? 0);
  };
  // Poll the count InfluxDB accepted; a message counts as stored at the first poll that covers it
  // (lines leave the spool in order), so latency resolution is the poll interval (~50 ms).
  const timeline: { at: number; n: number }[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      timeline.push({ at: Date.now(), n: await written() });
      if (timeline.at(-1)!.n >= COUNT) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const { times, started, finished } = await publish(mqttUrl);
  const text = await (await fetch(metricsUrl)).text();
  const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  console.log(
    `  when the publisher finished (${fmt((finished - started) / 1000)} s, ${fmt(COUNT / ((finished - started) / 1000))} msg/s): ` +
      `received ${fmt(gauge('ingest_messages_received_total\\{kind="telemetry"\\}'))}, written ${fmt(gauge('ingest_points_written_total'))}, ` +
      `spool ${fmt(gauge('ingest_spool_lines'))} lines; RSS ${fmt(gauge('process_resident_memory_bytes') / 2 ** 20)} MB, ` +
      `heap ${fmt(gauge('nodejs_heap_size_used_bytes') / 2 ** 20)}/${fmt(gauge('nodejs_heap_size_total_bytes') / 2 ** 20)} MB, ` +
      `external ${fmt(gauge('nodejs_external_memory_bytes') / 2 ** 20)} MB`,
  );
  await waitFor(async () => timeline.at(-1)!.n >= COUNT, { timeoutMs: 300_000, intervalMs: 100 });
  polling = false;
  await poller;
  const peakRss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${ingest.child.pid}/status`, 'utf8'))?.[1];
  ingest.child.kill('SIGTERM');
  await new Promise((r) => ingest.child.once('exit', r));

  const lat = new Float64Array(COUNT);
  let j = 0;
  for (let i = 0; i < COUNT; i++) {
    while (timeline[j]!.n < i + 1) j++;
    lat[i] = timeline[j]!.at - times[i]!;
  }
  const end = timeline.find((t) => t.n >= COUNT)!.at;
  // Sustained: between 10 % and 90 % of the messages stored.
  const t10 = timeline.find((t) => t.n >= COUNT * 0.1)!;
  const t90 = timeline.find((t) => t.n >= COUNT * 0.9)!;
  let stored = 0;
  for (const s of await influxQuery(influxUrl, 'ems', 'SELECT COUNT(*) FROM /.*/ GROUP BY *')) {
    // the largest field count of each series is its number of points
    const counts = (s.values[0] ?? []).slice(1).map(Number);
    stored += Math.max(0, ...counts);
  }
  lat.sort();
  return {
    rate: COUNT / ((end - started) / 1000),
    sustained: (t90.n - t10.n) / ((t90.at - t10.at) / 1000),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    rssMb: Number(peakRss) / 1024,
    stored,
  };
}

const [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
try {
  console.log(
    `ingest benchmark: ${fmt(COUNT)} QoS 1 messages over ${assets.length} assets of ${new Set(assets.map((a) => a.type)).size} types; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  const bare = await bareLoop(mosquitto.url);
  console.log(
    `bare MQTT.js QoS 1 receive loop: ${fmt(bare.rate)} msg/s, publish→receive p50 ${fmt(bare.p50)} ms, p99 ${fmt(bare.p99)} ms, peak RSS ${fmt(bare.rssMb)} MB`,
  );
  const e2e = await ingestRun(mosquitto.url, influx.url);
  console.log(
    `ingest end to end (MQTT → spool → InfluxDB): ${fmt(e2e.rate)} msg/s overall, ${fmt(e2e.sustained)} msg/s sustained (10–90 %), ` +
      `publish→stored p50 ${fmt(e2e.p50)} ms, p99 ${fmt(e2e.p99)} ms, peak RSS ${fmt(e2e.rssMb)} MB; ` +
      `points in InfluxDB ${fmt(e2e.stored)}/${fmt(COUNT)}`,
  );
  console.log(`ratio end to end / bare loop: ${(e2e.rate / bare.rate).toFixed(2)}`);
} finally {
  await Promise.all([mosquitto.destroy(), influx.destroy()]);
}
