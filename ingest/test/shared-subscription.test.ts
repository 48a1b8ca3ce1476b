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

const TOTAL = 10_000;

describe('scale-out: several ingest processes on one MQTT 5 shared subscription', () => {
  it('writes every message once and each process takes a share', async () => {
    const common = { INGEST_SHARED_GROUP: 'ingest', MQTT_PROTOCOL_VERSION: '5', INFLUX_DB: 'shared' };
    const [a, b] = await Promise.all(
      ['ingest-a', 'ingest-b'].map((id) =>
        spawnIngest(ingestEnv(mosquitto.url, influx.url, { ...common, MQTT_CLIENT_ID: id })),
      ),
    );
    running.push(a!, b!);
    const base = Date.now() - 3_600_000;
    const publisher = await connect(mosquitto.url, { protocolVersion: 5 });
    await publishAll(
      publisher,
      Array.from({ length: TOTAL }, (_, i) => ({
        topic: 'ems/v1/ebina-bousai/pv-carport/telemetry',
        payload: JSON.stringify({ ts: base + i, values: { power_kw: i % 80 } }),
      })),
    );
    await publisher.endAsync();
    await waitFor(async () => (await influxNumber(influx.url, 'shared', 'SELECT COUNT(power_kw) FROM pv')) === TOTAL, {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: `${TOTAL} points`,
    });
    const received = await Promise.all(
      [a!, b!].map(async (p) =>
        metricValue(await p.metrics(), 'ingest_messages_received_total', { kind: 'telemetry' }),
      ),
    );
    expect(received[0]! + received[1]!).toBe(TOTAL);
    for (const n of received) expect(n).toBeGreaterThan(TOTAL * 0.2);
    await Promise.all([stopProcess(a!), stopProcess(b!)]);
  });
});
