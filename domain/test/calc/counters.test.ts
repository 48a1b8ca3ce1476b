import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { counterIncrease, counterIncreaseSamples, counterResets, integratePowerKwh } from '../../src/calc/counters.ts';

describe('counters', () => {
  it('DOMAIN §1: readings 100, 150, 5, 40 → 50 + 5 + 35 = 90', () => {
    expect(counterIncrease([100, 150, 5, 40])).toBe(90);
    expect(counterResets([100, 150, 5, 40])).toBe(1);
  });

  it.each([
    [[], 0],
    [[42], 0],
    [[1, 2, 3], 2],
    [[10, 10, 10], 0],
    [[10, NaN, 15], 5],
    [[10, 0, 0, 3], 3],
  ])('counterIncrease(%j) = %d', (readings, expected) => {
    expect(counterIncrease(readings)).toBe(expected);
  });

  it('samples are sorted by time before the increase is taken', () => {
    const samples = [
      { ts_ms: 3000, value: 5 },
      { ts_ms: 1000, value: 100 },
      { ts_ms: 4000, value: 40 },
      { ts_ms: 2000, value: 150 },
    ];
    expect(counterIncreaseSamples(samples)).toBe(90);
  });

  it('property: increase is never negative for any sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true })), (xs) => {
        expect(counterIncrease(xs)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('property: for a monotonic sequence the increase equals last − first', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1 }),
        (start, steps) => {
          const xs = [start];
          for (const s of steps) xs.push(xs[xs.length - 1]! + s);
          const inc = counterIncrease(xs);
          expect(inc).toBeCloseTo(xs[xs.length - 1]! - xs[0]!, 3);
        },
      ),
    );
  });

  it('integratePowerKwh: trapezoid, 10 kW → 20 kW over one hour → 15 kWh', () => {
    expect(
      integratePowerKwh([
        { ts_ms: 0, value_kw: 10 },
        { ts_ms: 3_600_000, value_kw: 20 },
      ]),
    ).toBeCloseTo(15, 12);
  });

  it('integratePowerKwh: gaps longer than maxGapMs are not integrated', () => {
    const samples = [
      { ts_ms: 0, value_kw: 10 },
      { ts_ms: 60_000, value_kw: 10 },
      { ts_ms: 3_660_000, value_kw: 10 },
    ];
    expect(integratePowerKwh(samples, 120_000)).toBeCloseTo(10 / 60, 12);
    expect(integratePowerKwh(samples)).toBeCloseTo(10 + 10 / 60, 12);
  });

  it('property: constant power P over duration T integrates to P·T when no gap is skipped', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: 0, max: 86_400_000 }), { minLength: 2, maxLength: 50 }),
        (p, ts) => {
          const samples = ts.map((t) => ({ ts_ms: t, value_kw: p }));
          const span = (Math.max(...ts) - Math.min(...ts)) / 3_600_000;
          expect(integratePowerKwh(samples)).toBeCloseTo(p * span, 6);
        },
      ),
    );
  });
});
