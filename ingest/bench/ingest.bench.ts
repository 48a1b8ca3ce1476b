/**
 * `npm run bench:ingest [-- options]`: what users get from ingest, counted in InfluxDB, against the ceiling of a
 * bare MQTT.js QoS 1 receive loop for the same load on the same machine.
 *
 * Each round, every phase on a fresh Mosquitto and InfluxDB (testkit):
 *  1. ceiling: a subscriber that only counts (bare-subscriber.ts) receives --messages QoS 1 messages published
 *     at full speed (publisher.ts, a child process, up to 2,000 unacknowledged); then at half that rate, for
 *     the CPU per message any receiver pays below saturation;
 *  2. ingest at full speed: the real entry point (`node --import tsx ingest/src/main.ts`, as the tests and
 *     `npm start` run it; --ingest-entry for a compiled build) as its own process, the same messages;
 *  3. ingest at half the ceiling's rate (rate-limited publisher): latency below saturation;
 *  4. reference: the same points written straight to InfluxDB in 5,000-line batches, 2 in flight: alone at full
 *     speed, and paced at ingest's full-speed rate while the same MQTT traffic flows (publisher → Mosquitto →
 *     bare subscriber at that rate) — the InfluxDB CPU per message ingest should not exceed under equal load;
 *  5. with --vs-node-red, a batched Node-RED 4 flow, at full and half rate like ingest (node-red.ts).
 *
 * The messages: round-robin over --topics assets of every type (the example sites of config/sites.yaml copied
 * under new ids, as a registry file ingest loads; no broker credentials, as in ingest's tests), payload
 * `{"ts": <publish time ms>, "values": <the asset module's example sample, varied>}`. Each is one sample, which
 * ingest stores as one point (measurement = asset type, tags site/asset, fields = metrics + derived values), so
 * expected points = messages; stored = `SELECT count(*)` per measurement at the end; lost = expected − stored.
 *
 * How the figures are taken:
 *  - Progress: InfluxDB's own `httpd` counters (`SHOW STATS`, pointsWrittenOK and writeReq) every --poll-ms. A
 *    /write answered 204 has its points in the WAL and cache, i.e. queryable, so pointsWrittenOK is the number of
 *    points visible. SHOW STATS reads no data; polling `SELECT count(*)` instead would scan every stored point
 *    20 times a second and charge that to InfluxDB's CPU. A run is done when the counter reaches the expected
 *    points and `SELECT count(*)` agrees (a retried write counts its points twice in pointsWrittenOK), or when
 *    it has not moved for --stall-s after the last publish.
 *  - Latency (publish → stored): the publisher records each message's publish time (also its `ts`). Messages
 *    reach InfluxDB in publish order (one publisher, one subscription, which Mosquitto delivers in order; ingest
 *    spools in arrival order and commits writes in spool order), so message i is stored when the counter first
 *    covers i + 1 points. It became visible between the previous poll's request and this poll's answer (and
 *    not before it was published); we take the middle of that interval: ± half a poll interval (~25 ms). Two
 *    writes in flight at once may become visible in either order, which moves a message by at most one write;
 *    rewritten points (retries, shown as "points written" above the messages) make the last messages look
 *    stored early.
 *    The ceiling's latency is exact: the subscriber notes the receive time of every message.
 *  - msg/s overall: messages / (first publish → last point stored, or last received for the ceiling); sustained:
 *    the middle 80 % of the stream (10 % → 90 % of the messages stored).
 *  - CPU: utime + stime of the process (all threads) from /proc/<pid>/stat, from the moment the publisher
 *    starts to the poll that saw the last point, divided by the messages; the same for influxd (its pid found by
 *    its config file) and mosquitto. Peak RSS: VmHWM of /proc/<pid>/status.
 *  - InfluxDB write requests: the httpd writeReq counter (independent of ingest's own metrics).
 *
 * BENCH_NODE_ARGS: extra node arguments for ingest; BENCH_PROFILE=<dir>: V8 CPU profiles of ingest;
 * BENCH_CHILD_LOG=<dir>: the whole output of every child process in files there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import {
  createDatabase,
  freePort,
  influxWrite,
  makeTempDir,
  startInflux,
  startMosquitto,
  waitFor,
  type InfluxHandle,
  type MosquittoHandle,
} from '@ems/testkit';
import { startChild, within, type Child } from './children.ts';
import { StatsPoller, storedPoints, type Sample } from './influx.ts';
import { defaultNodeRedDir, nodeRedEnv, prepareNodeRed } from './node-red.ts';
import { cpuSeconds, findPid, peakRssMb, runQueueSeconds } from './proc.ts';
import { payload, makeWorkload } from './workload.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** How the tests and `npm start` run ingest (stack/src/services.ts ENTRY_POINTS); a `.js` entry runs without tsx. */
const INGEST_ENTRY = 'ingest/src/main.ts';
const DB = 'ems';
const REFERENCE_BATCH = 5_000;

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: process.env.BENCH_MESSAGES ?? '200000' },
    topics: { type: 'string', default: '216' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'vs-node-red': { type: 'boolean', default: false },
    'node-red-dir': { type: 'string', default: defaultNodeRedDir() },
    'ingest-entry': { type: 'string', default: INGEST_ENTRY },
    'half-rate': { type: 'string' },
    'poll-ms': { type: 'string', default: '50' },
    'stall-s': { type: 'string', default: '30' },
    'ingest-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'npm run bench:ingest -- [--messages 200000] [--topics 216] [--rounds 3] [--json] [--vs-node-red]\n' +
      '  [--node-red-dir ~/.cache/ems-bench/node-red] [--ingest-entry ingest/src/main.ts] [--half-rate <msg/s>]\n' +
      '  [--poll-ms 50] [--stall-s 30] [--ingest-only]\n' +
      '--ingest-only: only the full-speed ingest phase (at --half-rate when given), its figures on stderr (tuning)\n',
  );
  process.exit(0);
}
const N = Number(args.messages);
const TOPICS = Number(args.topics);
const ROUNDS = Number(args.rounds);
const POLL_MS = Number(args['poll-ms']);
const STALL_MS = Number(args['stall-s']) * 1000;
for (const [name, v] of Object.entries({ messages: N, topics: TOPICS, rounds: ROUNDS, 'poll-ms': POLL_MS }))
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const work = makeTempDir('bench');
const workload = makeWorkload(ROOT, work, TOPICS);

