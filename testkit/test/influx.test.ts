import { Point } from '@influxdata/influxdb-client';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  influxQuery,
  influxWrite,
  seriesToRows,
  startInflux,
  toLineMs,
  waitFor,
} from '../src/index.ts';
import type { InfluxHandle } from '../src/index.ts';

let influx: InfluxHandle;
const DB = 'ems_test';
const hour = (h: number): number => Date.UTC(2025, 10, 22, h); // 2025-11-22T{h}:00Z

beforeAll(async () => {
  influx = await startInflux();
  await createDatabase(influx.url, DB);
});
afterAll(async () => {
  await influx?.destroy();
});

describe('startInflux', () => {
  it('answers /ping and keeps everything in its temp dir', async () => {
    const res = await fetch(`${influx.url}/ping`);
    expect(res.status).toBe(204);
    expect(res.headers.get('x-influxdb-version')).toMatch(/^1\./);
    const conf = await readFile(influx.configFile, 'utf8');
    for (const key of ['dir', 'wal-dir']) expect(conf).toContain(`${key} = "${influx.dataDir}/`);
    expect(conf).toContain(`bind-address = "127.0.0.1:${influx.port}"`);
    expect(conf).toMatch(/store-enabled = false/);
  });
});

describe('line protocol from @influxdata/influxdb-client Point', () => {
  it('round-trips tags and fields with spaces, commas, quotes, = and backslashes at ms precision', async () => {
    const ts = Date.UTC(2025, 10, 22, 3, 4, 5, 678);
    const site = 'Plant A, "north" = 1';
    const asset = 'hp 1=main';
    const note = 'he said "hi", a=b \\ ok';
    const point = new Point('heat_pump')
      .tag('site', site)
      .tag('asset', asset)
      .floatField('heat_kw', 1.5)
      .intField('starts', 3)
      .booleanField('running', true)
      .stringField('note', note)
      .timestamp(new Date(ts));

    // Without settings a Date becomes nanoseconds; toLineMs gives milliseconds, as does a plain number.
    expect(point.toLineProtocol()).toMatch(new RegExp(` ${ts}000000$`));
    const line = toLineMs(point);
    expect(line).toMatch(new RegExp(` ${ts}$`));
    expect(new Point('heat_pump').floatField('heat_kw', 1.5).timestamp(ts).toLineProtocol()).toBe(
      `heat_pump heat_kw=1.5 ${ts}`,
    );

    await influxWrite(influx.url, DB, [line]);
    const rows = seriesToRows(
      await influxQuery(influx.url, DB, 'SELECT * FROM heat_pump WHERE site = $site AND asset = $asset', {
        site,
        asset,
      }),
    );
    expect(rows).toEqual([{ time: ts, site, asset, heat_kw: 1.5, starts: 3, running: true, note }]);
    // and the same with RFC 3339 times
    const rfc = await influxQuery(
      influx.url,
      DB,
      'SELECT heat_kw FROM heat_pump WHERE site = $site',
      { site },
      {
        epoch: 'rfc3339',
      },
    );
    expect(rfc[0]?.values).toEqual([['2025-11-22T03:04:05.678Z', 1.5]]);
  });

  it('rejects a bad line with the server message', async () => {
    await expect(influxWrite(influx.url, DB, ['heat_pump heat_kw=oops 1'])).rejects.toThrow(
      /400.*invalid|400.*unable/i,
    );
  });

  it('overwrites the same series and time (idempotent replays)', async () => {
    const line = (v: number): string =>
      toLineMs(new Point('boiler').tag('site', 'r').floatField('heat_kw', v).timestamp(hour(1)));
    await influxWrite(influx.url, DB, [line(1)]);
    await influxWrite(influx.url, DB, [line(2), line(2)]);
    const s = await influxQuery(influx.url, DB, `SELECT count(heat_kw), last(heat_kw) FROM boiler WHERE site = 'r'`);
    expect(s[0]?.values[0]?.slice(1)).toEqual([1, 2]);
  });
});

