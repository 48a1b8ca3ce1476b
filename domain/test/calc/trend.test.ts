/** DOMAIN §9 "Time to threshold": least-squares trend of the last hour and the time a level is reached. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  combineTrends,
  linearTrend,
  MIN_TREND_SPAN_MS,
  timeToLevel,
  trendDirection,
  type TrendPoint,
} from '../../src/calc/trend.ts';
import { autonomyLevelKwh, waterLevelM3 } from '../../src/calc/reserve.ts';

const T0 = Date.UTC(2026, 11, 3, 4, 0); // 3 Dec 13:00 in Tokyo
const MIN = 60_000;
const HOUR = 3_600_000;

/** Samples every `stepMin` minutes over `spanMin` minutes ending at T0, value = f(minutes before T0). */
function series(spanMin: number, stepMin: number, f: (minutesAgo: number) => number): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (let m = spanMin; m >= 0; m -= stepMin) out.push({ ts: T0 - m * MIN, value: f(m) });
  return out;
}

describe('linearTrend: least-squares slope of the last hour', () => {
  const cases: { name: string; points: TrendPoint[]; slope: number | null; se?: number }[] = [
    { name: 'falling 100 per hour on a line', points: series(60, 5, (m) => 1000 + (100 * m) / 60), slope: -100, se: 0 },
    { name: 'rising 30 per hour', points: series(60, 10, (m) => 500 - (30 * m) / 60), slope: 30, se: 0 },
    { name: 'steady', points: series(60, 1, () => 42), slope: 0, se: 0 },
    // y = 0, 2, 1, 3 at 0, 20, 40, 60 min: slope 0.04 per min = 2.4 per hour (hand calculation)
    {
      name: 'noisy: hand-calculated least squares',
      points: [0, 2, 1, 3].map((v, i) => ({ ts: T0 - HOUR + i * 20 * MIN, value: v })),
      slope: 2.4,
    },
    { name: 'too few points (2)', points: series(60, 60, (m) => m), slope: null },
    { name: 'no points', points: [], slope: null },
    { name: 'span under 10 minutes', points: series(9, 1, (m) => m), slope: null },
    { name: 'all at one instant', points: [1, 2, 3].map((value) => ({ ts: T0, value })), slope: null },
    {
      name: 'non-finite values are left out (then too few)',
      points: [
        { ts: T0 - HOUR, value: 1 },
        { ts: T0 - 30 * MIN, value: Number.NaN },
        { ts: T0, value: 3 },
      ],
      slope: null,
    },
  ];
  it.each(cases)('$name', ({ points, slope, se }) => {
    const t = linearTrend(points, { now_ms: T0 });
    if (slope === null) return expect(t).toBeNull();
    expect(t).not.toBeNull();
    expect(t!.slope_per_h).toBeCloseTo(slope, 9);
    if (se !== undefined) expect(t!.slope_se_per_h).toBeCloseTo(se, 9);
    expect(t!.points).toBe(points.length);
  });

  it('looks only at the hour before now', () => {
    // an hour ago the level fell fast; in the last hour it is steady
    const points = [
      ...series(180, 10, (m) => 1000 + m * 10).filter((p) => p.ts < T0 - HOUR),
      ...series(60, 10, () => 1000),
    ];
    const t = linearTrend(points, { now_ms: T0 })!;
    expect(t.slope_per_h).toBeCloseTo(0, 9);
    expect(t.from_ms).toBe(T0 - HOUR);
    // samples after now are not used either
    expect(linearTrend([...series(60, 10, () => 5), { ts: T0 + MIN, value: 1e6 }], { now_ms: T0 })!.slope_per_h).toBe(
      0,
    );
  });

  it('the standard error of the hand-calculated case', () => {
    // fitted line y = 0.3 + 2.4 t (t in hours): residuals −0.3, 0.9, −0.9, 0.3 → SSE 1.8; Sxx = 5/9 h²
    const t = linearTrend([0, 2, 1, 3].map((v, i) => ({ ts: T0 - HOUR + i * 20 * MIN, value: v })))!;
    expect(t.slope_se_per_h).toBeCloseTo(Math.sqrt(1.8 / 2 / (5 / 9)), 9);
  });

  it('property: the slope of points on any line is that line’s slope', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 3, max: 120 }),
        (slope, start, n) => {
          const step = HOUR / (n - 1);
          const pts = Array.from({ length: n }, (_, i) => ({
            ts: T0 - HOUR + i * step,
            value: start + (slope * i * step) / HOUR,
          }));
          const t = linearTrend(pts, { now_ms: T0 })!;
          expect(t.slope_per_h).toBeCloseTo(slope, 4);
        },
      ),
    );
  });
});

