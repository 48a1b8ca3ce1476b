/**
 * "Offline" must not stick after a reconnect (DOMAIN §10): the broker is restarted while the simulators run —
 * Mosquitto publishes every device's last will (`offline`, retained) on the way down — and every device is back
 * online within one interval after its data resumes, with no stale or offline alarm left active.
 * Real Mosquitto, real InfluxDB, ingest, the api as `npm start` runs it, and the simulators.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngest, type IngestHandle } from '@ems/ingest';
import { loadRegistry } from '@ems/runtime';
import { runSimulator, type RunningSimulator } from '@ems/simulators';
import {
  freePort,
  sleep,
  startInflux,
  startMosquitto,
  waitFor,
  type InfluxHandle,
  type MosquittoHandle,
} from '@ems/testkit';
import { runService, waitForHttp, type RunningService } from '../src/services.ts';

const root = resolve(import.meta.dirname, '../..');
const INTERVAL_S = 2;
const SITE = 'nasu-cityhall';

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;
let ingest: IngestHandle | undefined;
let api: RunningService | undefined;
let sim: RunningSimulator | undefined;
let url = '';
let cookie = '';
let assetIds: string[] = [];

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  // the shipped registry with every asset reporting every 2 s
  const dir = mkdtempSync(join(tmpdir(), 'ems-broker-restart-'));
  const registryFile = join(dir, 'sites.yaml');
  writeFileSync(
    registryFile,
    readFileSync(join(root, 'config/sites.yaml'), 'utf8').replace(
      /expected_interval_s: \d+/g,
      `expected_interval_s: ${INTERVAL_S}`,
    ),
  );
  const registry = loadRegistry(registryFile);
  assetIds = registry.site(SITE)!.assets.map((a) => a.id);
  ingest = await startIngest({
    registry,
    env: {
      MQTT_URL: mosquitto.url,
      INFLUX_URL: influx.url,
      INGEST_SPOOL_DIR: join(dir, 'spool'),
      INGEST_HTTP_PORT: '0',
      STATE_MIN_INTERVAL_MS: '0',
      LOG_LEVEL: 'error',
    },
  });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = runService(
    root,
    'api',
    'api',
    [],
    {
      MQTT_URL: mosquitto.url,
      INFLUX_URL: influx.url,
      EMS_REGISTRY: registryFile,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_DIST: join(dir, 'no-web'),
      LOG_LEVEL: 'error',
    },
    () => {},
  );
  await waitForHttp(`${url}/api/health`, 60_000, () => api!.child.exitCode === null);
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'viewer', password: 'demo-viewer' }),
  });
  expect(signIn.status).toBe(200);
  cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  sim = runSimulator({
    registry,
    mqttUrl: mosquitto.url,
    mode: 'realtime',
    stepMs: 1_000,
    sites: [SITE],
    seed: 11,
    progress: false,
  });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await api?.stop();
  await ingest?.stop(1_000);
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

interface AssetLive {
  id: string;
  live: { data_state: string; status: string | null; ts: number | null };
}
async function assets(): Promise<AssetLive[]> {
  const res = await fetch(`${url}/api/sites/${SITE}`, { headers: { cookie } });
  return ((await res.json()) as { assets: AssetLive[] }).assets;
}
async function alarms(state: string): Promise<{ rule: string; asset: string; site: string }[]> {
  const res = await fetch(`${url}/api/alarms?state=${state}&site=${SITE}`, { headers: { cookie } });
  return ((await res.json()) as { alarms: { rule: string; asset: string; site: string }[] }).alarms;
}
const connectivity = (list: { rule: string }[]) => list.filter((a) => a.rule === 'stale' || a.rule === 'offline');

describe('a broker restart while the simulators run', () => {
  it(
    'every device is back online within one interval after its data resumes; no alarm is left',
    { timeout: 120_000 },
    async () => {
      await waitFor(
        async () => (await assets()).every((a) => a.live.data_state === 'live' && a.live.status === 'online'),
        { timeoutMs: 30_000, description: 'every device live and online' },
      );
      expect(assetIds.length).toBeGreaterThan(5);

      await mosquitto.stop(); // publishes every device's last will, retained
      await sleep(4 * INTERVAL_S * 1000); // longer than the stale period (3 intervals)
      const restartedAt = Date.now();
      await mosquitto.start();

      const resumedAt = new Map<string, number>();
      const backAt = new Map<string, number>();
      const deadline = Date.now() + 60_000;
      while (backAt.size < assetIds.length && Date.now() < deadline) {
        const polled = Date.now();
        for (const a of await assets()) {
          if (a.live.ts === null || a.live.ts <= restartedAt) continue;
          if (!resumedAt.has(a.id)) resumedAt.set(a.id, polled);
          if (!backAt.has(a.id) && a.live.data_state === 'live' && a.live.status === 'online') backAt.set(a.id, polled);
        }
        await sleep(200);
      }
      expect([...backAt.keys()].sort()).toEqual([...assetIds].sort());
      for (const id of assetIds)
        expect(backAt.get(id)! - resumedAt.get(id)!, `${id} online after its data resumed`).toBeLessThanOrEqual(
          INTERVAL_S * 1000 + 500,
        );

      // the outage was long enough to raise stale alarms; data resuming clears them, and no offline one stays
      await sleep(INTERVAL_S * 1000);
      expect(connectivity(await alarms('active'))).toEqual([]);
      expect(connectivity(await alarms('cleared')).length).toBeGreaterThan(0);
    },
  );
});
