import { influxdConfig } from '@ems/runtime';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { findBinary, INFLUXDB_INSTALL } from './binaries.ts';
import { freePort } from './ports.ts';
import { isAddressInUse, makeTempDir, removeTempDir, spawnManaged, waitUntilReady } from './process.ts';
import type { ManagedProcess } from './process.ts';

export interface InfluxOptions {
  /** HTTP port; default a free one. */
  port?: number;
  /** `[continuous_queries] run-interval` (default `1s`, so CQ tests do not wait long). */
  cqRunInterval?: string;
  /** `[logging] level` (default `warn`). */
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Start-up timeout (default 30 s). */
  startTimeoutMs?: number;
}

export interface InfluxHandle {
  /** `http://127.0.0.1:PORT` (InfluxDB 1.x HTTP API: /write, /query, /ping). */
  url: string;
  port: number;
  /** Temporary directory holding the config, meta, data and WAL directories. */
  dataDir: string;
  configFile: string;
  /** SIGTERM (SIGKILL after 10 s) and wait for exit; the data directory stays. */
  stop(): Promise<void>;
  /** Start again after stop() on the same port with the same data (outage tests). */
  start(): Promise<void>;
  /** Stop and remove the temporary directory. */
  destroy(): Promise<void>;
  /** What influxd has logged so far (last 16 KB). */
  output(): string;
}

/** GET /ping → 204 (InfluxDB 1.x). */
export function influxPing(url: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/ping`, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 204);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Starts a real InfluxDB 1.x (`influxd`) on a free 127.0.0.1 port with a temporary data directory. */
export async function startInflux(opts: InfluxOptions = {}): Promise<InfluxHandle> {
  const binary = findBinary('influxd', INFLUXDB_INSTALL);
  const dataDir = makeTempDir('influx');
  const configFile = join(dataDir, 'influxdb.conf');
  const timeoutMs = opts.startTimeoutMs ?? 30_000;

  let port = opts.port ?? (await freePort());
  let rpcPort = await freePort();
  let proc: ManagedProcess | undefined;

  const launch = async (): Promise<void> => {
    const url = `http://127.0.0.1:${port}`;
    const managed = spawnManaged(`influxd (port ${port})`, binary, ['-config', configFile], dataDir);
    proc = managed;
    await waitUntilReady(managed, () => influxPing(url), timeoutMs, `GET ${url}/ping answered 204`);
  };

  for (let attempt = 1; ; attempt++) {
    await writeFile(
      configFile,
      influxdConfig({
        dataDir,
        httpPort: port,
        rpcPort,
        logLevel: opts.logLevel ?? 'warn',
        cqRunInterval: opts.cqRunInterval ?? '1s',
      }),
    );
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt < 3 && isAddressInUse(error)) {
        if (opts.port === undefined) port = await freePort();
        rpcPort = await freePort();
        continue;
      }
      await removeTempDir(dataDir);
      throw error;
    }
  }

  const stop = async (): Promise<void> => {
    await proc?.stop(10_000);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    configFile,
    stop,
    async start() {
      if (proc && proc.child.exitCode === null && proc.child.signalCode === null) return;
      await launch();
    },
    async destroy() {
      await stop();
      await removeTempDir(dataDir);
    },
    output: () => proc?.output() ?? '',
  };
}