/** One phase's figures; NaN where a figure does not apply or could not be taken. */
interface Run {
  messages: number;
  /** The publisher's own rate: first publish → last PUBACK. */
  publishMsgS: number;
  overallMsgS: number;
  sustainedMsgS: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of the process under test (ingest, the bare subscriber, Node-RED; none for the reference writer). */
  cpuUsPerMsg: number;
  peakRssMb: number;
  mosquittoCpuUsPerMsg: number;
  /**
   * Seconds the processes measured (the one under test, influxd, mosquitto) were runnable but waited for a CPU:
   * ~0 on a quiet machine; large means other processes took the CPUs and the figures are noisy.
   */
  cpuWaitS: number;
  influxCpuUsPerMsg: number;
  influxCpuS: number;
  writeRequests: number;
  /** Points InfluxDB accepted (httpd pointsWrittenOK): more than stored when writes were retried. */
  pointsWritten: number;
  writeMB: number;
  stored: number;
  lost: number;
  deadLetters: number;
}

interface Round {
  halfRate: number;
  ceiling: Run;
  /** The bare loop at the half rate: what any receiver pays per message below saturation. */
  ceilingHalf: Run;
  ingest: { full: Run; half: Run };
  reference: Run;
  /** The reference paced at ingest's full-speed rate with the same MQTT traffic (see reference()). */
  referenceLoaded: Run;
  nodeRed?: { full: Run; half: Run };
}

const EMPTY: Run = {
  messages: N,
  publishMsgS: NaN,
  overallMsgS: NaN,
  sustainedMsgS: NaN,
  seconds: NaN,
  p50Ms: NaN,
  p99Ms: NaN,
  cpuUsPerMsg: NaN,
  peakRssMb: NaN,
  mosquittoCpuUsPerMsg: NaN,
  cpuWaitS: NaN,
  influxCpuUsPerMsg: NaN,
  influxCpuS: NaN,
  writeRequests: NaN,
  pointsWritten: NaN,
  writeMB: NaN,
  stored: NaN,
  lost: NaN,
  deadLetters: NaN,
};

