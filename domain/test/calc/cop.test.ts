import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  carnotCop,
  carnotFraction,
  copFromIntervals,
  heatWhileOffFault,
  instantaneousCop,
  periodCop,
} from '../../src/calc/cop.ts';

describe('COP', () => {
  it('DOMAIN §3: 1,000 kWh heat from 250 kWh electricity → 4.00', () => {
    expect(periodCop(1000, 250)).toBe(4);
  });

  it('DOMAIN §3: COP 5 hour (10 in, 50 out) + COP 2 hour (30 in, 60 out) → 110 / 40 = 2.75, not the mean 3.5', () => {
    const r = copFromIntervals([
      { heat_kwh: 50, electricity_kwh: 10, running: true },
      { heat_kwh: 60, electricity_kwh: 30, running: true },
    ]);
    expect(r.total_cop).toBe(2.75);
    expect(r.running_cop).toBe(2.75);
    expect(r.total_cop).not.toBe(3.5);
  });

  it('periodCop: no value when electricity is 0', () => {
    expect(periodCop(10, 0)).toBeNull();
    expect(periodCop(NaN, 1)).toBeNull();
  });

  it.each([
    [{ heat_kw: 400, power_kw: 100, running: true, rated_power_kw: 120 }, 4],
    [{ heat_kw: 40, power_kw: 6, running: true, rated_power_kw: 120 }, 40 / 6],
    [{ heat_kw: 400, power_kw: 100, rated_power_kw: 120 }, 4],
    [{ heat_kw: 400, power_kw: 100, running: false, rated_power_kw: 120 }, null],
    [{ heat_kw: 20, power_kw: 5.9, running: true, rated_power_kw: 120 }, null],
    [{ heat_kw: 20, power_kw: 0, running: true, rated_power_kw: 120 }, null],
    [{ heat_kw: 0, power_kw: 50, running: true, rated_power_kw: 120 }, null],
    [{ heat_kw: -30, power_kw: 50, running: true, rated_power_kw: 120 }, null],
    [{ heat_kw: 30, power_kw: 50, running: true, rated_power_kw: 0 }, null],
  ])(
    'DOMAIN §3: instantaneous COP of %j is %s (only running and at least 5 percent of rated; never 0 or ∞)',
    (input, expected) => {
      expect(instantaneousCop(input)).toBe(expected);
    },
  );

  it('DOMAIN §3: running COP counts only running intervals; total COP includes standby', () => {
    const r = copFromIntervals([
      { heat_kwh: 400, electricity_kwh: 100, running: true },
      { heat_kwh: 0, electricity_kwh: 20, running: false },
    ]);
    expect(r.running_cop).toBe(4);
    expect(r.total_cop).toBeCloseTo(400 / 120, 12);
  });

  it('DOMAIN §3: defrost (negative heat) counts in the totals and is reported on its own', () => {
    const r = copFromIntervals([
      { heat_kwh: 400, electricity_kwh: 100, running: true },
      { heat_kwh: -20, electricity_kwh: 5, running: true },
    ]);
    expect(r.defrost_kwh).toBe(20);
    expect(r.heat_kwh).toBe(380);
    expect(r.running_cop).toBeCloseTo(380 / 105, 12);
  });

  it('DOMAIN §3: heat while the compressor is off is flagged', () => {
    expect(heatWhileOffFault({ running: false, heat_kw: 12 })).toBe(true);
    expect(heatWhileOffFault({ running: false, heat_kw: 0.2 })).toBe(false);
    expect(heatWhileOffFault({ running: true, heat_kw: 12 })).toBe(false);
    expect(heatWhileOffFault({ running: false, heat_kw: 2, tolerance_kw: 5 })).toBe(false);
    const r = copFromIntervals([{ heat_kwh: 7, electricity_kwh: 0.1, running: false }]);
    expect(r.heat_while_off_kwh).toBe(7);
  });

  it('DOMAIN §3: Carnot COP in kelvin: 55 °C supply, 5 °C source → 328.15 / 50', () => {
    expect(carnotCop(55, 5)).toBeCloseTo(328.15 / 50, 12);
    expect(carnotFraction(3.2816, 55, 5)).toBeCloseTo(0.5, 4);
    expect(carnotCop(5, 55)).toBeNull();
    expect(carnotCop(40, 40)).toBeNull();
    expect(carnotFraction(null, 55, 5)).toBeNull();
  });

  const interval = fc.record({
    heat_kwh: fc.double({ min: 0, max: 1e4, noNaN: true }),
    electricity_kwh: fc.double({ min: 0.001, max: 1e4, noNaN: true }),
    running: fc.constant(true),
  });

  it('property: period COP equals Σheat/Σelec and lies between the min and max interval COPs', () => {
    fc.assert(
      fc.property(fc.array(interval, { minLength: 1, maxLength: 30 }), (ivs) => {
        const r = copFromIntervals(ivs);
        const sumH = ivs.reduce((s, i) => s + i.heat_kwh, 0);
        const sumE = ivs.reduce((s, i) => s + i.electricity_kwh, 0);
        expect(r.total_cop).toBeCloseTo(sumH / sumE, 9);
        const cops = ivs.map((i) => i.heat_kwh / i.electricity_kwh);
        const eps = 1e-9 * Math.max(1, ...cops);
        expect(r.total_cop!).toBeGreaterThanOrEqual(Math.min(...cops) - eps);
        expect(r.total_cop!).toBeLessThanOrEqual(Math.max(...cops) + eps);
      }),
    );
  });

  it('property: instantaneous COP is never 0, negative or infinite', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }),
        fc.double({ noNaN: false }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.double({ noNaN: false }),
        (heat_kw, power_kw, running, rated_power_kw) => {
          const c = instantaneousCop({ heat_kw, power_kw, running, rated_power_kw });
          if (c !== null) {
            expect(Number.isFinite(c)).toBe(true);
            expect(c).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
