import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInflux, startMosquitto, waitFor } from '@ems/testkit';
import type { InfluxHandle, MosquittoHandle } from '@ems/testkit';
import {
  connect,
  influxNumber,
  ingestEnv,
  metricValue,
  publishAll,
  spawnIngest,
  stopProcess,
  type IngestProcess,
} from './helpers.ts';

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;
const running: IngestProcess[] = [];

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
});
afterAll(async () => {
  await Promise.all(running.map((p) => stopProcess(p, 'SIGKILL')));
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

const TOTAL = 20_000;
const ASSETS = ['ems/v1/nasu-cityhall/battery/telemetry', 'ems/v1/ebina-bousai/battery/telemetry'];
const base = Date.now() - 3 * 3_600_000;

function* stream(): Generator<{ topic: string; payload: string }> {
  for (let i = 0; i < TOTAL; i++)
    yield {
      topic: ASSETS[i % 2]!,
      payload: JSON.stringify({ ts: base + Math.floor(i / 2) * 100, values: { soc_pct: i % 100, power_kw: 1 } }),
    };
}

describe('a killed ingest loses nothing and stores nothing twice', () => {
  it(`SIGKILL in the middle of a ${TOTAL}-message stream, then restart: exactly ${TOTAL} points`, async () => {
    const env = ingestEnv(mosquitto.url, influx.url, { MQTT_CLIENT_ID: 'ingest-kill', INFLUX_DB: 'kill' });
    const first = await spawnIngest(env);
    running.push(first);
    const publisher = await connect(mosquitto.url);
    const publishing = publishAll(publisher, stream(), 1_000);

    // Kill it hard once it has taken a good part of the stream (some written, some only spooled).
    await waitFor(
      async () => metricValue(await first.metrics(), 'ingest_messages_received_total', { kind: 'telemetry' }) >= 5_000,
      { timeoutMs: 60_000, intervalMs: 20, description: 'first ingest received 5,000' },
    );
    await stopProcess(first, 'SIGKILL');
    await publishing; // the broker holds the rest for the persistent session
    await publisher.endAsync();
    const before = await influxNumber(influx.url, 'kill', 'SELECT COUNT(soc_pct) FROM battery').catch(() => 0);
    expect(before).toBeLessThan(TOTAL);

    const second = await spawnIngest(env);
    running.push(second);
    await waitFor(async () => (await influxNumber(influx.url, 'kill', 'SELECT COUNT(soc_pct) FROM battery')) >= TOTAL, {
      timeoutMs: 90_000,
      intervalMs: 250,
      description: `${TOTAL} points in InfluxDB`,
    });
    await waitFor(async () => metricValue(await second.metrics(), 'ingest_spool_lines') === 0, { timeoutMs: 30_000 });

    // Every message once: distinct time stamps per series, and the values are the ones sent.
    for (const site of ['nasu-cityhall', 'ebina-bousai'])
      expect(
        await influxNumber(influx.url, 'kill', 'SELECT COUNT(soc_pct) FROM battery WHERE site = $site', { site }),
      ).toBe(TOTAL / 2);
    const sum = await influxNumber(influx.url, 'kill', 'SELECT SUM(soc_pct) FROM battery');
    let expected = 0;
    for (let i = 0; i < TOTAL; i++) expected += i % 100;
    expect(sum).toBe(expected);
    await stopProcess(second);
    expect((await second.exited).code).toBe(0);
  });
});
