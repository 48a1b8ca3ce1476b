/**
 * Lookup tables over @ems/domain's water-property calculations. The IAPWS-IF97 formulation is exact but costs
 * microseconds per call, and a year of simulated plant calls it tens of millions of times; these tables sample
 * the domain function itself on a 0.1 K grid and interpolate linearly between the samples (relative error
 * below 1e-8 for these smooth functions), so every value still comes from the domain's formula.
 */
import { heatFactorKwPerM3hK, layerStoredHeatKwh } from '@ems/domain';

export type Tabulated = (x: number) => number;

/** A function sampled on [min, max] every `step`, interpolated linearly; outside the range it calls fn directly. */
export function tabulate(fn: (x: number) => number | null, min: number, max: number, step: number): Tabulated {
  let table: Float64Array | undefined;
  const n = Math.round((max - min) / step) + 1;
  const build = (): Float64Array => {
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = fn(min + i * step) ?? Number.NaN;
    return t;
  };
  return (x: number) => {
    if (!(x >= min && x <= max)) return fn(x) ?? Number.NaN;
    table ??= build();
    const pos = (x - min) / step;
    const i = Math.min(n - 2, Math.floor(pos));
    const f = pos - i;
    return table[i]! + (table[i + 1]! - table[i]!) * f;
  };
}

/** ρ·c_p/3600 at a mean temperature, kW per (m³/h · K) (heatFactorKwPerM3hK). */
export const heatFactor = tabulate(heatFactorKwPerM3hK, 0, 150, 0.1);

/** Heat in one m³ of water at temp_c above min_c, kWh (layerStoredHeatKwh); one table per minimum temperature. */
export function storedHeatPerM3(min_c: number): Tabulated {
  let t = cache.get(min_c);
  if (!t) {
    t = tabulate((temp) => layerStoredHeatKwh({ volume_m3: 1, temp_c: temp }, min_c), 0, 150, 0.1);
    cache.set(min_c, t);
  }
  return t;
}
const cache = new Map<number, Tabulated>();
