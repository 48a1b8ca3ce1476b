import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { heatFromFlow } from '../../src/calc/heat.ts';

describe('heatFromFlow', () => {
  it('DOMAIN §2: 10 m³/h at 65/55 °C → 114.3 kW ±0.3 %', () => {
    const r = heatFromFlow({ flow_m3h: 10, supply_temp_c: 65, return_temp_c: 55 });
    expect(r.fault).toBeUndefined();
    expect(Math.abs(r.heat_kw! - 114.3) / 114.3).toBeLessThan(0.003);
  });

  it('DOMAIN §2: uses properties at the mean temperature, not a fixed 1.163', () => {
    const r = heatFromFlow({ flow_m3h: 10, supply_temp_c: 65, return_temp_c: 55 });
    expect(Math.abs(r.heat_kw! - 116.3)).toBeGreaterThan(1.5);
  });

  it('DOMAIN §2: negative ΔT on a producer is flagged and gives no heat (not negative heat)', () => {
    expect(heatFromFlow({ flow_m3h: 10, supply_temp_c: 50, return_temp_c: 55 })).toEqual({
      heat_kw: null,
      fault: 'negative_delta_t',
    });
  });

  it.each([
    [{ flow_m3h: -1, supply_temp_c: 65, return_temp_c: 55 }, 'negative_flow'],
    [{ flow_m3h: NaN, supply_temp_c: 65, return_temp_c: 55 }, 'invalid_input'],
    [{ flow_m3h: 5, supply_temp_c: 250, return_temp_c: 55 }, 'invalid_input'],
    [{ flow_m3h: 5, supply_temp_c: 65, return_temp_c: -20 }, 'invalid_input'],
  ])('flags %j as %s', (input, fault) => {
    expect(heatFromFlow(input)).toEqual({ heat_kw: null, fault });
  });

  it('zero flow gives 0 kW even with a negative ΔT', () => {
    expect(heatFromFlow({ flow_m3h: 0, supply_temp_c: 40, return_temp_c: 45 })).toEqual({ heat_kw: 0 });
  });

  it('property: heat is never negative and is linear in flow', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (flow, a, b) => {
          const r = heatFromFlow({ flow_m3h: flow, supply_temp_c: a, return_temp_c: b });
          if (r.heat_kw !== null) {
            expect(r.heat_kw).toBeGreaterThanOrEqual(0);
            const r2 = heatFromFlow({ flow_m3h: 2 * flow, supply_temp_c: a, return_temp_c: b });
            expect(r2.heat_kw!).toBeCloseTo(2 * r.heat_kw, 6);
          } else {
            expect(r.fault).toBe('negative_delta_t');
          }
        },
      ),
    );
  });
});
