import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type IConnackPacket } from 'mqtt';
import { DEFAULT_TELEMETRY_LIMITS, MQTT_MAX_PACKET_BYTES } from '@ems/domain';
import { influxQuery, influxWrite, seriesToRows, startInflux, startMosquitto, waitFor } from '@ems/testkit';
import type { InfluxHandle, MosquittoHandle } from '@ems/testkit';
import { startIngest, type IngestHandle } from '../src/index.ts';
import { connect, influxNumber, ingestEnv, metricValue } from './helpers.ts';

let mosquitto: MosquittoHandle;
let influx: InfluxHandle;
let ingest: IngestHandle;

beforeAll(async () => {
  [mosquitto, influx] = await Promise.all([startMosquitto(), startInflux()]);
  ingest = await startIngest({
    env: ingestEnv(mosquitto.url, influx.url, { INFLUX_RETENTION: '365d', DEAD_LETTER_BYTES_PER_MIN: String(1 << 20) }),
  });
});
afterAll(async () => {
  await ingest?.stop();
  await Promise.all([mosquitto?.destroy(), influx?.destroy()]);
});

const now = Date.now();
const HM = 'ems/v1/minato-dhc/hm-out/telemetry';
const BAT = 'ems/v1/nasu-cityhall/battery/telemetry';
const HP = 'ems/v1/minato-dhc/hp-1/telemetry';
const PV = 'ems/v1/ebina-bousai/pv-carport/telemetry';
let seq = 0;
/** A distinct time stamp per message: samples of one series at the same ms would overwrite each other. */
const nextTs = (): number => now - 10_000 - seq++;
const ok = (values: Record<string, unknown>, ts: unknown = nextTs()): string => JSON.stringify({ ts, values });
const goodHm = { flow_m3h: 40, supply_temp_c: 80, return_temp_c: 50 };

interface Case {
  name: string;
  topic: string;
  payload: string | Buffer;
  /** Rejections counted per reason (one rejected record per message holds them all). */
  reasons: Record<string, number>;
  /** Valid samples kept from the message. */
  kept?: number;
  /** Tags of the rejected record (default site/asset from the topic). */
  tagged?: boolean;
}

