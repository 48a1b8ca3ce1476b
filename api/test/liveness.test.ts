/**
 * Proof of life and quiet restarts (DOMAIN §10, DESIGN §9): data after `offline` brings a device back, a restart
 * of the api raises no stale alarm for data that is about to arrive, and state stamped in the future is ignored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { waitFor } from '@ems/testkit';
import { bearer, startStack, TOKENS, type Stack } from './helpers.ts';

let stack: Stack;
const viewer = bearer(TOKENS.viewer);

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

interface AssetJson {
  id: string;
  live: { data_state: string; status: string | null; ts: number | null };
}
interface AlarmJson {
  rule: string;
  asset: string;
  state: string;
}

/** Apps of the running test; closed after it, so that no other process writes alarms the next one reloads. */
const running: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

async function started(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await stack.app(env);
  running.push(app);
  await waitFor(async () => (await app.inject({ url: '/api/health' })).json().mqtt === 'up');
  return app;
}
async function asset(app: FastifyInstance, site: string, id: string): Promise<AssetJson['live']> {
  const res = await app.inject({ url: `/api/sites/${site}`, headers: viewer });
  return (res.json().assets as AssetJson[]).find((a) => a.id === id)!.live;
}
async function alarms(app: FastifyInstance, query = 'state=all'): Promise<AlarmJson[]> {
  return (await app.inject({ url: `/api/alarms?${query}`, headers: viewer })).json().alarms;
}

describe('proof of life', () => {
  it('valid data after `offline` brings the device back online and clears its offline alarm', async () => {
    const app = await started();
    await stack.publishState('alpha', 'pv', { power_kw: 10 });
    await waitFor(async () => (await asset(app, 'alpha', 'pv')).data_state === 'live');
    await stack.publishStatus('alpha', 'pv', 'offline'); // the last will, as the broker publishes it
    await waitFor(async () => (await asset(app, 'alpha', 'pv')).data_state === 'offline', {
      description: 'offline',
    });
    await waitFor(
      async () => (await alarms(app, 'state=active')).some((x) => x.rule === 'offline' && x.asset === 'pv'),
      { description: 'offline alarm' },
    );
    // the device reconnects without saying `online`: its next sample through ingest is proof enough
    await stack.publishState('alpha', 'pv', { power_kw: 11 });
    const live = await waitFor(
      async () => {
        const l = await asset(app, 'alpha', 'pv');
        return l.data_state === 'live' ? l : null;
      },
      { description: 'online again' },
    );
    expect(live.status).toBe('online');
    await waitFor(
      async () => !(await alarms(app, 'state=active')).some((x) => x.rule === 'offline' && x.asset === 'pv'),
      { description: 'offline alarm cleared' },
    );
    expect((await alarms(app, 'state=cleared')).some((x) => x.rule === 'offline' && x.asset === 'pv')).toBe(true);
  });

  it('retained data from before the retained `offline` is no proof; data received after it is', async () => {
    await stack.publishState('alpha', 'battery', { soc_pct: 50, power_kw: 1 });
    await stack.publishStatus('alpha', 'battery', 'offline');
    const app = await started(); // receives both retained, in no telling order
    await waitFor(async () => (await asset(app, 'alpha', 'battery')).data_state === 'offline');
    await new Promise((r) => setTimeout(r, 500));
    expect((await asset(app, 'alpha', 'battery')).data_state).toBe('offline');
    await stack.publishState('alpha', 'battery', { soc_pct: 51, power_kw: 1 });
    await waitFor(async () => (await asset(app, 'alpha', 'battery')).status === 'online', {
      description: 'online after new data',
    });
  });
});

describe('a restarted api', () => {
  it('raises no stale alarm within one stale period of its start, and does after it', async () => {
    // beta's assets report every second: stale after 3 s. Data retained from "before the restart", 20 s old:
    const old = Date.now() - 20_000;
    await stack.publishState('beta', 'tank', { level_m: 9, temp_top_c: 70, temp_mid_c: 60, temp_bottom_c: 50 }, old);
    await stack.publishState('beta', 'meter', { heat_kw: 10 }, old);
    const startedAt = Date.now();
    const app = await started();
    await waitFor(async () => (await asset(app, 'beta', 'tank')).data_state === 'stale'); // shown stale: it is old
    // the first stale period after the start: unknown, not an alarm
    while (Date.now() - startedAt < 2_500) {
      expect((await alarms(app)).filter((x) => x.rule === 'stale' && x.asset === 'tank')).toEqual([]);
      await new Promise((r) => setTimeout(r, 200));
    }
    // data that does not come: the alarm after one stale period
    await waitFor(
      async () => (await alarms(app, 'state=active')).some((x) => x.rule === 'stale' && x.asset === 'tank'),
      { timeoutMs: 8_000, description: 'stale alarm after one stale period' },
    );
  });
});

describe('state stamped in the future', () => {
  it('is ignored and counted; the real state that follows is shown', async () => {
    const app = await started();
    const before = { ...app.liveModel.counts };
    const forged = Date.UTC(2100, 0, 1);
    await stack.publishState('alpha', 'grid', { import_kw: 999, export_kw: 0 }, forged);
    await waitFor(() => app.liveModel.counts.future === before.future + 1, { description: 'counted' });
    expect(app.liveModel.counts.refused).toBe(before.refused + 1);
    expect((await asset(app, 'alpha', 'grid')).ts).not.toBe(forged);
    const now = Date.now();
    await stack.publishState('alpha', 'grid', { import_kw: 100, export_kw: 0 }, now);
    await waitFor(async () => (await asset(app, 'alpha', 'grid')).ts === now, { description: 'the real state' });
    // within 5 minutes ahead (a device clock a little fast) is still taken
    const soon = Date.now() + 60_000;
    await stack.publishState('alpha', 'grid', { import_kw: 101, export_kw: 0 }, soon);
    await waitFor(async () => (await asset(app, 'alpha', 'grid')).ts === soon);
  });
});
