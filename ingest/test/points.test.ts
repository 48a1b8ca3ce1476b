import { Point, escape } from '@influxdata/influxdb-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../src/line-buffer.ts';
import {
  lineTags,
  rejectedPointLine,
  samplePointLine,
  samplePrefix,
  statusPointLine,
  storableText,
} from '../src/points.ts';
import { lateMarks, lateMarksOf } from '../src/writer.ts';

describe('point building', () => {
  const derived = { derived: { heat_kw: 512.25, fire_reserve_kept: true }, faults: [] };

  it('writes measurement = type, site/asset tags, float metrics, flags as 0/1 integers, ms time', () => {
    const line = samplePointLine(
      'heat_pump',
      'minato-dhc',
      'hp-1',
      { ts_ms: 1_763_860_000_123, values: { power_kw: 150, running: true, defrost: false }, rejected: {} },
      derived,
    );
    // the metrics in the order sent, then the derived values (InfluxDB does not mind the order of fields)
    expect(line).toBe(
      'heat_pump,asset=hp-1,site=minato-dhc power_kw=150,running=1i,defrost=0i,heat_kw=512.25,fire_reserve_kept=1i 1763860000123',
    );
  });

  it('writes a field once: a derived value replaces a metric of the same name', () => {
    const line = samplePointLine(
      'heat_pump',
      's',
      'a',
      { ts_ms: 1_700_000_000_000, values: { heat_kw: 1, power_kw: 2 }, rejected: {} },
      { derived: { heat_kw: 3 }, faults: [] },
    );
    expect(line).toBe('heat_pump,asset=a,site=s power_kw=2,heat_kw=3 1700000000000');
  });

  it('escapes measurement, tags and field keys with the client library, as Point does', () => {
    const sample = { ts_ms: 1_700_000_000_000, values: { 'a b,c=d': 1.5, x: -0.25 }, rejected: {} };
    const noDerived = { derived: {}, faults: [] };
    const point = new Point('pv')
      .tag('site', 's 1,=x')
      .tag('asset', 'a\\b')
      .floatField('a b,c=d', 1.5)
      .floatField('x', -0.25)
      .toLineProtocol({ convertTime: () => '1700000000000' });
    expect(samplePointLine('pv', 's 1,=x', 'a\\b', sample, noDerived)).toBe(point);
    expect(samplePrefix('pv', 's 1,=x', 'a\\b').toString()).toBe(
      `pv,asset=${escape.tag('a\\b')},site=${escape.tag('s 1,=x')} `,
    );
  });

  it('writes every number as Point does (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.integer(),
          fc.maxSafeInteger(),
          // what meters send: up to three decimals, near the 10^12 limit of the digit-by-digit path too
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
          fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100 + 0.001),
          fc.maxSafeInteger().map((n) => n / 1000),
          fc.integer({ min: 0, max: 1e6 }).map((n) => 999_999_000_000 + n / 1000),
        ),
        fc.boolean(),
        (value, flag) => {
          const line = samplePointLine(
            'pv',
            's',
            'a',
            { ts_ms: 1_700_000_000_000, values: { v: value, f: flag }, rejected: {} },
            { derived: {}, faults: [] },
          );
          const point = new Point('pv')
            .tag('site', 's')
            .tag('asset', 'a')
            .floatField('v', value)
            .intField('f', flag ? 1 : 0)
            .toLineProtocol({ convertTime: () => '1700000000000' })!;
          // Point sorts the fields (f before v)
          const [head, fields, ts] = point.split(' ');
          const [f, v] = fields!.split(',');
          expect(line).toBe(`${head} ${v},${f} ${ts}`);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('refuses non-finite numbers as Point does (the handler dead-letters the message as internal_error)', () => {
    const sample = { ts_ms: 1, values: { v: Number.POSITIVE_INFINITY }, rejected: {} };
    expect(() => samplePointLine('pv', 's', 'a', sample, { derived: {}, faults: [] })).toThrow(/invalid float/);
  });

  it('appends lines to a buffer as bytes, UTF-8 included', () => {
    const out = new LineBuffer(8);
    out.line('熱 é');
    out.integer(-1_234_567_890_123);
    out.byte(32);
    out.integer(0);
    out.end();
    expect(out.lines).toBe(2);
    expect(out.view().toString()).toBe('熱 é\n-1234567890123 0\n');
    out.truncate(Buffer.byteLength('熱 é\n'), 1);
    expect(out.view().toString()).toBe('熱 é\n');
  });

  it('writes status points', () => {
    expect(statusPointLine('s', 'a', 'offline', 1_700_000_000_000)).toBe(
      'device_status,asset=a,site=s online=0i 1700000000000',
    );
  });

  it('escapes hostile text with Point and keeps every record on one line', () => {
    const line = rejectedPointLine({
      reason: 'bad_topic',
      counts: new Map([['bad_topic', 1]]),
      payload: 'x" v=1\nevil,site=a v=2 1\r\n\\',
      detail: 'd',
      topic: 'ems/v1/x"\n,drop/a/telemetry',
      ts_ms: 5,
    });
    expect(line).not.toMatch(/[\n\r]/);
    expect(line).toBe(
      'rejected,reason=bad_topic count=1i,count_bad_topic=1i,detail="d",payload="x\\" v=1\\\\u000aevil,site=a v=2 1\\\\u000d\\\\u000a\\\\",topic="ems/v1/x\\"\\\\u000a,drop/a/telemetry",truncated=0i 5',
    );
  });

  it('truncates stored payloads and says so', () => {
    expect(storableText('a'.repeat(5000))).toHaveLength(1024);
    expect(storableText('ab', 1)).toBe('a');
    const record = (payload: string) =>
      rejectedPointLine({ reason: 'x', counts: new Map([['x', 1]]), payload, detail: '', ts_ms: 1 });
    expect(record('a'.repeat(1025))).toMatch(/,truncated=1i 1$/);
    expect(record('a'.repeat(1024))).toMatch(/,truncated=0i 1$/);
  });

  it('writes one record per message with counts per reason', () => {
    const line = rejectedPointLine({
      reason: 'not_an_object',
      counts: new Map([
        ['not_an_object', 4],
        ['bad_timestamp', 1],
      ]),
      site: 's',
      asset: 'a',
      payload: '[]',
      detail: 'd',
      ts_ms: 9,
    });
    expect(line).toBe(
      'rejected,asset=a,reason=not_an_object,site=s count=5i,count_bad_timestamp=1i,count_not_an_object=4i,detail="d",payload="[]",truncated=0i 9',
    );
  });

  it('reads back the tags of its own lines', () => {
    const line = rejectedPointLine({
      reason: 'negative',
      counts: new Map([['negative', 2]]),
      site: 'minato-dhc',
      asset: 'hm-out',
      payload: '',
      detail: '',
      ts_ms: 1,
    });
    expect(lineTags(line)).toEqual({ measurement: 'rejected', site: 'minato-dhc', asset: 'hm-out' });
    expect(lineTags('pv,asset=pv-roof,site=s1 power_kw=1 1')).toEqual({
      measurement: 'pv',
      site: 's1',
      asset: 'pv-roof',
    });
  });
});

