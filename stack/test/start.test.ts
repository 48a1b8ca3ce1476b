/**
 * `npm start` from a fresh clone: installs, builds, starts every part, serves live data, stops on Ctrl-C.
 * Clones what is committed (HEAD) into a temporary directory, as a user would.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  });

  it('starts the whole product, serves live data and stops cleanly on Ctrl-C', { timeout: 600_000 }, async () => {
    execFileSync('git', ['clone', '--quiet', root, clone]);
    const [port, mqttPort, influxPort] = [await freePort(), await freePort(), await freePort()];
    child = spawn('npm', ['start'], {
      cwd: clone,
      detached: true, // its own process group, so that "Ctrl-C" reaches npm and everything below it
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        MQTT_PORT: String(mqttPort),
        INFLUX_PORT: String(influxPort),
        DEMO_BACKFILL_FROM: DateTime.utc().minus({ days: 1 }).toISODate()!,
        DEMO_BACKFILL_STEP_S: '600',
        LOG_LEVEL: 'warn',
      },
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((r) => child!.once('exit', (code, signal) => r(signal ?? `exit ${code}`)));

    const url = await waitFor(
      () => {
        if (child!.exitCode !== null) throw new Error(`npm start exited early:\n${output.slice(-4000)}`);
        return /is running:\s+(http:\/\/\S+)/.exec(output)?.[1];
      },
      { timeoutMs: 480_000, intervalMs: 500, description: 'the URL printed by npm start' },
    );
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    expect(output).toMatch(/Demo sign-in: operator \/ demo-operator/);

    const signIn = await fetch(`${url}api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'demo-operator' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    const live = await waitFor(
      async () => {
        const res = await fetch(`${url}api/sites/minato-dhc`, { headers: { cookie } });
        const site = (await res.json()) as {
          assets: { id: string; live: { data_state: string; ts: number | null } }[];
        };
        const fresh = site.assets.filter((a) => a.live.data_state === 'live');
        return fresh.length >= 5 ? fresh : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, description: 'live data from the simulators through ingest' },
    );
    expect(live[0]!.live.ts).toBeGreaterThan(Date.now() - 60_000);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="app"|<script type="module"/);

    process.kill(-child.pid!, 'SIGINT');
    const how = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    // npm itself ends by the SIGINT it was sent, as it does for a user's Ctrl-C; the launcher below it exits 0.
    expect(['exit 0', 'SIGINT'], output.slice(-3000)).toContain(how);
    expect(output).toMatch(/\[start\] stopping …\n(.|\n)*\[start\] stopped\./);
    expect(output).not.toMatch(/ended unexpectedly/);
    await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    // the embedded broker and the local influxd are gone too
    for (const p of [mqttPort!, influxPort!]) expect(await canConnect(p), `port ${p} still open`).toBe(false);
  });
});
