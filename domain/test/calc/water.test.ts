import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  heatFactorKwPerM3hK,
  if97Region1,
  saturationPressureMpa,
  waterDensityKgM3,
  waterEnthalpyKjKg,
  waterSpecificHeatKjKgK,
} from '../../src/calc/water.ts';

const relErr = (actual: number | null, expected: number): number => Math.abs((actual ?? NaN) - expected) / expected;

describe('water properties', () => {
  it.each([
    { t: 20, rho: 998.2, cp: 4.184, f: '1.160' },
    { t: 40, rho: 992.2, cp: 4.18, f: '1.152' },
    { t: 60, rho: 983.2, cp: 4.185, f: '1.143' },
    { t: 80, rho: 971.7, cp: 4.197, f: '1.133' },
  ])(
    'DOMAIN §2 table: at $t °C ρ = $rho kg/m³, c_p = $cp kJ/kg·K, $f kW per (m³/h·K), each ±0.1 %',
    ({ t, rho, cp, f: fs }) => {
      const f = Number(fs);
      expect(relErr(waterDensityKgM3(t), rho)).toBeLessThan(0.001);
      expect(relErr(waterSpecificHeatKjKgK(t), cp)).toBeLessThan(0.001);
      expect(relErr(heatFactorKwPerM3hK(t), f)).toBeLessThan(0.001);
    },
  );

  it.each([
    // IAPWS-IF97 table 5 verification values: p MPa, T K, v m³/kg, h kJ/kg, cp kJ/kg·K
    [3, 300, 0.100215168e-2, 0.115331273e3, 0.417301218e1],
    [80, 300, 0.971180894e-3, 0.184142828e3, 0.401008987e1],
    [3, 500, 0.1202418e-2, 0.975542239e3, 0.465580682e1],
  ])('IAPWS-IF97 region 1 verification at %d MPa, %d K', (p, t, v, h, cp) => {
    const s = if97Region1(p, t);
    expect(relErr(s.v_m3_per_kg, v)).toBeLessThan(1e-8);
    expect(relErr(s.h_kj_per_kg, h)).toBeLessThan(1e-8);
    expect(relErr(s.cp_kj_per_kg_k, cp)).toBeLessThan(1e-8);
  });

  it.each([
    [300, 0.353658941e-2],
    [500, 0.263889776e1],
    [600, 0.123443146e2],
  ])('IAPWS-IF97 saturation pressure verification at %d K → %d MPa', (t, p) => {
    expect(relErr(saturationPressureMpa(t), p)).toBeLessThan(1e-8);
  });

  it.each([NaN, Infinity, -10, 200.1, 500])('no value outside −5…200 °C or non-finite: %d', (t) => {
    expect(waterDensityKgM3(t)).toBeNull();
    expect(waterSpecificHeatKjKgK(t)).toBeNull();
    expect(waterEnthalpyKjKg(t)).toBeNull();
    expect(heatFactorKwPerM3hK(t)).toBeNull();
  });

  it('−5…0 °C uses the 0 °C properties', () => {
    expect(waterDensityKgM3(-3)).toBe(waterDensityKgM3(0));
  });

  it('property: over 0–200 °C values are finite, plausible, density falls and enthalpy rises with temperature', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 199, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (t, dt) => {
          const rho = waterDensityKgM3(t);
          const cp = waterSpecificHeatKjKgK(t);
          expect(rho).not.toBeNull();
          expect(cp).not.toBeNull();
          expect(rho!).toBeGreaterThan(860);
          expect(rho!).toBeLessThan(1000.1);
          expect(cp!).toBeGreaterThan(4.17);
          expect(cp!).toBeLessThan(4.5);
          expect(waterEnthalpyKjKg(t + dt)!).toBeGreaterThan(waterEnthalpyKjKg(t)!);
          if (t > 4) expect(waterDensityKgM3(t + dt)!).toBeLessThan(rho!);
        },
      ),
    );
  });
});
