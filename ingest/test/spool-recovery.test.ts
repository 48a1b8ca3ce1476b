/**
 * No bad byte stops the writer: a spool damaged by a crash (a NUL byte, garbage in the middle, a torn tail, a
 * cursor pointing into a line) is written to a real InfluxDB with every good line stored, every bad one a dead
 * letter, and the cursor moving on, so that a restart replays nothing.
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxClient, InfluxError } from '@ems/runtime';
import { createDatabase, influxQuery, seriesToRows, startInflux, startMosquitto, waitFor } from '@ems/testkit';
import type { InfluxHandle, MosquittoHandle } from '@ems/testkit';
import { startIngest } from '../src/index.ts';
import { Spool } from '../src/spool.ts';
import { refusedData } from '../src/writer.ts';
import { connect, influxNumber, ingestEnv, metricValue, tempSpoolDir } from './helpers.ts';

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
});
afterAll(async () => {
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

const T0 = Date.now() - 3_600_000;
const good = (i: number): string => `battery,asset=battery,site=nasu-cityhall soc_pct=${i % 100} ${T0 + i * 1000}`;

describe('InfluxDB answering a NUL byte', () => {
  it('is a refusal of the data, not an outage', async () => {
    await createDatabase(influx.url, 'nul');
    const client = new InfluxClient({ url: influx.url, database: 'nul' });
    const error = await client.write([good(1), `battery,asset=battery,site=x soc_pct=5\u00000 ${T0}`]).catch((e) => e);
    expect(error).toBeInstanceOf(InfluxError);
    expect(error.kind).toBe('unparseable');
    expect(error.message).toMatch(/HPE_INVALID_HEADER_TOKEN/);
    expect(refusedData(error)).toBe(true);
    // the other answers the writer must tell apart
    expect(refusedData(new InfluxError('rejected', 'unable to parse', 400))).toBe(true);
    expect(refusedData(new InfluxError('rejected', 'too large', 413))).toBe(true);
    expect(refusedData(new InfluxError('unreachable', 'ECONNREFUSED'))).toBe(false);
    expect(refusedData(new InfluxError('server', 'engine down', 503))).toBe(false);
    expect(refusedData(new InfluxError('rejected', 'authorization failed', 401))).toBe(false);
    expect(refusedData(new InfluxError('rejected', 'database not found', 404))).toBe(false);
    const unreachable = await new InfluxClient({ url: 'http://127.0.0.1:1', database: 'nul' })
      .write([good(1)])
      .catch((e) => e);
    expect(unreachable.kind).toBe('unreachable');
  });
});

describe('a damaged spool', () => {
  it('stores every good line, dead-letters each bad one, and moves on', async () => {
    const dir = tempSpoolDir();
    const GOOD = 3_000;
    const spool = new Spool({ dir, maxBytes: 1 << 30, fsync: 'always', segmentBytes: 64 * 1024 });
    await spool.start();
    const nul = `battery,asset=battery,site=nasu-cityhall soc_pct=5\u00000 ${T0 - 1}`;
    const garbage = ['%&garbage without fields', 'battery,asset=battery,site=nasu-cityhall soc_pct=oops 1'];
    const comment = '#battery,asset=battery,site=nasu-cityhall soc_pct=1'; // InfluxDB would skip it silently
    for (let i = 0; i < GOOD; i++) {
      spool.append([good(i)]);
      if (i === 1000) spool.append([nul]);
      if (i === 2000) spool.append([...garbage, comment]);
    }
    await spool.stop();
    const segmentFiles = readdirSync(dir)
      .filter((f) => f.endsWith('.lp'))
      .sort();
    expect(segmentFiles.length).toBeGreaterThan(3);
    // a write torn by a power loss at the end of the newest non-empty segment
    const last = segmentFiles.filter((f) => readFileSync(join(dir, f)).length > 0).at(-1)!;
    const torn = 'battery,asset=battery,site=nasu-cityhall soc_pct=4';
    appendFileSync(join(dir, last), torn);
    // a cursor pointing into the middle of the first line of the first segment
    const firstSeq = Number(/\d+/.exec(segmentFiles[0]!)![0]);
    writeFileSync(join(dir, 'cursor.json'), JSON.stringify({ segment: firstSeq, offset: 7 }));

    const env = ingestEnv(mosquitto.url, influx.url, {
      INGEST_SPOOL_DIR: dir,
      INFLUX_DB: 'damaged',
      MQTT_CLIENT_ID: 'ingest-damaged-spool',
      WRITE_BATCH_LINES: '500',
    });
    const ingest = await startIngest({ env });
    try {
      await waitFor(async () => (await ingest.health()).spool_lines === 0, {
        timeoutMs: 30_000,
        description: 'the damaged spool written',
      });
      expect(
        await influxNumber(influx.url, 'damaged', 'SELECT COUNT(soc_pct) FROM battery WHERE time >= $t', {
          t: T0 * 1e6,
        }),
      ).toBe(GOOD);
      const rows = seriesToRows(await influxQuery(influx.url, 'damaged', 'SELECT * FROM rejected'));
      const by = (reason: string) => rows.filter((r) => r.reason === reason);
      expect(
        by('spool_corrupt')
          .map((r) => r.payload)
          .sort(),
      ).toEqual([comment, nul.replace('\u0000', '\\u0000')]);
      expect(
        by('spool_corrupt')
          .map((r) => r.detail)
          .sort(),
      ).toEqual([
        'damaged spool line starting with #: not written to InfluxDB',
        'damaged spool line with control character 0x00 at column 51: not written to InfluxDB',
      ]);
      expect(
        by('influx_rejected')
          .map((r) => r.payload)
          .sort(),
      ).toEqual([...garbage].sort());
      for (const r of by('influx_rejected'))
        expect(String(r.detail)).toMatch(/InfluxDB answered 400: .*unable to parse/);
      expect(by('spool_torn_tail')).toHaveLength(1);
      expect(by('spool_torn_tail')[0]).toMatchObject({ payload: torn, count: 1 });
      const metrics = await ingest.metrics();
      expect(metricValue(metrics, 'ingest_spool_recoveries_total', { kind: 'torn_tail' })).toBe(1);
      expect(metricValue(metrics, 'ingest_spool_recoveries_total', { kind: 'cursor' })).toBe(1);
      expect(metricValue(metrics, 'ingest_rejected_total', { reason: 'influx_rejected' })).toBe(2);

      // the writer keeps moving: new telemetry goes straight through
      const publisher = await connect(mosquitto.url);
      await publisher.publishAsync(
        'ems/v1/nasu-cityhall/battery/telemetry',
        JSON.stringify({ ts: T0 + GOOD * 1000, values: { soc_pct: 77 } }),
        { qos: 1 },
      );
      await publisher.endAsync();
      await waitFor(
        async () =>
          (await influxNumber(influx.url, 'damaged', 'SELECT COUNT(soc_pct) FROM battery WHERE time >= $t', {
            t: T0 * 1e6,
          })) ===
          GOOD + 1,
        { timeoutMs: 10_000, description: 'new telemetry stored' },
      );
    } finally {
      await ingest.stop();
    }
    // the cursor moved past everything: a restart replays nothing
    const again = new Spool({ dir, maxBytes: 1 << 30, fsync: 'always' });
    await again.start();
    expect(again.pendingLines).toBe(0);
    expect(again.recovered).toEqual([]);
    await again.stop();
  });
});