describe('InfluxQL', () => {
  it('GROUP BY time(1d) tz(Asia/Tokyo) buckets by local day (bucket times are 15:00Z)', async () => {
    // hourly x = h for 10:00Z..20:00Z on 2025-11-22; Tokyo midnight is 15:00Z
    const lines = [];
    for (let h = 10; h <= 20; h++) lines.push(`tz_test x=${h} ${hour(h)}`);
    await influxWrite(influx.url, DB, lines);
    const where = `WHERE time >= '2025-11-21T15:00:00Z' AND time < '2025-11-23T15:00:00Z'`;

    const tokyo = await influxQuery(
      influx.url,
      DB,
      `SELECT sum(x) FROM tz_test ${where} GROUP BY time(1d) tz('Asia/Tokyo')`,
    );
    expect(tokyo[0]?.values).toEqual([
      [Date.UTC(2025, 10, 21, 15), 10 + 11 + 12 + 13 + 14], // 2025-11-22 in Tokyo: 19:00..23:00 JST
      [Date.UTC(2025, 10, 22, 15), 15 + 16 + 17 + 18 + 19 + 20], // 2025-11-23 in Tokyo: 00:00..05:00 JST
    ]);
    // RFC 3339 output with tz() carries the local offset
    const rfc = await influxQuery(
      influx.url,
      DB,
      `SELECT sum(x) FROM tz_test ${where} GROUP BY time(1d) tz('Asia/Tokyo')`,
      undefined,
      {
        epoch: 'rfc3339',
      },
    );
    expect(rfc[0]?.values.map((v) => v[0])).toEqual(['2025-11-22T00:00:00+09:00', '2025-11-23T00:00:00+09:00']);
    // without tz() the buckets are UTC days, and empty buckets are null (fill(null) is the default)
    const utc = await influxQuery(influx.url, DB, `SELECT sum(x) FROM tz_test ${where} GROUP BY time(1d)`);
    expect(utc[0]?.values).toEqual([
      [Date.UTC(2025, 10, 21), null],
      [Date.UTC(2025, 10, 22), 165],
      [Date.UTC(2025, 10, 23), null],
    ]);
  });

  it('non_negative_difference over a counter with a reset, summed in a subquery', async () => {
    const t0 = hour(0);
    // energy_kwh counter, one sample per minute (at :10 s); reset to 2 at minute 3; minute 5 has no sample
    const samples: [number, number][] = [
      [0, 100],
      [1, 105],
      [2, 110],
      [3, 2],
      [4, 7],
      [6, 12],
    ];
    await influxWrite(
      influx.url,
      DB,
      samples.map(([m, v]) => `meter,site=s energy_kwh=${v} ${t0 + m * 60_000 + 10_000}`),
    );
    const range = `time >= ${t0}ms AND time < ${t0 + 10 * 60_000}ms`;
    const inner = `SELECT non_negative_difference(last(energy_kwh)) AS d FROM meter WHERE ${range} GROUP BY time(1m)`;

    // The negative step at the reset (2 - 110) is dropped, and with it the 2 kWh counted since the reset;
    // the empty minute 5 is skipped, so minute 6 gets 12 - 7 = 5 (the difference spans the gap).
    const perMinute = await influxQuery(influx.url, DB, inner);
    expect(perMinute[0]?.values).toEqual([
      [t0 + 1 * 60_000, 5],
      [t0 + 2 * 60_000, 5],
      [t0 + 4 * 60_000, 5],
      [t0 + 6 * 60_000, 5],
    ]);
    const total = await influxQuery(influx.url, DB, `SELECT sum(d) FROM (${inner})`);
    // With the time range only inside the subquery, the outer row's time is the epoch (0).
    expect(total[0]?.values).toEqual([[0, 20]]);
    const outerRange = await influxQuery(
      influx.url,
      DB,
      `SELECT sum(d) FROM (SELECT non_negative_difference(last(energy_kwh)) AS d FROM meter GROUP BY time(1m)) WHERE ${range}`,
    );
    expect(outerRange[0]?.values).toEqual([[t0, 20]]);
  });

  it('bound parameters: an injection attempt in $site matches nothing', async () => {
    await influxWrite(influx.url, DB, [
      'param_test,site=site-a v=1 1763860000000',
      'param_test,site=site-b v=2 1763860000000',
    ]);
    const q = 'SELECT v FROM param_test WHERE site = $site';
    expect(seriesToRows(await influxQuery(influx.url, DB, q, { site: 'site-a' }))).toEqual([
      { time: 1763860000000, v: 1 },
    ]);
    expect(await influxQuery(influx.url, DB, q, { site: "x' OR 1=1 --" })).toEqual([]);
    expect(await influxQuery(influx.url, DB, q, { site: "site-a' OR site = 'site-b" })).toEqual([]);
    // time bounds as parameters: RFC 3339 strings or integer nanoseconds
    const sumQ = 'SELECT sum(v) FROM param_test WHERE time >= $from AND time < $to';
    const a = await influxQuery(influx.url, DB, sumQ, { from: '2025-11-23T00:00:00Z', to: '2025-11-24T00:00:00Z' });
    expect(a[0]?.values[0]?.[1]).toBe(3);
    await expect(influxQuery(influx.url, DB, sumQ, { from: '2025-11-23T00:00:00Z' })).rejects.toThrow(
      /missing parameter: to/,
    );
  });

  it('runs continuous queries within about a second (run-interval 1s)', async () => {
    await influxQuery(
      influx.url,
      DB,
      `CREATE CONTINUOUS QUERY cq_sum ON ${DB} RESAMPLE EVERY 1s FOR 2m BEGIN SELECT sum(x) AS x INTO cq_out FROM cq_in GROUP BY time(1m), * END`,
    );
    const now = Date.now();
    await influxWrite(influx.url, DB, [`cq_in,site=a x=1 ${now - 1_000}`, `cq_in,site=a x=2 ${now - 2_000}`]);
    await waitFor(
      async () => {
        const rows = seriesToRows(
          await influxQuery(influx.url, DB, `SELECT sum(x) AS total FROM cq_out WHERE site = 'a'`),
        );
        return rows[0]?.total === 3;
      },
      { timeoutMs: 15_000, intervalMs: 200, description: 'the continuous query to write cq_out' },
    );
  });
});

describe('InfluxDB outage', () => {
  it('a write fails while influxd is stopped; data written before survives stop/start', async () => {
    const own = await startInflux();
    try {
      await createDatabase(own.url, 'outage');
      await influxWrite(own.url, 'outage', ['m,site=a v=1 1763860000000']);
      await own.stop();
      await expect(influxWrite(own.url, 'outage', ['m,site=a v=2 1763860001000'])).rejects.toThrow(/ECONNREFUSED/);
      await own.start();
      const rows = seriesToRows(await influxQuery(own.url, 'outage', 'SELECT v FROM m'));
      expect(rows).toEqual([{ time: 1763860000000, v: 1 }]);
      await influxWrite(own.url, 'outage', ['m,site=a v=2 1763860001000']);
      expect(seriesToRows(await influxQuery(own.url, 'outage', 'SELECT count(v) FROM m'))[0]?.count).toBe(2);
    } finally {
      await own.destroy();
    }
  });
});
