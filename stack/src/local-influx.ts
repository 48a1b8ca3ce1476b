import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { influxdConfig } from '@ems/runtime';

const SEARCH_PATH = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/bin', '/sbin'];

export function findExecutable(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH_PATH]) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Port `preferred` when it is free, else any free port. */
export async function pickPort(preferred: number): Promise<number> {
  return (await portIsFree(preferred)) ? preferred : freePort();
}

/**
 * Makes sure an `influxd` binary exists: installs Debian's `influxdb` package when it is missing and we run as
 * root, otherwise fails with the command to run.
 */
export function ensureInfluxd(log: (line: string) => void): string {
  const found = findExecutable('influxd');
  if (found) return found;
  const install = 'apt-get install -y influxdb';
  if (process.getuid?.() !== 0)
    throw new Error(
      `InfluxDB is not installed. Install it with \`sudo ${install}\`, or set INFLUX_URL to an InfluxDB you run.`,
    );
  log(`influxd not found: installing Debian's influxdb package (${install}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'influxdb']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install InfluxDB or set INFLUX_URL.`);
  }
  const installed = findExecutable('influxd');
  if (!installed) throw new Error('influxd is still missing after installing the influxdb package.');
  return installed;
}

export interface LocalInflux {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts influxd with every file under dataDir (kept between runs) and waits until /ping answers. */
export async function startLocalInflux(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<LocalInflux> {
  const binary = ensureInfluxd(log);
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(dataDir, 'influxdb.conf');
  writeFileSync(
    configFile,
    influxdConfig({ dataDir, httpPort: port, rpcPort: await freePort(), cqRunInterval: '10s' }),
  );
  // Its own process group: a Ctrl-C in the terminal reaches only the launcher, which stops influxd last, after
  // ingest has written its spool. If the launcher itself dies, influxd is told to stop too.
  const child = spawn(binary, ['-config', configFile], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`influxd exited during start-up:\n${stderr}`);
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 204) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`influxd did not answer on ${url} within 30 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
