import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A service process started by the harness. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of what the process wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 16 * 1024;
const live = new Set<ManagedProcess>();
const tempDirs = new Set<string>();
let hookInstalled = false;

/** Kills every service still running and removes temporary directories when the test process exits. */
function installExitHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  process.once('exit', () => {
    for (const managed of live) {
      try {
        managed.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    if (process.env.TESTKIT_KEEP_TMP) return;
    for (const dir of tempDirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort
      }
    }
  });
}

/** A fresh temporary directory that is removed when the test process exits (unless TESTKIT_KEEP_TMP is set). */
export function makeTempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), `ems-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  tempDirs.delete(dir);
  if (process.env.TESTKIT_KEEP_TMP) return;
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * A detached shell that SIGKILLs `childPid` (and removes `dir`) once `parentPid` is gone. It covers the one
 * case the exit hook cannot: the test process itself being SIGKILLed (e.g. a worker killed on timeout).
 */
function startWatchdog(parentPid: number, childPid: number, dir: string | undefined): ChildProcess {
  const removeDir = dir && !process.env.TESTKIT_KEEP_TMP ? `sleep 1; rm -rf '${dir.replace(/'/g, "'\\''")}'` : ':';
  const script = [
    `while kill -0 ${parentPid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 1; done`,
    `if ! kill -0 ${parentPid} 2>/dev/null; then kill -9 ${childPid} 2>/dev/null; ${removeDir}; fi`,
    'exit 0',
  ].join('\n');
  const watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.on('error', () => undefined);
  watchdog.unref();
  return watchdog;
}

/**
 * Spawns a service in `cwd`, its temporary directory (removed by the watchdog if the test process is killed),
 * with the test process's environment plus `env`.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      append(Buffer.from(`\n[testkit] failed to spawn ${command}: ${error.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  // A forgotten service must not keep the test process alive; the exit hook kills it.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  const watchdog =
    child.pid !== undefined ? startWatchdog(process.pid, child.pid, tempDirs.has(cwd) ? cwd : undefined) : undefined;

  const managed: ManagedProcess = {
    name,
    child,
    exited,
    output: () => output,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
  live.add(managed);
  void exited.then(() => {
    live.delete(managed);
    if (watchdog?.pid !== undefined) {
      try {
        process.kill(-watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  return managed;
}

/**
 * Waits until `ready()` resolves true, failing early (with the process output) if the process exits, and
 * failing with the output after `timeoutMs`.
 */
export async function waitUntilReady(
  managed: ManagedProcess,
  ready: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void managed.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited) {
      const { code, signal } = await managed.exited;
      throw new Error(
        `${managed.name} exited during start-up (code ${code}, signal ${signal}) before ${what}. Its output:\n${managed.output()}`,
      );
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      await managed.stop(2_000);
      throw new Error(
        `${managed.name} did not become ready (${what}) within ${timeoutMs} ms. Its output:\n${managed.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether the start-up failure looks like a port clash (another process took the port we picked). */
export function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && /address already in use|EADDRINUSE/i.test(error.message);
}