function percentile(values: Float64Array, p: number): number {
  const sorted = values.filter(Number.isFinite).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/**
 * Messages / s over the middle 80 % of the stream (10 % → 90 % of the messages done), from per-message completion
 * times in publish order. Where a backlog built up this is the rate it drains at. A batching pipeline completes
 * messages in steps (one per write seen by a poll): with fewer than 10 steps in that span the figure says more
 * about batch size than rate, and is left out (NaN).
 */
function sustained(done: Float64Array): number {
  const i10 = Math.floor(done.length * 0.1);
  const i90 = Math.ceil(done.length * 0.9) - 1;
  if (new Set(done.subarray(i10, i90 + 1)).size < 10) return NaN;
  return ((i90 - i10) * 1000) / (done[i90]! - done[i10]!);
}

const readTimes = (file: string): Float64Array => {
  const buf = readFileSync(file);
  return new Float64Array(buf.buffer, buf.byteOffset, buf.length / 8);
};

interface Publisher {
  /** Starts publishing. */
  go(): void;
  /** Resolves when the broker acknowledged every message: publish times and the publisher's rate. */
  done: Promise<{ times: Float64Array; msgS: number }>;
}

async function startPublisher(url: string, rate: number): Promise<Publisher> {
  const timesFile = join(work, `publish-${Date.now()}.bin`);
  const pub = startChild('publisher', ['--import', 'tsx', join(ROOT, 'ingest/bench/publisher.ts')], {
    cwd: ROOT,
    stdin: true,
    env: {
      BENCH_URL: url,
      BENCH_COUNT: String(N),
      BENCH_ASSETS: workload.assetsFile,
      BENCH_TIMES_FILE: timesFile,
      BENCH_RATE: String(Math.round(rate)),
    },
  });
  await within(pub.next('ready'), 60_000, 'publisher ready');
  return {
    go: () => pub.child.stdin!.end('go\n'),
    done: pub.next('published').then((e) => ({
      times: readTimes(timesFile),
      msgS: (N * 1000) / ((e.finished as number) - (e.started as number)),
    })),
  };
}

/** Phase 1: the bare MQTT.js receive loop at full speed. */
async function ceiling(rate = 0): Promise<Run> {
  const mosquitto = await startMosquitto();
  const timesFile = join(work, `received-${Date.now()}.bin`);
  const sub = startChild('bare subscriber', ['--import', 'tsx', join(ROOT, 'ingest/bench/bare-subscriber.ts')], {
    cwd: ROOT,
    env: { BENCH_URL: mosquitto.url, BENCH_COUNT: String(N), BENCH_TIMES_FILE: timesFile },
  });
  try {
    await within(sub.next('ready'), 60_000, 'bare subscriber ready');
    const mosquittoPid = findPid('-c', mosquitto.configFile);
    const pub = await startPublisher(mosquitto.url, rate);
    const wait = (): number => runQueueSeconds(sub.pid) + runQueueSeconds(mosquittoPid);
    const cpu0 = cpuSeconds(sub.pid);
    const mosquitto0 = cpuSeconds(mosquittoPid);
    const wait0 = wait();
    pub.go();
    await within(sub.next('received'), 600_000, 'bare subscriber');
    const cpu1 = cpuSeconds(sub.pid);
    const mosquitto1 = cpuSeconds(mosquittoPid);
    const wait1 = wait();
    const peak = peakRssMb(sub.pid);
    const { times, msgS } = await pub.done;
    const received = readTimes(timesFile);
    const latency = received.map((t, i) => t - times[i]!);
    const seconds = (received[N - 1]! - times[0]!) / 1000;
    return {
      ...EMPTY,
      publishMsgS: msgS,
      overallMsgS: N / seconds,
      sustainedMsgS: sustained(received),
      seconds,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
      cpuUsPerMsg: ((cpu1 - cpu0) * 1e6) / N,
      peakRssMb: peak,
      mosquittoCpuUsPerMsg: ((mosquitto1 - mosquitto0) * 1e6) / N,
      cpuWaitS: wait1 - wait0,
      stored: N,
      lost: 0,
    };
  } finally {
    await sub.stop();
    await mosquitto.destroy();
  }
}

/** A system under test between Mosquitto and InfluxDB. */
interface Pipeline {
  name: string;
  /** Starts it with its files in `dir` (removed after the run). */
  start(mosquitto: MosquittoHandle, influx: InfluxHandle, dir: string): Promise<Child>;
}

const ingestPipeline: Pipeline = {
  name: 'ingest',
  async start(mosquitto, influx, dir) {
    const entry = args['ingest-entry'];
    const nodeArgs = [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
      resolve(ROOT, entry),
    ];
    const httpPort = await freePort();
    const ingest = startChild('ingest', nodeArgs, {
      cwd: ROOT,
      env: {
        MQTT_URL: mosquitto.url,
        MQTT_CLIENT_ID: 'bench-ingest',
        INFLUX_URL: influx.url,
        INFLUX_DB: DB,
        INGEST_SPOOL_DIR: join(dir, 'spool'),
        INGEST_HTTP_PORT: String(httpPort),
        INGEST_HTTP_HOST: '127.0.0.1',
        EMS_REGISTRY: workload.registryFile,
        LOG_LEVEL: 'warn',
        // compiled code imports the packages' dist/, not their sources (the @ems/source condition of the tsx scripts)
        ...(entry.endsWith('.ts') ? {} : { NODE_OPTIONS: withoutSourceCondition(process.env.NODE_OPTIONS) }),
      },
    });
    await waitFor(
      async () => {
        if (ingest.child.exitCode !== null) throw new Error(`ingest exited: ${ingest.output()}`);
        return (await fetch(`http://127.0.0.1:${httpPort}/health`)).status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 100, description: 'ingest healthy' },
    );
    return ingest;
  },
};

function nodeRedPipeline(): Pipeline {
  const { script, settings } = prepareNodeRed(args['node-red-dir'], log);
  return {
    name: 'node-red',
    async start(mosquitto, influx, userDir) {
      await createDatabase(influx.url, DB);
      const env = nodeRedEnv({
        httpPort: await freePort(),
        mqttPort: mosquitto.port,
        influxPort: influx.port,
        db: DB,
        assets: workload.assets,
      });
      const nodeRed = startChild('node-red', [script, '--settings', settings, '--userDir', userDir], {
        cwd: userDir,
        env,
      });
      await within(nodeRed.seen('Started flows'), 60_000, 'Node-RED started');
      return nodeRed;
    },
  };
}

/**
 * One message through the whole pipeline before timing (the subscription is in place, every component has
 * handled a message), re-sent until it is stored; then a pause longer than Node-RED's join timeout, so that
 * no probe is still on its way. Its point (ts 1 s ago, unique) is subtracted from the stored count.
 */
async function probe(mosquitto: MosquittoHandle, influx: InfluxHandle, poller: StatsPoller): Promise<void> {
  await poller.baseline();
  const client = await mqtt.connectAsync(mosquitto.url, { clientId: `bench-probe-${process.pid}`, clean: true });
  const { topic, type } = workload.assets[0]!;
  const body = payload(type, 0, Date.now() - 1_000);
  try {
    await waitFor(
      async () => {
        await client.publishAsync(topic, body, { qos: 1 });
        return waitFor(async () => (await poller.poll()).n >= 1, { timeoutMs: 2_500, intervalMs: 50 }).catch(
          () => false,
        );
      },
      { timeoutMs: 60_000, intervalMs: 0, description: `a probe message stored in InfluxDB (${influx.url})` },
    );
  } finally {
    await client.endAsync();
  }
  await new Promise((r) => setTimeout(r, 1_500));
}

/** Phases 2, 3 and 5: a pipeline at full speed (rate 0) or rate-limited. */
async function pipelineRun(pipeline: Pipeline, rate: number): Promise<Run> {
  const [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  const dir = mkdtempSync(join(work, `${pipeline.name}-`));
  let sut: Child | undefined;
  try {
    sut = await pipeline.start(mosquitto, influx, dir);
    const influxPid = findPid('-config', influx.configFile);
    const mosquittoPid = findPid('-c', mosquitto.configFile);
    const poller = new StatsPoller(influx.url, POLL_MS);
    await probe(mosquitto, influx, poller);
    await poller.baseline();
    const pub = await startPublisher(mosquitto.url, rate);

    const pids = [sut.pid, influxPid, mosquittoPid];
    const cpuAt = (): number[] => [
      ...pids.map(cpuSeconds),
      pids.reduce<number>((sum, pid) => sum + runQueueSeconds(pid), 0),
    ];
    const cpu0 = cpuAt();
    const cpu: number[][] = [];
    let lastProgress = Date.now();
    let publishing = true;
    let complete = false;
    let verified = 0;
    const finished = poller.start(async (s) => {
      cpu.push(cpuAt());
      const prev = poller.samples.at(-2);
      if (!prev || s.n > prev.n) lastProgress = s.at;
      // pointsWrittenOK counts a rewritten point twice: only InfluxDB's count says that all are there (asked at
      // most once a second, after this poll's CPU reading, so the query is not charged to the run).
      if (s.n >= N && s.at - verified >= 1_000) {
        verified = s.at;
        complete = (await storedPoints(influx.url, DB)).samples - 1 >= N;
        if (complete) return true;
      }
      return !publishing && s.at - lastProgress > STALL_MS;
    });
    const t0 = Date.now();
    pub.go();
    const published = await within(pub.done, 3_600_000, 'publisher');
    publishing = false;
    await finished;
    const peak = peakRssMb(sut.pid);
    const { samples: storedSamples, deadLetters } = await storedPoints(influx.url, DB);
    const stored = storedSamples - 1; // the probe

    const { times, msgS } = published;
    const samples = poller.samples;
    // The window ends at the poll after which InfluxDB counted every point, or else (lost points) at the first
    // poll that saw the final count.
    const finalN = samples.at(-1)!.n;
    const end = complete ? samples.length - 1 : samples.findIndex((s) => s.n === finalN);
    const done = storedTimes(samples, times, t0);
    const covered = Math.min(N, finalN);
    const latency = done.subarray(0, covered).map((t, i) => t - times[i]!);
    const seconds = (done[covered - 1]! - times[0]!) / 1000;
    const used = (k: number): number => cpu[end]![k]! - cpu0[k]!;
    return {
      ...EMPTY,
      publishMsgS: msgS,
      overallMsgS: covered / seconds,
      sustainedMsgS: covered === N ? sustained(done) : NaN,
      seconds,
      p50Ms: percentile(latency, 50),
      p99Ms: percentile(latency, 99),
      cpuUsPerMsg: (used(0) * 1e6) / N,
      peakRssMb: peak,
      influxCpuUsPerMsg: (used(1) * 1e6) / N,
      influxCpuS: used(1),
      mosquittoCpuUsPerMsg: (used(2) * 1e6) / N,
      cpuWaitS: used(3),
      writeRequests: samples[end]!.writeReq,
      pointsWritten: samples[end]!.n,
      writeMB: samples[end]!.writeReqBytes / 1e6,
      stored,
      lost: N - stored,
      deadLetters,
    };
  } finally {
    await sut?.stop(30_000);
    await Promise.all([mosquitto.destroy(), influx.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * When each message's point became visible (see the header): message i at the first poll whose count covers
 * i + 1 points, in the middle of (previous poll's request, this poll's answer], never before its publish.
 * NaN for messages never covered.
 */
function storedTimes(samples: Sample[], times: Float64Array, t0: number): Float64Array {
  const out = new Float64Array(times.length).fill(NaN);
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < samples.length && samples[j]!.n < i + 1) j++;
    if (j === samples.length) break;
    const from = Math.max(j > 0 ? samples[j - 1]!.sent : t0, times[i]!);
    out[i] = (from + samples[j]!.at) / 2;
  }
  return out;
}

/** Phase 4: the same points straight to InfluxDB, 5,000 lines per /write, 2 in flight. */
/**
 * Phase 4: the same points straight to InfluxDB in 5,000-line batches, 2 in flight. Alone (`rate` 0) at full
 * speed; or under load: batches paced at `rate` msg/s while the same MQTT traffic flows at that rate (publisher →
 * Mosquitto → bare subscriber), so that influxd shares the two CPUs as in ingest's run — InfluxDB's CPU per point
 * rises with contention (caches, run queue), and this is the figure ingest's own batching is judged against.
 */
async function reference(lines: string[], rate = 0): Promise<Run> {
  const influx = await startInflux();
  const load = rate > 0 ? await mqttLoad(rate) : undefined;
  try {
    await createDatabase(influx.url, DB);
    const influxPid = findPid('-config', influx.configFile);
    const poller = new StatsPoller(influx.url, POLL_MS);
    await poller.baseline();
    const cpu0 = cpuSeconds(influxPid);
    // The same polling as the other phases, so that its (small) cost is in this figure too.
    const polling = poller.start(() => false);
    load?.go();
    const t0 = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < lines.length) {
        const from = next;
        next += REFERENCE_BATCH;
        // paced: a batch leaves once its last line would have arrived at `rate`
        const due = rate > 0 ? t0 + (Math.min(lines.length, from + REFERENCE_BATCH) * 1000) / rate : 0;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        await influxWrite(influx.url, DB, lines.slice(from, from + REFERENCE_BATCH), 'ms');
      }
    };
    await Promise.all([worker(), worker()]);
    const t1 = Date.now();
    const cpu1 = cpuSeconds(influxPid);
    await poller.stop();
    await polling;
    const stats = await poller.poll();
    const { samples: stored, deadLetters } = await storedPoints(influx.url, DB);
    const seconds = (t1 - t0) / 1000;
    return {
      ...EMPTY,
      overallMsgS: N / seconds,
      seconds,
      influxCpuUsPerMsg: ((cpu1 - cpu0) * 1e6) / N,
      influxCpuS: cpu1 - cpu0,
      writeRequests: Math.ceil(lines.length / REFERENCE_BATCH),
      pointsWritten: stats.n,
      writeMB: stats.writeReqBytes / 1e6,
      stored,
      lost: N - stored,
      deadLetters,
    };
  } finally {
    await load?.stop();
    await influx.destroy();
  }
}

/** MQTT traffic at `rate` msg/s: the publisher, Mosquitto and the bare subscriber, as in the ceiling phase. */
async function mqttLoad(rate: number): Promise<{ go(): void; stop(): Promise<void> }> {
  const mosquitto = await startMosquitto();
  const sub = startChild('bare subscriber', ['--import', 'tsx', join(ROOT, 'ingest/bench/bare-subscriber.ts')], {
    cwd: ROOT,
    env: { BENCH_URL: mosquitto.url, BENCH_COUNT: String(N), BENCH_TIMES_FILE: join(work, `load-${Date.now()}.bin`) },
  });
  await within(sub.next('ready'), 60_000, 'bare subscriber ready');
  const pub = await startPublisher(mosquitto.url, rate);
  return {
    go: () => pub.go(),
    stop: async () => {
      await pub.done.catch(() => undefined);
      await sub.stop();
      await mosquitto.destroy();
    },
  };
}

// --- report ---

const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const dec = (d: number) => (n: number) => (Number.isFinite(n) ? n.toFixed(d) : '–');

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** The median of each figure over the rounds, except lost and dead letters: the worst round's. */
function medianRun(runs: Run[]): Run {
  const out = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof Run)[])
    out[key] =
      key === 'lost' || key === 'deadLetters' ? Math.max(...runs.map((r) => r[key])) : median(runs.map((r) => r[key]));
  return out;
}

