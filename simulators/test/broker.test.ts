import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsync, type MqttClient } from 'mqtt';
import { startMosquitto, type MosquittoHandle } from '@ems/testkit';
import { parseTopic, validateTelemetry } from '@ems/domain';
import { runSimulator, type SimMessage } from '../src/index.ts';
import { HOUR, WINTER_START, registry } from './helpers.ts';

interface Received {
  topic: string;
  payload: string;
  at: number;
  retain: boolean;
}

let broker: MosquittoHandle;

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.destroy();
});

async function subscribe(filter: string): Promise<{ client: MqttClient; received: Received[] }> {
  const client = await connectAsync(broker.url, { clientId: `test-sub-${Math.random().toString(16).slice(2)}` });
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString('utf8'), at: Date.now(), retain: packet.retain }),
  );
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, received };
}

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('through a real Mosquitto', () => {
  it('backfills valid telemetry (an emergency generator in a grid outage too), malformed payloads that fail, statuses, and a replayed batch after a disconnect', async () => {
    const reg = registry();
    const { client, received } = await subscribe('ems/v1/ebina-bousai/#');
    const published: SimMessage[] = [];
    const run = runSimulator({
      registry: reg,
      mqttUrl: broker.url,
      mode: 'backfill',
      sites: ['ebina-bousai'],
      scenarios: 'malformed,disconnect,grid-outage',
      scenarioOptions: {
        malformed: { rate: 0.05 },
        gridOutage: { start_after_ms: HOUR, duration_ms: HOUR },
        disconnect: { every_ms: 40 * 60_000, duration_ms: 15 * 60_000, asset: 'hp-geo', crash_share: 0 },
      },
      seed: 7,
      // a winter night: the battery alone cannot carry Ebina's critical load, so the generator runs in the outage
      fromMs: WINTER_START,
      toMs: WINTER_START + 3 * HOUR,
      stepMs: 30_000,
      batchSize: 10,
      maxInflight: 50,
      clientIdPrefix: 'sim-bf',
      progress: false,
      onMessage: (m) => published.push(m),
    });
    await run.done;
    const telemetryOut = published.filter((m) => m.kind === 'telemetry').length;
    await until(() => received.filter((r) => r.topic.endsWith('/telemetry')).length >= telemetryOut);
    await client.endAsync();

    const malformed = new Set(published.filter((m) => m.malformed).map((m) => m.payload));
    expect(malformed.size).toBeGreaterThan(5);
    let valid = 0;
    let rejected = 0;
    let replayBatches = 0;
    let generatorRunning = 0;
    const statuses = new Map<string, string[]>();
    for (const r of received) {
      const parsed = parseTopic(r.topic);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const { site, asset, kind } = parsed.address;
      if (kind === 'status') {
        statuses.set(asset, [...(statuses.get(asset) ?? []), r.payload]);
        continue;
      }
      const result = validateTelemetry(reg.asset(site, asset)!.asset, r.payload, Date.now());
      if (malformed.has(r.payload)) {
        expect(result.samples).toHaveLength(0);
        expect(result.rejections.length).toBeGreaterThan(0);
        rejected++;
      } else {
        expect(result.rejections).toEqual([]);
        for (const s of result.samples) expect(s.rejected).toEqual({});
        valid += result.samples.length;
        if (asset === 'genset')
          generatorRunning += result.samples.filter(
            (s) => s.values.running && (s.values.power_kw as number) > 0,
          ).length;
        const statusSoFar = statuses.get(asset) ?? [];
        if (
          asset === 'hp-geo' &&
          statusSoFar.includes('offline') &&
          statusSoFar.at(-1) === 'online' &&
          Array.isArray(JSON.parse(r.payload))
        ) {
          const batch = JSON.parse(r.payload) as unknown[];
          if (batch.length >= 15 * 2 - 1) replayBatches++;
        }
      }
    }
    expect(rejected).toBe(malformed.size);
    expect(valid).toBeGreaterThan(2000);
    expect(replayBatches).toBeGreaterThanOrEqual(1);
    expect(generatorRunning).toBeGreaterThan(30);
    // every device announced itself online first; only the disconnected one went offline before the end
    for (const [asset, list] of statuses) {
      expect(list[0]).toBe('online');
      expect(list.at(-1)).toBe('offline'); // the clean stop at the end
      const beforeEnd = list.slice(0, -1);
      if (asset !== 'hp-geo') expect(beforeEnd.every((s) => s === 'online')).toBe(true);
    }
    expect(statuses.get('hp-geo')!.slice(0, -1)).toContain('offline');
  });

  it('runs accelerated with per-device connections: online statuses, last will on a crash, no future time stamps', async () => {
    const reg = registry();
    const { client, received } = await subscribe('ems/v1/nasu-cityhall/#');
    const run = runSimulator({
      registry: reg,
      mqttUrl: broker.url,
      mode: 'accelerated',
      speed: 1200,
      durationMs: 40 * 60_000,
      sites: ['nasu-cityhall'],
      scenarios: 'disconnect',
      scenarioOptions: {
        disconnect: { every_ms: 10 * 60_000, duration_ms: 5 * 60_000, asset: 'battery', crash_share: 1 },
      },
      seed: 1,
      stepMs: 10_000,
      clientIdPrefix: 'sim-acc',
    });
    await until(() => received.some((r) => r.topic.endsWith('/status') && r.payload === 'online'));
    await run.done;
    await until(() => received.filter((r) => r.topic.endsWith('battery/status')).length >= 3);
    await client.endAsync();
    const statusOf = (asset: string) =>
      received.filter((r) => r.topic === `ems/v1/nasu-cityhall/${asset}/status`).map((r) => r.payload);
    for (const asset of ['pv-roof', 'boiler-kerosene', 'tank-1', 'grid']) expect(statusOf(asset)[0]).toBe('online');
    // the battery "crashed": the broker published its will, then it came back online
    const battery = statusOf('battery');
    expect(battery.slice(0, 3)).toEqual(['online', 'offline', 'online']);
    let telemetry = 0;
    for (const r of received) {
      if (!r.topic.endsWith('/telemetry')) continue;
      const items = [JSON.parse(r.payload)].flat() as { ts: number }[];
      for (const s of items) expect(s.ts).toBeLessThanOrEqual(r.at);
      telemetry += items.length;
    }
    expect(telemetry).toBeGreaterThan(200);
  });
});