describe('trendDirection: falling, steady or rising', () => {
  const cases: { name: string; slope: number; se: number; level: number; dir: string }[] = [
    { name: 'clear fall', slope: -50, se: 1, level: 1000, dir: 'falling' },
    { name: 'clear rise', slope: 50, se: 1, level: 1000, dir: 'rising' },
    { name: 'zero slope', slope: 0, se: 0, level: 1000, dir: 'steady' },
    { name: 'within the noise (under 3 standard errors)', slope: -5, se: 2, level: 1000, dir: 'steady' },
    { name: 'slower than 0.1 % of the level per hour', slope: -0.9, se: 0, level: 1000, dir: 'steady' },
    { name: 'just 0.1 % per hour', slope: -1, se: 0, level: 1000, dir: 'falling' },
    { name: 'a level of zero: any clear fall counts', slope: -0.01, se: 0, level: 0, dir: 'falling' },
  ];
  it.each(cases)('$name → $dir', ({ slope, se, level, dir }) => {
    expect(trendDirection({ slope_per_h: slope, slope_se_per_h: se }, level)).toBe(dir);
  });
});

describe('timeToLevel: when a falling level reaches a threshold', () => {
  const cases: {
    name: string;
    value: number;
    slope: number;
    dir: 'falling' | 'steady' | 'rising' | null;
    level: number;
    at: number | null;
    reached: boolean;
  }[] = [
    // 1,000 m³ falling 100 m³/h reaches the 400 m³ fire reserve in 6 h, zero in 10 h
    {
      name: 'fire reserve in 6 h',
      value: 1000,
      slope: -100,
      dir: 'falling',
      level: 400,
      at: T0 + 6 * HOUR,
      reached: false,
    },
    { name: 'zero in 10 h', value: 1000, slope: -100, dir: 'falling', level: 0, at: T0 + 10 * HOUR, reached: false },
    { name: 'steady: none', value: 1000, slope: -0.1, dir: 'steady', level: 0, at: null, reached: false },
    { name: 'rising: none', value: 1000, slope: 20, dir: 'rising', level: 0, at: null, reached: false },
    { name: 'no trend: none', value: 1000, slope: -100, dir: null, level: 0, at: null, reached: false },
    { name: 'already below: reached', value: 300, slope: -100, dir: 'falling', level: 400, at: null, reached: true },
    { name: 'exactly at: reached', value: 400, slope: 10, dir: 'rising', level: 400, at: null, reached: true },
  ];
  it.each(cases)('$name', ({ value, slope, dir, level, at, reached }) => {
    const r = timeToLevel({ value, ts: T0, slope_per_h: slope, direction: dir, level });
    expect(r).toEqual({ level, reached, at_ms: at });
  });
});

describe('combineTrends: a sum of reserves', () => {
  it('slopes add with their weights; standard errors in quadrature; any unknown part makes it unknown', () => {
    const a = { slope_per_h: -10, slope_se_per_h: 3, points: 60, from_ms: T0 - HOUR, to_ms: T0 };
    const b = { slope_per_h: -100, slope_se_per_h: 4, points: 6, from_ms: T0 - 50 * MIN, to_ms: T0 - MIN };
    const c = combineTrends([
      { weight: 1, trend: a },
      { weight: 0.5, trend: b },
    ])!;
    expect(c.slope_per_h).toBeCloseTo(-60, 9);
    expect(c.slope_se_per_h).toBeCloseTo(Math.sqrt(9 + 4), 9);
    expect(c.points).toBe(6);
    expect(c.from_ms).toBe(T0 - HOUR);
    expect(
      combineTrends([
        { weight: 1, trend: a },
        { weight: 1, trend: null },
      ]),
    ).toBeNull();
    expect(combineTrends([])).toBeNull();
  });
});

describe('threshold levels', () => {
  it('autonomy-based: hours × draw; no draw, no level', () => {
    expect(autonomyLevelKwh(24, 500)).toBe(12_000);
    expect(autonomyLevelKwh(6, 40)).toBe(240);
    expect(autonomyLevelKwh(24, 0)).toBeNull();
    expect(autonomyLevelKwh(24, null)).toBeNull();
  });
  it('water: fire reserve + living water for the population for the hours; 0 h is the fire reserve', () => {
    // Minato: 400 m³ fire reserve, 12,000 people × 20 L × 24 h = 240 m³ → warning at 640 m³
    expect(waterLevelM3({ fire_reserve_m3: 400, hours: 24, population: 12_000 })).toBeCloseTo(640, 9);
    expect(waterLevelM3({ fire_reserve_m3: 400, hours: 0, population: 12_000 })).toBe(400);
    expect(
      waterLevelM3({ fire_reserve_m3: 20, hours: 48, population: 800, litres_per_person_per_day: 30 }),
    ).toBeCloseTo(20 + 48, 9);
    expect(waterLevelM3({ fire_reserve_m3: 20, hours: -1, population: 800 })).toBeNull();
  });
  it('MIN_TREND_SPAN_MS is ten minutes', () => expect(MIN_TREND_SPAN_MS).toBe(10 * MIN));
});
