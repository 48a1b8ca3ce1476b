/** Child processes of the benchmark: started with Node, talking JSON events on stdout, killed when we exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface Child {
  child: ChildProcess;
  pid: number;
  /** Resolves with the next `{"event":…}` line of that name the child printed on stdout. */
  next(event: string): Promise<Record<string, unknown>>;
  /** Resolves once `text` appeared in its output (stdout or stderr). */
  seen(text: string): Promise<void>;
  /** The last 16 KB of its output (for error messages). */
  output(): string;
  exited: Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function startChild(
  name: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; stdin?: boolean },
): Child {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  children.add(child);
  // BENCH_CHILD_LOG=<dir>: every child's whole output also goes to <dir>/<name>-<pid>.log (e.g. with --trace-gc)
  if (process.env.BENCH_CHILD_LOG) {
    const file = createWriteStream(join(process.env.BENCH_CHILD_LOG, `${name.replace(/\W+/g, '-')}-${child.pid}.log`));
    child.stdout!.pipe(file, { end: false });
    child.stderr!.pipe(file, { end: false });
  }
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      children.delete(child);
      resolve();
    }),
  );
  const events: Record<string, unknown>[] = [];
  let waiters: (() => void)[] = [];
  let ended = false;
  let out = '';
  let buf = '';
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  child.stderr!.on('data', (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-16_384);
    wake();
  });
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out = (out + chunk).slice(-16_384);
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('{"event"')) events.push(JSON.parse(line) as Record<string, unknown>);
    }
    wake();
  });
  void exited.then(() => {
    ended = true;
    wake();
  });
  const until = async <T>(found: () => T | undefined, what: string): Promise<T> => {
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (ended) throw new Error(`${name} exited before ${what}; its output:\n${out}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    child,
    pid: child.pid,
    exited,
    output: () => out,
    next: (event) =>
      until(() => {
        const i = events.findIndex((e) => e.event === event);
        return i >= 0 ? events.splice(i, 1)[0] : undefined;
      }, `"${event}"`),
    seen: async (text) => {
      await until(() => (out.includes(text) ? true : undefined), `"${text}"`);
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `promise`, or an error naming `what` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
