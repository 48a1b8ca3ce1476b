import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MQTT_MAX_PACKET_BYTES } from '@ems/domain';
import { findBinary, MOSQUITTO_INSTALL } from './binaries.ts';
import { canConnect, freePort } from './ports.ts';
import { isAddressInUse, makeTempDir, removeTempDir, spawnManaged, waitUntilReady } from './process.ts';
import type { ManagedProcess } from './process.ts';

const execFileAsync = promisify(execFile);

export interface MosquittoUser {
  username: string;
  password: string;
}

export interface MosquittoOptions {
  /** Port to listen on; default a free one. */
  port?: number;
  /**
   * Users (written with `mosquitto_passwd -b`) or a ready password file's text, and the text of an ACL file;
   * disables anonymous access.
   */
  auth?: { users: MosquittoUser[]; acl: string; passwordFileText?: string };
  /**
   * With auth: bind client ids to accounts (`use_username_as_clientid true`, as docker/mosquitto/mosquitto.conf
   * ships). Default true.
   */
  bindClientIds?: boolean;
  /**
   * `max_packet_size`, as docker/mosquitto/mosquitto.conf ships it: MQTT_MAX_PACKET_BYTES (ingest's payload limit
   * plus headers). null: no limit.
   */
  maxPacketBytes?: number | null;
  /** Extra mosquitto.conf lines appended at the end. */
  extraConfig?: string[];
  /** Start-up timeout (default 15 s). */
  startTimeoutMs?: number;
}

export interface MosquittoHandle {
  /** `mqtt://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Temporary directory holding mosquitto.conf, the persistence database and auth files. */
  dataDir: string;
  configFile: string;
  /** SIGTERM (SIGKILL after 10 s) and wait for exit; mosquitto saves its persistence database on the way out. */
  stop(): Promise<void>;
  /** Stop, then start again on the same port with the same configuration and persistence database. */
  restart(): Promise<void>;
  /** Start again after stop() (same port and data). */
  start(): Promise<void>;
  /** Stop and remove the temporary directory. */
  destroy(): Promise<void>;
  /** What mosquitto has logged so far (last 16 KB). */
  output(): string;
}

function mosquittoConfig(port: number, dataDir: string, opts: MosquittoOptions): string {
  const lines = [
    `# written by @ems/testkit`,
    `listener ${port} 127.0.0.1`,
    `allow_anonymous ${opts.auth ? 'false' : 'true'}`,
    `persistence true`,
    `persistence_location ${dataDir}/`,
    `autosave_interval 1800`,
    // DESIGN §2: the default of 1,000 silently drops messages for an absent persistent session.
    `max_queued_messages 1000000`,
    `max_queued_bytes 0`,
    `max_inflight_messages 0`,
    `persistent_client_expiration 1d`,
    ...(opts.maxPacketBytes === null ? [] : [`max_packet_size ${opts.maxPacketBytes ?? MQTT_MAX_PACKET_BYTES}`]),
    `log_dest stderr`,
    `log_type error`,
    `log_type warning`,
    `log_type notice`,
    `log_timestamp false`,
    `connection_messages false`,
  ];
  // Run as root (CI), mosquitto would switch to the `mosquitto` user, which cannot write our mkdtemp dir.
  if (process.getuid?.() === 0) lines.push('user root');
  if (opts.auth) {
    lines.push(`password_file ${join(dataDir, 'passwd')}`, `acl_file ${join(dataDir, 'acl')}`);
    if (opts.bindClientIds !== false) lines.push('use_username_as_clientid true');
  }
  lines.push(...(opts.extraConfig ?? []));
  return `${lines.join('\n')}\n`;
}

async function writeAuthFiles(dataDir: string, auth: NonNullable<MosquittoOptions['auth']>): Promise<void> {
  const passwd = join(dataDir, 'passwd');
  const tool = findBinary('mosquitto_passwd', MOSQUITTO_INSTALL);
  let first = true;
  for (const { username, password } of auth.users) {
    await execFileAsync(tool, first ? ['-b', '-c', passwd, username, password] : ['-b', passwd, username, password]);
    first = false;
  }
  if (first) await writeFile(passwd, auth.passwordFileText ?? '', { mode: 0o600 });
  await writeFile(join(dataDir, 'acl'), `${auth.acl.trimEnd()}\n`, { mode: 0o600 });
}

/** Starts a real Mosquitto broker on a free 127.0.0.1 port with a temporary persistence directory. */
export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoHandle> {
  const binary = findBinary('mosquitto', MOSQUITTO_INSTALL);
  const dataDir = makeTempDir('mosquitto');
  const configFile = join(dataDir, 'mosquitto.conf');
  if (opts.auth) await writeAuthFiles(dataDir, opts.auth);
  const timeoutMs = opts.startTimeoutMs ?? 15_000;

  let port = opts.port ?? (await freePort());
  let proc: ManagedProcess | undefined;

  const launch = async (): Promise<void> => {
    const managed = spawnManaged(`mosquitto (port ${port})`, binary, ['-c', configFile], dataDir);
    proc = managed;
    await waitUntilReady(managed, () => canConnect(port), timeoutMs, `it accepted a TCP connection on ${port}`);
  };

  for (let attempt = 1; ; attempt++) {
    await writeFile(configFile, mosquittoConfig(port, dataDir, opts));
    try {
      await launch();
      break;
    } catch (error) {
      // Another process may have taken the port between freePort() and bind: try a different one.
      if (opts.port === undefined && attempt < 3 && isAddressInUse(error)) {
        port = await freePort();
        continue;
      }
      await removeTempDir(dataDir);
      throw error;
    }
  }

  const stop = async (): Promise<void> => {
    await proc?.stop(10_000);
  };
  const start = async (): Promise<void> => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) return;
    await launch();
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dataDir,
    configFile,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      await stop();
      await removeTempDir(dataDir);
    },
    output: () => proc?.output() ?? '',
  };
}
