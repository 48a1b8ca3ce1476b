/**
 * `npm start` from a fresh clone: installs, builds (the services' dist/, web/dist), starts every part compiled with
 * plain node, serves live data, stops on Ctrl-C.
 * Clones what is committed (HEAD) into a temporary directory, as a user would.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { canConnect, freePort, waitFor } from '@ems/testkit';

const root = resolve(import.meta.dirname, '../..');

describe('npm start on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ems-start-'));
  const clone = join(dir, 'ems');
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(() => {
    try {
      if (child && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }, 300_000); // the clone holds node_modules: minutes to delete on a busy machine

  /** Runs `npm start` in the clone until it prints its URL; returns the URL and how to stop it like Ctrl-C. */
  async function npmStart(ports: { port: number; mqttPort: number; influxPort: number }, timeoutMs: number) {
    output = '';
    const proc = spawn('npm', ['start'], {
      cwd: clone,
      detached: true, // its own process group, so that "Ctrl-C" reaches npm and everything below it
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(ports.port),
        MQTT_PORT: String(ports.mqttPort),
        INFLUX_PORT: String(ports.influxPort),
        DEMO_BACKFILL_FROM: DateTime.utc().minus({ days: 1 }).toISODate()!,
        DEMO_BACKFILL_STEP_S: '600',
        LOG_LEVEL: 'warn',
      },
    });
    child = proc;
    proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((r) => proc.once('exit', (code, signal) => r(signal ?? `exit ${code}`)));
    const url = await waitFor(
      () => {
        if (proc.exitCode !== null) throw new Error(`npm start exited early:\n${output.slice(-4000)}`);
        return /is running:\s+(http:\/\/\S+)/.exec(output)?.[1];
      },
      { timeoutMs, intervalMs: 500, description: 'the URL printed by npm start' },
    );
    /** Ctrl-C: SIGINT to the terminal's process group (npm and everything in it). */
    const ctrlC = async () => {
      process.kill(-proc.pid!, 'SIGINT');
      const how = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 90_000))]);
      // npm itself ends by the SIGINT it was sent, as it does for a user's Ctrl-C; the launcher below it exits 0.
      expect(['exit 0', 'SIGINT'], output.slice(-3000)).toContain(how);
      expect(output).toMatch(/\[start\] stopping …\n(.|\n)*\[start\] stopped\./);
      expect(output).not.toMatch(/ended unexpectedly/);
      // in order: the devices, ingest (its spool written to InfluxDB), the api, the broker, influxd last
      const order = ['simulators', 'ingest', 'api', 'the MQTT broker', 'influxd'].map((what) =>
        output.indexOf(`[start] stopping ${what} …`),
      );
      expect(order.every((at) => at >= 0) && order.every((at, i) => i === 0 || at > order[i - 1]!), output).toBe(true);
      expect(output).toMatch(/\[ingest\] ingest: stopped, 0 lines left in the spool/);
      await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      // the embedded broker and the local influxd are gone too
      for (const p of [ports.mqttPort, ports.influxPort])
        expect(await canConnect(p), `port ${p} still open`).toBe(false);
    };
    return { url, ctrlC };
  }

  /** The command lines of every process below `pid` (from /proc). */
  function descendants(pid: number): string[] {
    const children = new Map<number, number[]>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      } catch {
        // ended meanwhile
      }
    }
    const found: string[] = [];
    const visit = (p: number) => {
      for (const child of children.get(p) ?? []) {
        try {
          found.push(readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ').trim());
        } catch {
          // ended meanwhile
        }
        visit(child);
      }
    };
    visit(pid);
    return found;
  }

  async function signIn(url: string): Promise<string> {
    const res = await fetch(`${url}api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'demo-operator' }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  interface SiteJson {
    assets: { id: string; live: { data_state: string; ts: number | null } }[];
  }
  async function everyAssetLive(url: string, cookie: string): Promise<boolean> {
    const sites = (await (await fetch(`${url}api/sites`, { headers: { cookie } })).json()) as {
      sites: { id: string }[];
    };
    for (const { id } of sites.sites) {
      const site = (await (await fetch(`${url}api/sites/${id}`, { headers: { cookie } })).json()) as SiteJson;
      if (!site.assets.every((a) => a.live.data_state === 'live')) return false;
    }
    return true;
  }

  it(
    'starts the whole product, serves live data, stops in order on Ctrl-C, and restarts without alarm noise',
    { timeout: 900_000 },
    async () => {
      execFileSync('git', ['clone', '--quiet', root, clone]);
      const ports = { port: await freePort(), mqttPort: await freePort(), influxPort: await freePort() };
      const first = await npmStart(ports, 480_000);
      expect(first.url).toBe(`http://127.0.0.1:${ports.port}/`);
      expect(output).toMatch(/Demo sign-in: operator \/ demo-operator/);
      // built on the first run, then everything runs compiled with plain node: no tsx, no TypeScript
      expect(output).toMatch(/\[start\] compiling the services/);
      const processes = descendants(child!.pid!);
      for (const entry of ['stack/dist/start.js', 'ingest/dist/main.js', 'api/dist/main.js', 'simulators/dist/cli.js'])
        expect(
          processes.some((p) => p.includes(entry)),
          `${entry} in\n${processes.join('\n')}`,
        ).toBe(true);
      expect(processes.filter((p) => /\btsx\b|\.ts\b/.test(p))).toEqual([]);
      let cookie = await signIn(first.url);

      const live = await waitFor(
        async () => {
          const res = await fetch(`${first.url}api/sites/minato-dhc`, { headers: { cookie } });
          const site = (await res.json()) as SiteJson;
          const fresh = site.assets.filter((a) => a.live.data_state === 'live');
          return fresh.length >= 5 ? fresh : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000, description: 'live data from the simulators through ingest' },
      );
      expect(live[0]!.live.ts).toBeGreaterThan(Date.now() - 60_000);

      const page = await fetch(first.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="app"|<script type="module"/);

      await first.ctrlC();

      // npm start again: the data, retained state and alarm history of the first run are there
      const second = await npmStart(ports, 240_000);
      cookie = await signIn(second.url);
      await waitFor(() => everyAssetLive(second.url, cookie), {
        timeoutMs: 120_000,
        intervalMs: 1000,
        description: 'every asset of every site live again',
      });
      const alarms = (await (await fetch(`${second.url}api/alarms?state=all`, { headers: { cookie } })).json()) as {
        alarms: { rule: string; site: string; asset: string; state: string }[];
      };
      // neither start, nor Ctrl-C, nor the restart raised a stale or offline alarm
      expect(alarms.alarms.filter((a) => a.rule === 'stale' || a.rule === 'offline')).toEqual([]);
      await second.ctrlC();
    },
  );
});
