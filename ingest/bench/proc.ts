/**
 * What the kernel says about a process (Linux /proc): CPU time, peak RSS, and finding a pid by its command line
 * (testkit's handles do not expose the pids of the servers they start).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (almost always 100). */
const CLK_TCK = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * User + system CPU seconds of the whole process (all its threads: V8's GC and compiler threads, libuv's pool)
 * from /proc/<pid>/stat, resolution one tick (10 ms). NaN when the process is gone.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may hold spaces and parentheses: count fields from the last ')'; utime and stime are
    // fields 14 and 15, i.e. the 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Peak resident set size in MB (VmHWM of /proc/<pid>/status), NaN when the process is gone. */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  } catch {
    return NaN;
  }
}

/** The pid of a live process of ours whose command line contains every one of `parts`. */
export function findPid(...parts: string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parts.every((p) => args.includes(p))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * Seconds the process's threads spent runnable but waiting for a CPU (second field of each
 * /proc/<pid>/task/<tid>/schedstat, summed over live threads): near 0 on a quiet machine; large when other
 * processes took the CPUs, i.e. when the other figures are noisy. NaN when the process is gone.
 */
export function runQueueSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
      } catch {
        // thread gone meanwhile
      }
    }
    return ns / 1e9;
  } catch {
    return NaN;
  }
}
