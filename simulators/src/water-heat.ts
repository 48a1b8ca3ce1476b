/** The domain's water-heat functions in the shape the device models use (numbers, no nulls). */
import { heatFactorKwPerM3hK, layerStoredHeatKwh } from '@ems/domain';

/** ρ·c_p/3600 at a mean temperature, kW per (m³/h · K); NaN outside the domain's range. */
export function heatFactor(mean_temp_c: number): number {
  return heatFactorKwPerM3hK(mean_temp_c) ?? Number.NaN;
}

/** Heat in one m³ of water at temp_c above min_c, kWh. */
export function storedHeatPerM3(min_c: number): (temp_c: number) => number {
  return (temp_c) => layerStoredHeatKwh({ volume_m3: 1, temp_c }, min_c);
}
