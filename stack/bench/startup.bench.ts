/**
 * Start-up time and idle memory of each service, compiled (`node <pkg>/dist/…js`, as `npm start`, the Dockerfile and
 * docker-compose run them) against the TypeScript sources under tsx (`npm run api` etc.).
 *
 *   npm run bench:startup [-- --runs 3 --idle-s 5 --compiled-root <dir>]
 *
 * Builds what is stale first (scripts/build.mjs), starts a real Mosquitto and influxd on free ports, then starts
 * each service `--runs` times in each form, one at a time, and measures
 *   - start-up: spawn → ready (ingest: GET /health answers 200, i.e. MQTT subscribed and InfluxDB reachable; api:
 *     GET /api/health answers 200, i.e. listening; simulators: every device of the registry has connected and
 *     published its retained `online` status;
 *     mqtt:credentials: the process exits 0 having written the password file and ACL),
 *   - RSS (VmRSS from /proc) after `--idle-s` seconds of idling once ready (the simulators keep publishing their
 *     24 assets in real time: their steady state).
 * --compiled-root <dir>: run the compiled services from another copy, e.g. a production-only install
 * (`npm ci --omit=dev` plus the dist/ folders): proves that nothing of the dev dependencies is needed at run time.
 * Prints a Markdown table (median, min–max over the runs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectAsync } from 'mqtt';
import { loadRegistry } from '@ems/runtime';
import { freePort, sleep, startInflux, startMosquitto } from '@ems/testkit';
import {
  CREDENTIALS_CLI,
  ENTRY_POINTS,
  compiledPath,
  serviceCommand,
  withoutSourceCondition,
  type ServiceName,
} from '../src/services.ts';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'idle-s': { type: 'string', default: '5' },
    'compiled-root': { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const IDLE_MS = Number(values['idle-s']) * 1000;
const compiledRoot = resolve(values['compiled-root'] ?? root);
const REGISTRY = join(root, 'config', 'sites.yaml');

type Mode = 'compiled' | 'tsx';
type Target = ServiceName | 'mqtt:credentials';
interface Sample {
  startMs: number;
  /** CPU time (user + system, all threads) the process used until ready: unlike wall time, hardly affected by
   * other load on the machine. */
  cpuMs: number | null;
  rssMb: number | null;
}