describe('late marks (DESIGN §4)', () => {
  const NOW = Date.parse('2026-12-02T10:30:00Z');
  const line = (type: string, site: string, ts: number) => `${type},asset=a1,site=${site} v=1 ${ts}`;

  it.each([
    { name: 'a sample of the current hour', ts: Date.parse('2026-12-02T10:10:00Z'), marks: 0 },
    {
      name: 'the previous hour, before it closes (10:02) minus the margin (10:01)',
      ts: Date.parse('2026-12-02T09:59:00Z'),
      now: Date.parse('2026-12-02T10:00:30Z'),
      marks: 0,
    },
    {
      name: 'the previous hour from one minute before it closes',
      ts: Date.parse('2026-12-02T09:59:00Z'),
      now: Date.parse('2026-12-02T10:01:00Z'),
      marks: 1,
    },
    { name: 'two days old', ts: Date.parse('2026-11-30T10:10:00Z'), marks: 1 },
  ])('$name → $marks mark(s)', ({ ts, now, marks }) => {
    expect(lateMarks([line('heat_pump', 's1', ts)], now ?? NOW)).toHaveLength(marks);
  });

  it('one mark per site, type and hour, in the same request; dead letters and status changes are not samples', () => {
    const h = Date.parse('2026-11-30T10:00:00Z');
    const marks = lateMarks(
      [
        line('heat_pump', 's1', h + 1),
        line('heat_pump', 's1', h + 2),
        line('heat_pump', 's2', h + 3),
        line('pv', 's1', h + 4),
        line('heat_pump', 's1', h + 3_600_000),
        line('rejected', 's1', h + 5),
        line('device_status', 's1', h + 6),
      ],
      NOW,
    );
    expect(marks).toHaveLength(4);
    expect(marks).toContain(`late,hour=${h},site=s1,type=heat_pump n=1i ${NOW}`);
  });

  it('reads the time stamps of spool bytes without decoding the lines that are not late', () => {
    const h = Date.parse('2026-11-30T10:00:00Z');
    const lines = [
      line('heat_pump', 's1', NOW - 1000),
      'rejected,reason=x payload="熱 1" 5',
      line('pv', 's2', h + 7),
      'garbage without a time stamp',
      'ends in a space ',
    ];
    const data = Buffer.from(lines.map((l) => l + '\n').join(''));
    expect(lateMarksOf(data, NOW)).toEqual([`late,hour=${h},site=s2,type=pv n=1i ${NOW}`]);
    expect(lateMarksOf(data.subarray(0, data.length - 1), NOW)).toEqual(lateMarks(lines, NOW));
  });
});
