import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startInflux, startMosquitto, waitFor } from '@ems/testkit';
import type { InfluxHandle, MosquittoHandle } from '@ems/testkit';
import { startIngest, type IngestHandle } from '../src/index.ts';
import { connect, influxNumber, ingestEnv, metricValue } from './helpers.ts';

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;
let ingest: IngestHandle;

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  ingest = await startIngest({
    env: ingestEnv(mosquitto.url, influx.url, { MQTT_CLIENT_ID: 'ingest-outage', WRITE_RETRY_MAX_MS: '1000' }),
  });
});
afterAll(async () => {
  await ingest?.stop(0);
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

const OUTAGE_MS = 30_000;

describe('an InfluxDB outage is ridden out from the spool', () => {
  it(
    `stops InfluxDB for ${OUTAGE_MS / 1000} s in the middle of a stream: nothing lost`,
    { timeout: 120_000 },
    async () => {
      const publisher = await connect(mosquitto.url);
      const base = Date.now() - 3_600_000;
      let sent = 0;
      let publishing = true;
      // A steady stream of 400 messages/s from two assets until told to stop.
      const stream = (async () => {
        while (publishing) {
          const burst: Promise<unknown>[] = [];
          for (let k = 0; k < 40; k++, sent++)
            burst.push(
              publisher.publishAsync(
                sent % 2 ? 'ems/v1/minato-dhc/grid/telemetry' : 'ems/v1/nasu-cityhall/grid/telemetry',
                JSON.stringify({ ts: base + Math.floor(sent / 2), values: { import_kw: sent % 1000, export_kw: 0 } }),
                { qos: 1 },
              ),
            );
          await Promise.all(burst);
          await sleep(100);
        }
      })();

      await waitFor(
        async () => (await influxNumber(influx.url, 'ems', 'SELECT COUNT(import_kw) FROM grid_meter')) > 500,
        {
          timeoutMs: 20_000,
        },
      );
      await influx.stop();
      await waitFor(async () => (await ingest.health()).influx_reachable === false, { timeoutMs: 5_000 });
      const health = await fetch(`http://127.0.0.1:${ingest.httpPort}/health`);
      expect(health.status).toBe(503);
      await sleep(OUTAGE_MS);
      const during = await ingest.health();
      expect(during.spool_lines).toBeGreaterThan(5_000); // 30 s × 400/s waited in the spool
      expect(during.last_write_error).not.toBeNull();
      await influx.start();
      await sleep(2_000); // a little more stream after the outage
      publishing = false;
      await stream;
      await publisher.endAsync();

      await waitFor(
        async () => (await influxNumber(influx.url, 'ems', 'SELECT COUNT(import_kw) FROM grid_meter')) === sent,
        { timeoutMs: 30_000, intervalMs: 250, description: `all ${sent} points written after the outage` },
      );
      // InfluxDB shows points (its cache) before it has answered their write (WAL fsync), so the last batches may
      // still be on their way to the cursor for a moment.
      await waitFor(async () => metricValue(await ingest.metrics(), 'ingest_spool_lines') === 0, {
        timeoutMs: 10_000,
        description: 'the spool committed',
      });
      const metrics = await ingest.metrics();
      expect(metricValue(metrics, 'ingest_write_errors_total')).toBeGreaterThan(0);
      expect((await ingest.health()).healthy).toBe(true);
    },
  );
});