function medianRound(rounds: Round[]): Round {
  return {
    halfRate: median(rounds.map((r) => r.halfRate)),
    ceiling: medianRun(rounds.map((r) => r.ceiling)),
    ceilingHalf: medianRun(rounds.map((r) => r.ceilingHalf)),
    ingest: {
      full: medianRun(rounds.map((r) => r.ingest.full)),
      half: medianRun(rounds.map((r) => r.ingest.half)),
    },
    reference: medianRun(rounds.map((r) => r.reference)),
    referenceLoaded: medianRun(rounds.map((r) => r.referenceLoaded)),
    ...(rounds[0]?.nodeRed
      ? {
          nodeRed: {
            full: medianRun(rounds.map((r) => r.nodeRed!.full)),
            half: medianRun(rounds.map((r) => r.nodeRed!.half)),
          },
        }
      : {}),
  };
}

const TARGETS = {
  ratioToCeiling: 0.8,
  cpuUsPerMsg: 25,
  influxCpuUsPerMsg: 'at most the reference writer (5,000-line batches) under the same load',
  peakRssMb: 150,
  lost: 0,
};

interface Row {
  label: string;
  value: (r: Round) => string;
  /** The target, and whether the median meets it. */
  target?: [string, (median: Round) => boolean];
}

function pipelineRows(name: string, pick: (r: Round) => { full: Run; half: Run }): Row[] {
  const full = (r: Round): Run => pick(r).full;
  const half = (r: Round): Run => pick(r).half;
  const pair = (a: number, b: number): string => `${int(a)} / ${int(b)}`;
  return [
    { label: `${name}, full speed`, value: () => '' },
    { label: '  msg/s overall (first publish → last stored)', value: (r) => int(full(r).overallMsgS) },
    { label: '  msg/s sustained (10 → 90 %)', value: (r) => int(full(r).sustainedMsgS) },
    {
      label: '  × ceiling (overall)',
      value: (r) => dec(2)(full(r).overallMsgS / r.ceiling.overallMsgS),
      target: [`≥ ${TARGETS.ratioToCeiling}`, (m) => full(m).overallMsgS / m.ceiling.overallMsgS >= 0.8],
    },
    { label: '  × ceiling (sustained)', value: (r) => dec(2)(full(r).sustainedMsgS / r.ceiling.sustainedMsgS) },
    {
      label: `  ${name} CPU µs/msg`,
      value: (r) => dec(1)(full(r).cpuUsPerMsg),
      target: [`≤ ${TARGETS.cpuUsPerMsg}`, (m) => full(m).cpuUsPerMsg <= TARGETS.cpuUsPerMsg],
    },
    {
      label: `  ${name} peak RSS MB`,
      value: (r) => int(full(r).peakRssMb),
      target: [`≤ ${TARGETS.peakRssMb}`, (m) => full(m).peakRssMb <= TARGETS.peakRssMb],
    },
    {
      label: '  influxd CPU µs/msg',
      value: (r) => dec(1)(full(r).influxCpuUsPerMsg),
      target: ['≤ reference', (m) => full(m).influxCpuUsPerMsg <= m.referenceLoaded.influxCpuUsPerMsg],
    },
    { label: '  influxd CPU s/run', value: (r) => dec(2)(full(r).influxCpuS) },
    { label: '  mosquitto CPU µs/msg', value: (r) => dec(1)(full(r).mosquittoCpuUsPerMsg) },
    { label: `  CPU wait s (${name}, influxd, mosquitto)`, value: (r) => dec(2)(full(r).cpuWaitS) },
    {
      label: '  InfluxDB write requests (points each)',
      value: (r) => `${int(full(r).writeRequests)} (${int(full(r).pointsWritten / full(r).writeRequests)})`,
    },
    { label: '  points written, incl. rewrites', value: (r) => int(full(r).pointsWritten) },
    { label: '  publish → stored p50 / p99 ms', value: (r) => pair(full(r).p50Ms, full(r).p99Ms) },
    {
      label: '  lost (expected − stored; median: the worst)',
      value: (r) => int(full(r).lost) + (full(r).deadLetters ? ` (+${int(full(r).deadLetters)} dead letters)` : ''),
      target: [`${TARGETS.lost}`, (m) => full(m).lost === 0],
    },
    { label: `${name}, half the ceiling's rate`, value: () => '' },
    { label: '  publish rate msg/s (target)', value: (r) => `${int(half(r).publishMsgS)} (${int(r.halfRate)})` },
    { label: '  publish → stored p50 / p99 ms', value: (r) => pair(half(r).p50Ms, half(r).p99Ms) },
    {
      label: `  ${name} CPU µs/msg`,
      value: (r) => dec(1)(half(r).cpuUsPerMsg),
      target: [`≤ ${TARGETS.cpuUsPerMsg}`, (m) => half(m).cpuUsPerMsg <= TARGETS.cpuUsPerMsg],
    },
    {
      label: `  ${name} peak RSS MB`,
      value: (r) => int(half(r).peakRssMb),
      target: [`≤ ${TARGETS.peakRssMb}`, (m) => half(m).peakRssMb <= TARGETS.peakRssMb],
    },
    // below saturation batches are what WRITE_BATCH_WAIT_MS gathers, not 5,000 lines: no target here
    { label: '  influxd CPU µs/msg', value: (r) => dec(1)(half(r).influxCpuUsPerMsg) },
    { label: '  influxd CPU s/run', value: (r) => dec(2)(half(r).influxCpuS) },
    { label: `  CPU wait s (${name}, influxd, mosquitto)`, value: (r) => dec(2)(half(r).cpuWaitS) },
    {
      label: '  InfluxDB write requests (points each)',
      value: (r) => `${int(half(r).writeRequests)} (${int(half(r).pointsWritten / half(r).writeRequests)})`,
    },
    { label: '  points written, incl. rewrites', value: (r) => int(half(r).pointsWritten) },
    {
      label: '  lost (expected − stored; median: the worst)',
      value: (r) => int(half(r).lost) + (half(r).deadLetters ? ` (+${int(half(r).deadLetters)} dead letters)` : ''),
      target: [`${TARGETS.lost}`, (m) => half(m).lost === 0],
    },
  ];
}

