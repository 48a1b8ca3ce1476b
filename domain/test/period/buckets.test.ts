import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  attributeCounter,
  HOUR_MS,
  mergeBuckets,
  summarise,
  type Bucket,
  type Range,
  type Reading,
  type RunClass,
} from '../../src/period/index.ts';

const MIN = 60_000;
const FIELDS = { counters: ['c'], gauges: ['g', 'running'] };
const r = (ts_ms: number, values: Record<string, number>): Reading => ({ ts_ms, values });
const offClass = (): RunClass => 'off';

/** Independent reference: a counter is linear between readings; a drop restarts it from zero (DOMAIN §1). */
function referenceIncrease(readings: readonly { t: number; v: number }[], from: number, to: number): number {
  let total = 0;
  for (let i = 1; i < readings.length; i++) {
    const a = readings[i - 1]!;
    const b = readings[i]!;
    const step = b.v >= a.v ? b.v - a.v : b.v;
    if (b.t === a.t) {
      if (b.t >= from && b.t < to) total += step;
      continue;
    }
    const overlap = Math.max(0, Math.min(b.t, to) - Math.max(a.t, from));
    total += (step * overlap) / (b.t - a.t);
  }
  return total;
}

/** Hour buckets of readings, cut at the given instants (as a reader cuts hours at window edges and day starts). */
function hourPieces(readings: readonly Reading[], from: number, to: number, cuts: readonly number[]): Bucket[] {
  const edges = new Set<number>([from, to, ...cuts.filter((c) => c > from && c < to)]);
  for (let h = Math.ceil(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) edges.add(h);
  const sorted = [...edges].sort((a, b) => a - b);
  const out: Bucket[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const b = summarise(readings, sorted[i - 1]!, sorted[i]!, FIELDS, 60);
    if (b.samples > 0) out.push(b);
  }
  return out;
}

function beforeAfter(readings: readonly Reading[], from: number, to: number) {
  const pre = readings.filter((x) => x.ts_ms < from).at(-1);
  const post = readings.find((x) => x.ts_ms >= to);
  return {
    before: pre ? { value: pre.values.c!, ts_ms: pre.ts_ms } : undefined,
    after: post ? { value: post.values.c!, ts_ms: post.ts_ms } : undefined,
  };
}

describe('summarise (a bucket from readings)', () => {
  it('DOMAIN §1: readings 100, 150, 5, 40 give an increase of 90 with one reset', () => {
    const b = summarise(
      [r(0, { c: 100, g: 2 }), r(MIN, { c: 150, g: -4 }), r(2 * MIN, { c: 5 }), r(3 * MIN, { c: 40, g: 8 })],
      0,
      HOUR_MS,
      FIELDS,
      60,
    );
    expect(b.counters.c).toEqual({
      first: 100,
      first_ms: 0,
      last: 40,
      last_ms: 3 * MIN,
      increase: 90,
      resets: 1,
      count: 4,
    });
    expect(b.gauges.g).toEqual({ sum: 6, min: -4, max: 8, count: 3, neg_sum: -4 });
    expect(b.samples).toBe(4);
    expect(b.slots).toBe(4);
  });

  it('slots count expected intervals holding a sample, not samples', () => {
    const b = summarise([r(0, { g: 1 }), r(5_000, { g: 1 }), r(60_000, { g: 1 })], 0, HOUR_MS, FIELDS, 60);
    expect(b.samples).toBe(3);
    expect(b.slots).toBe(2);
  });
});

describe('attributeCounter: steps between readings split linearly in time (DOMAIN §1)', () => {
  it.each([
    {
      name: 'a window from 10:01 counts only what happened after 10:01',
      readings: [
        [10 * 60, 0],
        [11 * 60, 60],
      ],
      ranges: [
        [10 * 60 + 1, 12 * 60],
        [0, 10 * 60 + 1],
      ],
      want: [59, 1],
    },
    {
      name: 'readings at 10:10 and 11:10 give 100 kWh to 10:01–12:01',
      readings: [
        [10 * 60 + 10, 0],
        [11 * 60 + 10, 100],
      ],
      ranges: [[10 * 60 + 1, 12 * 60 + 1]],
      want: [100],
    },
    {
      name: 'a reset between readings: 150 → 5 adds 5, split like any step',
      readings: [
        [0, 150],
        [60, 5],
      ],
      ranges: [
        [0, 30],
        [30, 60 + 1],
      ],
      want: [2.5, 2.5],
    },
  ])('$name', ({ readings, ranges, want }) => {
    const rd = readings.map(([t, v]) => r(t! * MIN, { c: v! }));
    const rs: Range[] = ranges.map(([a, b]) => ({ from_ms: a! * MIN, to_ms: b! * MIN }));
    for (const [i, range] of rs.entries()) {
      const pieces = hourPieces(rd, range.from_ms, range.to_ms, []);
      const { before, after } = beforeAfter(rd, range.from_ms, range.to_ms);
      const { shares } = attributeCounter('c', pieces, [range], offClass, before, after);
      expect(shares[0]!.increase, `range ${i}`).toBeCloseTo(want[i]!, 9);
    }
  });

  const readingsArb = fc
    .array(
      fc.record({
        dt: fc.integer({ min: 1, max: 3 * 60 }), // minutes to the next reading (gaps up to 3 h)
        inc: fc.double({ min: 0, max: 50, noNaN: true }),
        reset: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      }),
      { minLength: 2, maxLength: 120 },
    )
    .map((steps) => {
      let t = Date.parse('2026-10-01T00:00:00Z');
      let v = 1000;
      return steps.map((s) => {
        t += s.dt * MIN;
        v = s.reset ? s.inc : v + s.inc;
        return r(t, { c: v, g: s.inc, running: s.inc > 25 ? 1 : 0 });
      });
    });

  it('property: any window gives the exact linear total, and the sum of any split of it', () => {
    fc.assert(
      fc.property(
        readingsArb,
        fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
        (rd, f) => {
          const t0 = rd[0]!.ts_ms - 30 * MIN;
          const t1 = rd.at(-1)!.ts_ms + 30 * MIN;
          const [a, b, c] = f.map((x) => Math.round(t0 + (x / 1_000_000) * (t1 - t0))).sort((x, y) => x - y) as [
            number,
            number,
            number,
          ];
          fc.pre(a < b && b < c);
          const ref = rd.map((x) => ({ t: x.ts_ms, v: x.values.c! }));
          const pieces = hourPieces(rd, a, c, [b]);
          const { before, after } = beforeAfter(rd, a, c);
          const ranges = [
            { from_ms: a, to_ms: b },
            { from_ms: b, to_ms: c },
          ];
          const { shares } = attributeCounter('c', pieces, ranges, offClass, before, after);
          const whole = attributeCounter(
            'c',
            hourPieces(rd, a, c, []),
            [{ from_ms: a, to_ms: c }],
            offClass,
            before,
            after,
          ).shares[0]!.increase;
          const tol = 1e-7 * Math.max(1, ref.at(-1)!.v);
          expect(Math.abs(shares[0]!.increase - referenceIncrease(ref, a, b))).toBeLessThan(tol);
          expect(Math.abs(shares[1]!.increase - referenceIncrease(ref, b, c))).toBeLessThan(tol);
          expect(Math.abs(whole - (shares[0]!.increase + shares[1]!.increase))).toBeLessThan(tol);
          // the two windows read on their own give the same as the split of the whole
          for (const w of ranges) {
            const alone = attributeCounter(
              'c',
              hourPieces(rd, w.from_ms, w.to_ms, []),
              [w],
              offClass,
              beforeAfter(rd, w.from_ms, w.to_ms).before,
              beforeAfter(rd, w.from_ms, w.to_ms).after,
            ).shares[0]!.increase;
            expect(Math.abs(alone - referenceIncrease(ref, w.from_ms, w.to_ms))).toBeLessThan(tol);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a day merged from its hours gives exactly what the hours give, by run class too', () => {
    const classOf = (bk: Bucket): RunClass =>
      bk.samples === 0 ? 'unknown' : (bk.gauges.running?.max ?? 0) >= 1 ? 'running' : 'off';
    fc.assert(
      fc.property(readingsArb, (rd) => {
        const day0 = Math.floor(rd[0]!.ts_ms / (24 * HOUR_MS)) * 24 * HOUR_MS;
        const days: Range[] = [];
        for (let d = day0; d <= rd.at(-1)!.ts_ms; d += 24 * HOUR_MS) days.push({ from_ms: d, to_ms: d + 24 * HOUR_MS });
        const from = days[0]!.from_ms;
        const to = days.at(-1)!.to_ms;
        const hours = hourPieces(rd, from, to, []);
        const merged = days.map((d) => mergeBuckets(hours, d.from_ms, d.to_ms, classOf)).filter((bk) => bk.samples > 0);
        const viaHours = attributeCounter('c', hours, days, classOf).shares;
        const viaDays = attributeCounter('c', merged, days, classOf).shares;
        for (const [i, h] of viaHours.entries()) {
          const d = viaDays[i]!;
          for (const k of ['increase', 'running', 'off', 'resets'] as const)
            expect(Math.abs(h[k] - d[k]), `${k} of day ${i}`).toBeLessThan(1e-6 * Math.max(1, h.increase));
        }
        expect(merged.reduce((n, bk) => n + bk.samples, 0)).toBe(rd.length);
      }),
      { numRuns: 200 },
    );
  });
});
