import { afterAll, describe, expect, it } from 'vitest';
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

/**
 * PUBACKs are held while messages keep arriving (INGEST_ACK_HOLD_MS) so that many share one spool write. The
 * hold must neither lose a message nor stall a broker that lets only a few go unacknowledged.
 */
const running: IngestProcess[] = [];
const brokers: MosquittoHandle[] = [];
let influx: InfluxHandle | undefined;
afterAll(async () => {
  await Promise.all(running.map((p) => stopProcess(p, 'SIGKILL')));
  await Promise.all([...brokers.map((b) => b.destroy()), influx?.destroy()]);
});

const TOPICS = ['ems/v1/nasu-cityhall/battery/telemetry', 'ems/v1/ebina-bousai/battery/telemetry'];
const base = Date.now() - 2 * 3_600_000;
function* stream(total: number): Generator<{ topic: string; payload: string }> {
  for (let i = 0; i < total; i++)
    yield {
      topic: TOPICS[i % 2]!,
      payload: JSON.stringify({ ts: base + Math.floor(i / 2) * 100, values: { soc_pct: i % 100, power_kw: 1 } }),
    };
}
const sumOf = (total: number): number => {
  let sum = 0;
  for (let i = 0; i < total; i++) sum += i % 100;
  return sum;
};

describe('acknowledgements held for a shared spool write', () => {
  // With a hold that waited its full INGEST_ACK_HOLD_MS, 1,500 messages would take 150 s here.
  it('an MQTT 3.1.1 ingest behind a broker that allows one unacknowledged message gets every message', async () => {
    influx ??= await startInflux();
    const mosquitto = await startMosquitto({ extraConfig: ['max_inflight_messages 1'] });
    brokers.push(mosquitto);
    const TOTAL = 1_500;
    const ingest = await spawnIngest(
      ingestEnv(mosquitto.url, influx.url, {
        MQTT_CLIENT_ID: 'ingest-window-1',
        MQTT_PROTOCOL_VERSION: '4',
        INFLUX_DB: 'window',
        INGEST_ACK_HOLD_MS: '100',
      }),
    );
    running.push(ingest);
    const publisher = await connect(mosquitto.url);
    await publishAll(publisher, stream(TOTAL), 500);
    await publisher.endAsync();
    await waitFor(
      async () => (await influxNumber(influx!.url, 'window', 'SELECT COUNT(soc_pct) FROM battery')) >= TOTAL,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        description: `${TOTAL} points through a window of one`,
      },
    );
    expect(await influxNumber(influx.url, 'window', 'SELECT SUM(soc_pct) FROM battery')).toBe(sumOf(TOTAL));
    await stopProcess(ingest);
  });

  it('a graceful stop in the middle of a stream, acknowledgements held, loses nothing', async () => {
    influx ??= await startInflux();
    const mosquitto = await startMosquitto();
    brokers.push(mosquitto);
    const TOTAL = 20_000;
    const env = ingestEnv(mosquitto.url, influx.url, {
      MQTT_CLIENT_ID: 'ingest-hold-stop',
      INFLUX_DB: 'holdstop',
      INGEST_ACK_HOLD_MS: '100',
    });
    const first = await spawnIngest(env);
    running.push(first);
    const publisher = await connect(mosquitto.url);
    const publishing = publishAll(publisher, stream(TOTAL), 1_000);
    await waitFor(
      async () => metricValue(await first.metrics(), 'ingest_messages_received_total', { kind: 'telemetry' }) >= 4_000,
      { timeoutMs: 60_000, intervalMs: 20, description: 'first ingest received 4,000' },
    );
    await stopProcess(first, 'SIGTERM'); // mid-stream: some messages are always held at that moment
    expect((await first.exited).code).toBe(0);
    await publishing;
    await publisher.endAsync();

    const second = await spawnIngest(env);
    running.push(second);
    await waitFor(
      async () => (await influxNumber(influx!.url, 'holdstop', 'SELECT COUNT(soc_pct) FROM battery')) >= TOTAL,
      { timeoutMs: 90_000, intervalMs: 250, description: `${TOTAL} points in InfluxDB` },
    );
    await waitFor(async () => metricValue(await second.metrics(), 'ingest_spool_lines') === 0, { timeoutMs: 30_000 });
    for (const site of ['nasu-cityhall', 'ebina-bousai'])
      expect(
        await influxNumber(influx.url, 'holdstop', 'SELECT COUNT(soc_pct) FROM battery WHERE site = $site', { site }),
      ).toBe(TOTAL / 2);
    expect(await influxNumber(influx.url, 'holdstop', 'SELECT SUM(soc_pct) FROM battery')).toBe(sumOf(TOTAL));
    await stopProcess(second);
  });
});