function table(rounds: Round[], med: Round): string {
  const rows: Row[] = [
    { label: 'ceiling: bare MQTT.js QoS 1 receive loop', value: () => '' },
    { label: '  msg/s overall (first publish → last received)', value: (r) => int(r.ceiling.overallMsgS) },
    { label: '  msg/s sustained (10 → 90 %)', value: (r) => int(r.ceiling.sustainedMsgS) },
    { label: '  publisher msg/s (PUBACKs)', value: (r) => int(r.ceiling.publishMsgS) },
    {
      label: '  publish → receive p50 / p99 ms',
      value: (r) => `${int(r.ceiling.p50Ms)} / ${int(r.ceiling.p99Ms)}`,
    },
    { label: '  subscriber CPU µs/msg', value: (r) => dec(1)(r.ceiling.cpuUsPerMsg) },
    { label: '  mosquitto CPU µs/msg', value: (r) => dec(1)(r.ceiling.mosquittoCpuUsPerMsg) },
    { label: '  CPU wait s (subscriber, mosquitto)', value: (r) => dec(2)(r.ceiling.cpuWaitS) },
    { label: "  at half the ceiling's rate: subscriber CPU µs/msg", value: (r) => dec(1)(r.ceilingHalf.cpuUsPerMsg) },
    ...pipelineRows('ingest', (r) => r.ingest),
    { label: `reference: the same points, ${REFERENCE_BATCH.toLocaleString('en-US')}-line /write`, value: () => '' },
    { label: '  msg/s', value: (r) => int(r.reference.overallMsgS) },
    { label: '  influxd CPU µs/msg', value: (r) => dec(1)(r.reference.influxCpuUsPerMsg) },
    { label: '  influxd CPU s/run', value: (r) => dec(2)(r.reference.influxCpuS) },
    { label: '  InfluxDB write requests', value: (r) => int(r.reference.writeRequests) },
    {
      label: `reference under load: paced at ingest's full-speed rate, same MQTT traffic`,
      value: () => '',
    },
    { label: '  msg/s', value: (r) => int(r.referenceLoaded.overallMsgS) },
    { label: '  influxd CPU µs/msg', value: (r) => dec(1)(r.referenceLoaded.influxCpuUsPerMsg) },
    { label: '  influxd CPU s/run', value: (r) => dec(2)(r.referenceLoaded.influxCpuS) },
    ...(med.nodeRed ? pipelineRows('node-red', (r) => r.nodeRed!) : []),
  ];
  const head = ['', ...rounds.map((_, i) => `round ${i + 1}`), 'median', 'target'];
  const body = rows.map((row) => {
    const section = row.value(med) === '' && !row.label.startsWith(' ');
    if (section) return [row.label, ...rounds.map(() => ''), '', ''];
    const target = row.target ? `${row.target[0]} ${row.target[1](med) ? '✓' : '✗'}` : '';
    return [row.label, ...rounds.map(row.value), row.value(med), target];
  });
  const width = head.map((_, c) => Math.max(head[c]!.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(width[c]!) : cell.padStart(width[c]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

// --- main ---

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version };
log(
  `ingest benchmark: ${N.toLocaleString('en-US')} QoS 1 messages × ${ROUNDS} round(s), ${workload.assets.length} topics ` +
    `(${new Set(workload.assets.map((a) => a.type)).size} asset types); ingest entry ${args['ingest-entry']}; ` +
    `${machine.cpus} CPUs (${machine.model}), Node ${machine.node}`,
);
const nodeRed = args['vs-node-red'] ? nodeRedPipeline() : undefined;
const base = Date.now();
const lines = Array.from({ length: N }, (_, i) => workload.line(i, base + Math.floor(i / workload.assets.length)));
const rounds: Round[] = [];
const summary = (what: string, r: Run): void =>
  log(
    `  ${what}: ${int(r.overallMsgS)} msg/s` +
      (Number.isFinite(r.p50Ms) ? `, p50/p99 ${int(r.p50Ms)}/${int(r.p99Ms)} ms` : '') +
      (Number.isFinite(r.cpuUsPerMsg) ? `, CPU ${dec(1)(r.cpuUsPerMsg)} µs/msg` : '') +
      (Number.isFinite(r.peakRssMb) ? `, peak RSS ${int(r.peakRssMb)} MB` : '') +
      (Number.isFinite(r.influxCpuUsPerMsg) ? `, influxd ${dec(1)(r.influxCpuUsPerMsg)} µs/msg` : '') +
      (Number.isFinite(r.writeRequests) ? `, ${int(r.writeRequests)} writes` : '') +
      (Number.isFinite(r.lost) ? `, lost ${int(r.lost)}` : ''),
  );
if (args['ingest-only']) {
  const rate = args['half-rate'] ? Number(args['half-rate']) : 0; // here: the rate of the one phase
  for (let k = 1; k <= ROUNDS; k++)
    summary(
      `round ${k}/${ROUNDS}, ingest, ${rate ? `${int(rate)} msg/s` : 'full speed'}`,
      await pipelineRun(ingestPipeline, rate),
    );
  process.exit(0);
}
for (let k = 1; k <= ROUNDS; k++) {
  log(`round ${k}/${ROUNDS}`);
  const ceilingRun = await ceiling();
  summary('ceiling', ceilingRun);
  const halfRate = args['half-rate'] ? Number(args['half-rate']) : ceilingRun.overallMsgS / 2;
  const ceilingHalf = await ceiling(halfRate);
  summary(`ceiling at ${int(halfRate)} msg/s`, ceilingHalf);
  const full = await pipelineRun(ingestPipeline, 0);
  summary('ingest, full speed', full);
  const half = await pipelineRun(ingestPipeline, halfRate);
  summary(`ingest at ${int(halfRate)} msg/s`, half);
  const ref = await reference(lines);
  summary('reference writer', ref);
  const refLoaded = await reference(lines, full.overallMsgS);
  summary(`reference writer at ${int(full.overallMsgS)} msg/s under MQTT load`, refLoaded);
  const round: Round = {
    halfRate,
    ceiling: ceilingRun,
    ceilingHalf,
    ingest: { full, half },
    reference: ref,
    referenceLoaded: refLoaded,
  };
  if (nodeRed) {
    const nrFull = await pipelineRun(nodeRed, 0);
    summary('node-red, full speed', nrFull);
    const nrHalf = await pipelineRun(nodeRed, halfRate);
    summary(`node-red at ${int(halfRate)} msg/s`, nrHalf);
    round.nodeRed = { full: nrFull, half: nrHalf };
  }
  rounds.push(round);
}
const med = medianRound(rounds);
process.stdout.write(
  `\ningest benchmark: ${N.toLocaleString('en-US')} QoS 1 messages, ${workload.assets.length} topics, ` +
    `${machine.cpus} CPUs (${machine.model}), Node ${machine.node}, ${new Date().toISOString()}\n\n` +
    `${table(rounds, med)}\n`,
);
if (args.json) {
  const finite = (_key: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isFinite(v) ? null : typeof v === 'number' ? Math.round(v * 100) / 100 : v;
  process.stdout.write(
    JSON.stringify(
      {
        bench: 'ingest',
        at: new Date().toISOString(),
        config: { messages: N, topics: TOPICS, rounds: ROUNDS, entry: args['ingest-entry'], pollMs: POLL_MS },
        machine,
        targets: TARGETS,
        median: med,
        rounds,
      },
      finite,
    ) + '\n',
  );
}
process.exit(0);

function withoutSourceCondition(nodeOptions = ''): string {
  return nodeOptions
    .split(' ')
    .filter((o) => o && o !== '--conditions=@ems/source')
    .join(' ');
}