const cases: Case[] = [
  { name: 'truncated JSON', topic: HM, payload: '{"ts": 17638600', reasons: { invalid_json: 1 } },
  { name: 'empty payload', topic: HM, payload: '', reasons: { invalid_json: 1 } },
  {
    name: 'invalid UTF-8 bytes',
    topic: HM,
    payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00]),
    reasons: { invalid_json: 1 },
  },
  { name: 'JSON null', topic: HM, payload: 'null', reasons: { not_an_object: 1 } },
  { name: 'a bare number', topic: HM, payload: '42', reasons: { not_an_object: 1 } },
  { name: 'a string', topic: HM, payload: '"online"', reasons: { not_an_object: 1 } },
  { name: 'empty batch', topic: HM, payload: '[]', reasons: { empty_batch: 1 } },
  {
    name: 'array of garbage',
    topic: HM,
    payload: '[null, "x", [], 7, {"ts": "soon", "values": {}}]',
    reasons: { not_an_object: 4, bad_timestamp: 1 },
  },
  {
    name: '10,000 empty objects (over max_batch)',
    topic: BAT,
    payload: JSON.stringify(Array.from({ length: 10_000 }, () => ({}))),
    reasons: { batch_too_large: 1 },
  },
  {
    name: '5,000 empty objects (max_batch): one record counting 5,000',
    topic: BAT,
    payload: JSON.stringify(Array.from({ length: 5_000 }, () => ({}))),
    reasons: { bad_timestamp: 5_000 },
  },
  { name: 'missing ts', topic: HM, payload: JSON.stringify({ values: goodHm }), reasons: { bad_timestamp: 1 } },
  { name: 'ts not a date', topic: HM, payload: ok(goodHm, 'yesterday'), reasons: { bad_timestamp: 1 } },
  { name: 'fractional ms ts', topic: HM, payload: ok(goodHm, 1.5), reasons: { bad_timestamp: 1 } },
  { name: 'ts 0', topic: HM, payload: ok(goodHm, 0), reasons: { timestamp_in_seconds: 1 } },
  {
    name: 'ts in seconds',
    topic: HM,
    payload: ok(goodHm, Math.floor(now / 1000)),
    reasons: { timestamp_in_seconds: 1 },
  },
  { name: 'ts in 1990 (ms)', topic: HM, payload: ok(goodHm, 631_152_000_000), reasons: { timestamp_too_old: 1 } },
  {
    name: 'ts beyond the retention period',
    topic: HM,
    payload: ok(goodHm, now - 400 * 86_400_000),
    reasons: { timestamp_beyond_retention: 1 },
  },
  {
    name: 'impossible date 2025-02-30',
    topic: HM,
    payload: ok(goodHm, '2025-02-30T00:00:00Z'),
    reasons: { impossible_date: 1 },
  },
  {
    name: 'impossible time 24:00',
    topic: HM,
    payload: ok(goodHm, '2025-03-01T24:00:00Z'),
    reasons: { impossible_date: 1 },
  },
  {
    name: 'ts 6 minutes ahead',
    topic: HM,
    payload: ok(goodHm, now + 360_000),
    reasons: { timestamp_in_future: 1 },
  },
  {
    name: 'ts in 2999 (ms)',
    topic: HM,
    payload: ok(goodHm, Date.UTC(2999, 0, 1)),
    reasons: { timestamp_in_future: 1 },
  },
  {
    name: 'ts in 2999 (RFC 3339)',
    topic: HM,
    payload: ok(goodHm, '2999-01-01T00:00:00Z'),
    reasons: { timestamp_in_future: 1 },
  },
  { name: 'values missing', topic: HM, payload: JSON.stringify({ ts: now }), reasons: { missing_values: 1 } },
  { name: 'values an array', topic: HM, payload: ok([1, 2] as never), reasons: { missing_values: 1 } },
  { name: 'values empty', topic: BAT, payload: ok({}), reasons: { no_valid_metrics: 1 } },
  { name: '"NaN" string', topic: BAT, payload: ok({ soc_pct: 'NaN' }), reasons: { no_valid_metrics: 1 } },
  { name: '"Infinity" string', topic: BAT, payload: ok({ soc_pct: 'Infinity' }), reasons: { no_valid_metrics: 1 } },
  {
    name: 'number overflowing to Infinity',
    topic: BAT,
    payload: '{"ts":' + nextTs() + ',"values":{"soc_pct":1e999}}',
    reasons: { no_valid_metrics: 1 },
  },
  { name: 'boolean for a number', topic: BAT, payload: ok({ soc_pct: true }), reasons: { no_valid_metrics: 1 } },
  {
    name: 'SoC above 100 %',
    topic: BAT,
    payload: ok({ soc_pct: 150, power_kw: 10 }),
    reasons: { above_max: 1 },
    kept: 1,
  },
  { name: 'negative flow', topic: HM, payload: ok({ heat_kw: 100, flow_m3h: -5 }), reasons: { negative: 1 }, kept: 1 },
  {
    name: 'water at 500 °C and −50 °C',
    topic: HM,
    payload: ok({ heat_kw: 100, supply_temp_c: 500, return_temp_c: -50 }),
    reasons: { above_max: 1, below_min: 1 },
    kept: 1,
  },
  {
    name: 'flag not boolean',
    topic: HP,
    payload: ok({ power_kw: 100, running: 'yes' }),
    reasons: { not_boolean: 1 },
    kept: 1,
  },
  {
    name: 'InfluxQL injection in a value',
    topic: PV,
    payload: ok({ power_kw: 10, module_temp_c: '1; DROP DATABASE "ems"; --' }),
    reasons: { not_a_number: 1 },
    kept: 1,
  },
  {
    name: 'line-protocol injection in a metric name',
    topic: PV,
    payload: ok({ power_kw: 11, 'x=1 1\nevil,site=a v=1 1': 1, 'a b,c=d': 2 }),
    reasons: { unknown_metric: 2 },
    kept: 1,
  },
  {
    // The sample is kept, nothing is polluted, and the key is counted as the unknown metric it is.
    name: 'prototype pollution key',
    topic: BAT,
    payload: `{"ts":${nextTs()},"values":{"__proto__":{"soc_pct":1},"soc_pct":50}}`,
    reasons: { unknown_metric: 1 },
    kept: 1,
  },
  {
    name: 'deeply nested JSON',
    topic: HM,
    payload: '['.repeat(50_000) + ']'.repeat(50_000),
    reasons: { not_an_object: 1 },
  },
  {
    name: 'deeply nested values',
    topic: BAT,
    payload: `{"ts":${nextTs()},"values":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
    reasons: { no_valid_metrics: 1 },
  },
  {
    name: 'just over 256 KiB',
    topic: HM,
    payload: Buffer.alloc(256 * 1024 + 1, 0x20),
    reasons: { payload_too_large: 1 },
  },
  {
    name: 'unknown asset',
    topic: 'ems/v1/minato-dhc/nope/telemetry',
    payload: ok(goodHm),
    reasons: { unknown_asset: 1 },
  },
  {
    name: 'unknown site',
    topic: 'ems/v1/atlantis/hm-out/telemetry',
    payload: ok(goodHm),
    reasons: { unknown_site: 1 },
  },
  {
    name: 'line-protocol injection in the topic',
    // Mosquitto disconnects a publisher whose topic holds control characters (see the test below), so a raw
    // newline never reaches ingest; quotes, commas, spaces and `=` do.
    topic: 'ems/v1/x" ,drop measurement=1/hm-out/telemetry',
    payload: ok(goodHm),
    reasons: { bad_topic: 1 },
    tagged: false,
  },
  {
    name: 'InfluxQL injection in the topic',
    topic: "ems/v1/minato-dhc/x' OR 1=1; DROP DATABASE ems/telemetry",
    payload: ok(goodHm),
    reasons: { bad_topic: 1 },
    tagged: false,
  },
  {
    name: 'upper-case id',
    topic: 'ems/v1/Minato-DHC/hm-out/telemetry',
    payload: ok(goodHm),
    reasons: { bad_topic: 1 },
    tagged: false,
  },
  {
    name: 'empty id',
    topic: 'ems/v1//hm-out/telemetry',
    payload: ok(goodHm),
    reasons: { bad_topic: 1 },
    tagged: false,
  },
  { name: 'bad status', topic: 'ems/v1/minato-dhc/hp-1/status', payload: 'maybe; DROP', reasons: { bad_status: 1 } },
  {
    name: 'status for an unknown asset',
    topic: 'ems/v1/minato-dhc/ghost/status',
    payload: 'online',
    reasons: { unknown_asset: 1 },
  },
  {
    name: 'batch with one bad sample',
    topic: BAT,
    payload: JSON.stringify([
      { ts: now - 5, values: { soc_pct: 10 } },
      { ts: 'x', values: {} },
      { ts: now - 6, values: { soc_pct: 11 } },
    ]),
    reasons: { bad_timestamp: 1 },
    kept: 2,
  },
];

describe('bad input is counted, kept with its reason, and never stops the consumer', () => {
  it(`rejects ${cases.length} malformed or hostile payloads and stores every valid message around them`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const publisher = await connect(mosquitto.url);
    const totals: Record<string, number> = {};
    let valid = 0;
    let kept = 0;
    let records = 0;
    const rejected = async (reason: string): Promise<number> =>
      metricValue(await ingest.metrics(), 'ingest_rejected_total', { reason });
    for (const c of cases) {
      // A valid message before every bad one, each at its own time stamp.
      await publisher.publishAsync(BAT, ok({ soc_pct: 50, power_kw: 1 }, now - 60_000 - valid++), { qos: 1 });
      const before = Object.fromEntries(
        await Promise.all(Object.keys(c.reasons).map(async (r) => [r, await rejected(r)])),
      );
      await publisher.publishAsync(c.topic, c.payload, { qos: 1 });
      for (const [reason, n] of Object.entries(c.reasons)) {
        await waitFor(async () => (await rejected(reason)) - before[reason] === n, {
          timeoutMs: 10_000,
          description: `${c.name}: ${n} × ${reason}`,
        });
        totals[reason] = (totals[reason] ?? 0) + n;
      }
      kept += c.kept ?? 0;
      records += 1;
    }
    await publisher.publishAsync(BAT, ok({ soc_pct: 50, power_kw: 1 }, now - 60_000 - valid++), { qos: 1 });
    await publisher.endAsync();

    await waitFor(async () => (await ingest.health()).spool_lines === 0, { timeoutMs: 20_000 });
    const health = await ingest.health();
    expect(health.mqtt_connected).toBe(true);

    // Every valid message is stored; the kept parts of partly bad ones too.
    const stored = await influxNumber(influx.url, 'ems', 'SELECT COUNT(soc_pct) FROM battery WHERE time < $t', {
      t: (now - 60_000 + 1) * 1e6,
    });
    expect(stored).toBe(valid);
    let all = 0;
    for (const m of ['battery', 'heat_meter', 'heat_pump', 'pv'])
      all += seriesToRows(await influxQuery(influx.url, 'ems', `SELECT * FROM "${m}"`)).length;
    expect(all).toBe(valid + kept);

    // The dead-letter store holds one record per rejected message, with its tags and its counts per reason.
    const rows = seriesToRows(await influxQuery(influx.url, 'ems', 'SELECT * FROM rejected'));
    expect(rows).toHaveLength(records);
    for (const [reason, n] of Object.entries(totals)) {
      const counted = rows.reduce((sum, row) => sum + Number(row[`count_${reason}`] ?? 0), 0);
      expect(counted, reason).toBe(n);
    }
    const garbage = rows.find((r) => r.count_not_an_object === 4)!;
    expect(garbage).toMatchObject({ reason: 'not_an_object', count: 5, count_bad_timestamp: 1, truncated: 0 });
    const empties = rows.find((r) => r.count_bad_timestamp === 5_000)!;
    expect(empties).toMatchObject({ reason: 'bad_timestamp', count: 5_000, truncated: 1 });
    expect(String(empties.payload)).toHaveLength(1024);
    expect(String(empties.detail)).toMatch(/; … and 4995 more$/);
    const topicRow = rows.find((r) => r.reason === 'bad_topic' && String(r.topic).includes('drop measurement'))!;
    expect(topicRow.site).toBeNull();
    expect(topicRow.topic).toBe('ems/v1/x" ,drop measurement=1/hm-out/telemetry');
    const big = rows.find((r) => r.reason === 'payload_too_large' && String(r.detail).includes('262145'))!;
    expect(big).toMatchObject({ site: 'minato-dhc', asset: 'hm-out', truncated: 1 });
    expect(String(big.payload)).toHaveLength(1024);
    const unknownSite = rows.find((r) => r.reason === 'unknown_site')!;
    expect(unknownSite).toMatchObject({ site: 'atlantis', asset: 'hm-out' });
    expect(rows.find((r) => r.reason === 'above_max' && r.asset === 'battery')!.detail).toContain('soc_pct');

    // Injections did nothing: the database, its measurements and the partly bad samples are intact.
    const measurements = (await influxQuery(influx.url, 'ems', 'SHOW MEASUREMENTS'))[0]!.values.flat();
    expect(measurements.sort()).toEqual(['battery', 'heat_meter', 'heat_pump', 'pv', 'rejected']);
    const pvRows = seriesToRows(await influxQuery(influx.url, 'ems', 'SELECT * FROM pv'));
    expect(pvRows.map((r) => r.power_kw).sort()).toEqual([10, 11]);
    expect(Object.keys(pvRows[0]!).sort()).toEqual(['asset', 'power_kw', 'site', 'specific_power_kw_per_kwp', 'time']);

    const metrics = await ingest.metrics();
    for (const [reason, n] of Object.entries(totals))
      expect(metricValue(metrics, 'ingest_rejected_total', { reason }), reason).toBe(n);
    expect(metricValue(metrics, 'ingest_samples_accepted_total')).toBe(valid + kept);
  });

  it('never sees topics with control characters: the broker drops such publishers', async () => {
    const telemetry = async (): Promise<number> =>
      metricValue(await ingest.metrics(), 'ingest_messages_received_total', { kind: 'telemetry' });
    const before = await telemetry();
    const hostile = await connect(mosquitto.url, { reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => hostile.once('close', () => resolve()));
    hostile.publish('ems/v1/x"\n,drop/hm-out/telemetry', ok(goodHm), { qos: 1 });
    await closed;
    hostile.end(true);
    const publisher = await connect(mosquitto.url);
    await publisher.publishAsync(BAT, ok({ soc_pct: 1 }, now - 1), { qos: 1 });
    await publisher.endAsync();
    await waitFor(async () => (await ingest.health()).spool_lines === 0 && (await telemetry()) === before + 1, {
      timeoutMs: 10_000,
    });
    expect(await telemetry()).toBe(before + 1);
  });

  it('what the broker would not deliver is refused at publish: the device sees it, nothing is dropped unseen', async () => {
    const telemetry = async (): Promise<number> =>
      metricValue(await ingest.metrics(), 'ingest_messages_received_total', { kind: 'telemetry' });
    const before = await telemetry();
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x61);
    for (const protocolVersion of [4, 5] as const) {
      const device = mqtt.connect(mosquitto.url, { reconnectPeriod: 0, protocolVersion });
      device.on('error', () => {}); // the reset shows as a write error
      const connack = await new Promise<IConnackPacket>((resolve) => device.once('connect', resolve));
      // MQTT 5 is told the limit at connect; MQTT 3.1.1 has no way to be told, nor to be given a reason
      expect(connack.properties?.maximumPacketSize).toBe(protocolVersion === 5 ? MQTT_MAX_PACKET_BYTES : undefined);
      const closed = new Promise<string>((resolve) => device.once('close', () => resolve('connection closed')));
      const acked = device.publishAsync(HM, huge, { qos: 1 }).then(() => 'acknowledged');
      expect(await Promise.race([closed, acked])).toBe('connection closed');
      device.end(true);
    }
    // a payload just over ingest's limit but within the broker's reaches ingest and is kept as a dead letter
    expect(MQTT_MAX_PACKET_BYTES).toBeGreaterThan(DEFAULT_TELEMETRY_LIMITS.max_payload_bytes + 200);
    const publisher = await connect(mosquitto.url);
    await publisher.publishAsync(BAT, ok({ soc_pct: 2 }, now - 2), { qos: 1 });
    await publisher.endAsync();
    await waitFor(async () => (await telemetry()) === before + 1, { timeoutMs: 10_000 });
  });

  it('dead-letters lines InfluxDB refuses (field type conflict) without blocking the spool', async () => {
    // grid_meter.import_kw already exists as a string in this shard: every float import_kw line is refused.
    await influxWrite(influx.url, 'ems', [`grid_meter,site=x,asset=y import_kw="text" ${now - 3_600_000}`]);
    const before = metricValue(await ingest.metrics(), 'ingest_rejected_total', { reason: 'influx_rejected' });
    const publisher = await connect(mosquitto.url);
    const messages: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      messages.push(publisher.publishAsync(BAT, ok({ soc_pct: 20 }, now - 200_000 - i), { qos: 1 }));
      if (i % 10 === 0)
        messages.push(
          publisher.publishAsync(
            'ems/v1/minato-dhc/grid/telemetry',
            ok({ import_kw: 5, export_kw: 1 }, now - 200_000 - i),
            {
              qos: 1,
            },
          ),
        );
    }
    await Promise.all(messages);
    await publisher.endAsync();
    await waitFor(
      async () =>
        metricValue(await ingest.metrics(), 'ingest_rejected_total', { reason: 'influx_rejected' }) - before === 4,
      { timeoutMs: 20_000 },
    );
    await waitFor(async () => (await ingest.health()).spool_lines === 0, { timeoutMs: 20_000 });
    expect(
      await influxNumber(influx.url, 'ems', 'SELECT COUNT(soc_pct) FROM battery WHERE time <= $t AND time > $f', {
        t: (now - 200_000) * 1e6,
        f: (now - 200_040) * 1e6,
      }),
    ).toBe(40);
    const rows = seriesToRows(
      await influxQuery(influx.url, 'ems', `SELECT * FROM rejected WHERE reason = 'influx_rejected'`),
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ site: 'minato-dhc', asset: 'grid' });
    expect(String(rows[0]!.detail)).toMatch(/field type conflict/);
    expect(String(rows[0]!.payload)).toMatch(/^grid_meter,asset=grid,site=minato-dhc /);
  });
});

describe('dead letters are bounded per device', () => {
  it("stores a device's rejects up to its byte budget per minute, then counts them only; others are unaffected", async () => {
    const db = 'budget';
    const small = await startIngest({
      env: ingestEnv(mosquitto.url, influx.url, {
        INFLUX_DB: db,
        MQTT_CLIENT_ID: 'ingest-budget',
        DEAD_LETTER_BYTES_PER_MIN: '8192',
      }),
    });
    try {
      const publisher = await connect(mosquitto.url);
      const bad = `{"ts":"2025-02-30T00:00:00Z","values":{"soc_pct":1},"pad":"${'x'.repeat(900)}"}`;
      for (let i = 0; i < 50; i++) await publisher.publishAsync(BAT, bad, { qos: 1 });
      await publisher.publishAsync(HM, 'not json', { qos: 1 }); // another device, same minute
      await publisher.endAsync();
      await waitFor(async () => metricValue(await small.metrics(), 'ingest_rejected_total') === 51, {
        timeoutMs: 15_000,
      });
      await waitFor(async () => (await small.health()).spool_lines === 0, { timeoutMs: 15_000 });
      const rows = seriesToRows(await influxQuery(influx.url, db, 'SELECT * FROM rejected'));
      const stored = rows.filter((r) => r.asset === 'battery' && r.reason === 'impossible_date');
      const notes = rows.filter((r) => r.reason === 'dead_letter_budget_spent');
      expect(stored.length).toBeGreaterThan(2);
      expect(stored.length).toBeLessThan(8); // ≈ 8 KiB of ~1.2 KB records
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ site: 'nasu-cityhall', asset: 'battery', count: 0 });
      expect(rows.filter((r) => r.asset === 'hm-out' && r.reason === 'invalid_json')).toHaveLength(1);
      const metrics = await small.metrics();
      expect(metricValue(metrics, 'ingest_rejected_total', { reason: 'impossible_date' })).toBe(50);
      expect(metricValue(metrics, 'ingest_rejected_unrecorded_total', { reason: 'impossible_date' })).toBe(
        50 - stored.length,
      );
    } finally {
      await small.stop();
    }
  });
});