/** utime + stime of a process in ms (/proc/PID/stat, clock ticks of 10 ms). */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function rssMb(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

function command(target: Target, mode: Mode): { args: string[]; env: NodeJS.ProcessEnv; cwd: string } {
  const cwd = mode === 'compiled' ? compiledRoot : root;
  if (target !== 'mqtt:credentials') return { ...serviceCommand(cwd, target, mode === 'compiled'), cwd };
  return mode === 'compiled'
    ? {
        args: [join(cwd, compiledPath(CREDENTIALS_CLI))],
        env: { NODE_OPTIONS: withoutSourceCondition(process.env.NODE_OPTIONS) },
        cwd,
      }
    : { args: ['--conditions=@ems/source', '--import', 'tsx', join(cwd, CREDENTIALS_CLI)], env: {}, cwd };
}

async function main(): Promise<void> {
  console.log('building what is stale (scripts/build.mjs) …');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');

  const [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  const work = mkdtempSync(join(tmpdir(), 'ems-startup-bench-'));
  const watcher = await connectAsync(mosquitto.url, { clientId: 'startup-bench' });
  const assetCount = loadRegistry(REGISTRY)
    .allSites()
    .reduce((n, site) => n + site.assets.length, 0);
  // the simulators are ready when every device has connected and published its retained `online` status
  const online = new Set<string>();
  let allOnlineAt = 0;
  watcher.on('message', (topic, payload) => {
    if (!topic.endsWith('/status') || payload.toString() !== 'online') return;
    online.add(topic);
    if (online.size === assetCount) allOnlineAt ||= performance.now();
  });
  await watcher.subscribeAsync('ems/v1/+/+/status');

  async function once(target: Target, mode: Mode, run: number): Promise<Sample> {
    const { args, env, cwd } = command(target, mode);
    const port = await freePort();
    const extra: string[] = [];
    let ready: () => Promise<boolean>;
    const serviceEnv: NodeJS.ProcessEnv = {
      EMS_REGISTRY: REGISTRY,
      MQTT_URL: mosquitto.url,
      INFLUX_URL: influx.url,
      LOG_LEVEL: 'warn',
    };
    if (target === 'ingest') {
      Object.assign(serviceEnv, {
        INGEST_HTTP_PORT: String(port),
        INGEST_SPOOL_DIR: join(work, `spool-${mode}-${run}`),
      });
      ready = () => httpOk(`http://127.0.0.1:${port}/health`);
    } else if (target === 'api') {
      Object.assign(serviceEnv, {
        PORT: String(port),
        HOST: '127.0.0.1',
        SESSION_SECRET: 'startup-bench-session-secret'.padEnd(40, 'x'),
        WEB_DIST: join(root, 'web', 'dist'),
      });
      ready = () => httpOk(`http://127.0.0.1:${port}/api/health`);
    } else if (target === 'simulators') {
      extra.push('--quiet', '--client-id-prefix', `bench-${mode}-${run}`);
      online.clear();
      allOnlineAt = 0;
      ready = async () => allOnlineAt > 0;
    } else {
      extra.push('--out', join(work, `credentials-${mode}-${run}`));
      ready = async () => false; // one-shot: done when it exits 0
    }
    const t0 = performance.now();
    const child = spawn(process.execPath, [...args, ...extra], {
      cwd,
      env: { ...process.env, ...env, ...serviceEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const deadline = t0 + 180_000;
    for (;;) {
      if (child.exitCode !== null) {
        if (target === 'mqtt:credentials' && child.exitCode === 0)
          return { startMs: performance.now() - t0, cpuMs: null, rssMb: null };
        throw new Error(`${target} (${mode}) exited with ${child.exitCode}:\n${stderr}`);
      }
      if (await ready()) break;
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${target} (${mode}) not ready within 180 s:\n${stderr}`);
      }
      await sleep(20);
    }
    const startMs = (target === 'simulators' ? allOnlineAt : performance.now()) - t0;
    const cpu = cpuMs(child.pid!);
    await sleep(IDLE_MS);
    const rss = rssMb(child.pid!);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    return { startMs, cpuMs: cpu, rssMb: rss };
  }

  const targets: Target[] = ['ingest', 'api', 'simulators', 'mqtt:credentials'];
  const rows: string[] = [];
  const fmt = (xs: number[], digits: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    return sorted.length > 1
      ? `${median.toFixed(digits)} (${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)})`
      : median.toFixed(digits);
  };
  try {
    for (const target of targets) {
      const results: Record<Mode, Sample[]> = { compiled: [], tsx: [] };
      // alternate the forms so that a busy moment of the machine does not fall on one form only
      for (let run = 0; run < RUNS; run++)
        for (const mode of ['compiled', 'tsx'] as Mode[]) {
          const sample = await once(target, mode, run);
          results[mode].push(sample);
          console.log(
            `${target} ${mode} #${run + 1}: ready in ${sample.startMs.toFixed(0)} ms` +
              (sample.cpuMs === null ? '' : `, CPU ${sample.cpuMs} ms`) +
              (sample.rssMb === null ? '' : `, RSS ${sample.rssMb.toFixed(1)} MB after ${IDLE_MS / 1000} s`),
          );
        }
      for (const mode of ['compiled', 'tsx'] as Mode[]) {
        const rss = results[mode].map((s) => s.rssMb).filter((x): x is number => x !== null);
        const how = mode === 'compiled' ? `node ${compiledPath(sourceOf(target))}` : `tsx ${sourceOf(target)}`;
        const cpu = results[mode].map((s) => s.cpuMs).filter((x): x is number => x !== null);
        const cells = [
          fmt(
            results[mode].map((s) => s.startMs),
            0,
          ),
          cpu.length ? fmt(cpu, 0) : '—',
          rss.length ? fmt(rss, 0) : '— (exits)',
        ];
        rows.push(`| ${target} | ${mode} (\`${how}\`) | ${cells.join(' | ')} |`);
      }
    }
  } finally {
    await watcher.endAsync();
    await Promise.all([mosquitto.destroy(), influx.destroy()]);
    rmSync(work, { recursive: true, force: true });
  }
  console.log('');
  console.log(
    `Node ${process.version}, ${RUNS} runs each, median (min–max); compiled from ${compiledRoot === root ? 'the work tree' : compiledRoot}`,
  );
  console.log('');
  console.log(`| service | how | start-up to ready, ms | CPU to ready, ms | RSS after ${IDLE_MS / 1000} s idle, MB |`);
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

function sourceOf(target: Target): string {
  return target === 'mqtt:credentials' ? CREDENTIALS_CLI : ENTRY_POINTS[target];
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
