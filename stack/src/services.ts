import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The entry point of each service: `npm start` runs these, and the Dockerfile/docker-compose run the same. */
export const ENTRY_POINTS = {
  ingest: 'ingest/src/main.ts',
  api: 'api/src/main.ts',
  simulators: 'simulators/src/cli.ts',
} as const;
export type ServiceName = keyof typeof ENTRY_POINTS;

export interface RunningService {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<string>;
  stop(timeoutMs?: number): Promise<void>;
}

/** Runs a service's entry point with Node + tsx, its output prefixed with its name. */
export function runService(
  root: string,
  name: string,
  service: ServiceName,
  args: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): RunningService {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, ENTRY_POINTS[service]), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only the launcher, which stops the services in order.
    detached: true,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const forward = (stream: NodeJS.ReadableStream | null) => {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) print(`[${name}] ${line}`);
    });
  };
  forward(child.stdout);
  forward(child.stderr);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve(signal ? `signal ${signal}` : `exit code ${code}`);
    }),
  );
  return {
    name,
    child,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls an HTTP URL until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) throw new Error(`the process serving ${url} exited during start-up`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
