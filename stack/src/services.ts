import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The entry point of each service, as TypeScript source. `npm run build` compiles `<pkg>/src/x.ts` to
 * `<pkg>/dist/x.js` ({@link compiledPath}): `npm start`, the Dockerfile and docker-compose run that with plain node.
 */
export const ENTRY_POINTS = {
  ingest: 'ingest/src/main.ts',
  api: 'api/src/main.ts',
  simulators: 'simulators/src/cli.ts',
} as const;
export type ServiceName = keyof typeof ENTRY_POINTS;

/** The MQTT credentials CLI (docker-compose's mqtt-credentials job, `npm run mqtt:credentials`). */
export const CREDENTIALS_CLI = 'stack/src/credentials-cli.ts';

/** The export condition under which our packages point at their TypeScript sources instead of dist/. */
export const SOURCE_CONDITION = '@ems/source';

/** Where `npm run build` writes the compiled form of a source file: `api/src/main.ts` → `api/dist/main.js`. */
export function compiledPath(source: string): string {
  const match = /^([^/]+)\/src\/(.+)\.ts$/.exec(source);
  if (!match) throw new Error(`${source} is not a TypeScript file under <package>/src/`);
  return `${match[1]}/dist/${match[2]}.js`;
}

/** True when this module runs compiled (dist/*.js); false under tsx (src/*.ts, tests, `npm run` dev scripts). */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');

/** NODE_OPTIONS without the source condition: compiled code resolves our packages to their dist/. */
export function withoutSourceCondition(nodeOptions: string | undefined): string {
  return (nodeOptions ?? '')
    .split(/\s+/)
    .filter((option) => option && option !== `--conditions=${SOURCE_CONDITION}`)
    .join(' ');
}

/**
 * How to start a service: compiled (`node <pkg>/dist/…js`) when this launcher runs compiled, as `npm start` and the
 * images do; from source (`node --conditions=@ems/source --import tsx <pkg>/src/…ts`) when it runs under tsx.
 */
export function serviceCommand(
  root: string,
  service: ServiceName,
  compiled = RUNNING_COMPILED,
): { args: string[]; env: NodeJS.ProcessEnv } {
  if (compiled)
    return {
      args: [join(root, compiledPath(ENTRY_POINTS[service]))],
      env: { NODE_OPTIONS: withoutSourceCondition(process.env.NODE_OPTIONS) },
    };
  return { args: [`--conditions=${SOURCE_CONDITION}`, '--import', 'tsx', join(root, ENTRY_POINTS[service])], env: {} };
}

export interface RunningService {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<string>;
  stop(timeoutMs?: number): Promise<void>;
}

/** Runs a service's entry point (see {@link serviceCommand}), its output prefixed with its name. */
export function runService(
  root: string,
  name: string,
  service: ServiceName,
  args: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): RunningService {
  const command = serviceCommand(root, service);
  const child = spawn(process.execPath, [...command.args, ...args], {
    cwd: root,
    env: { ...process.env, ...command.env, ...env },
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
