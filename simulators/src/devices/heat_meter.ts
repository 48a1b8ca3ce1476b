/** Heat meter at the plant's or building's output: heat delivered = demand served, flow from ΔT, heat from flow. */
import type { AssetOf } from '@ems/domain';
import { heatFromFlow } from '@ems/domain';
import { flowForHeatM3h, kwhOf, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { HeatMeter } from './capabilities.ts';

export class HeatMeterDevice implements Device<AssetOf<'heat_meter'>>, HeatMeter {
  heat_kw = 0;
  flow_m3h = 0;
  supply_temp_c = 60;
  return_temp_c = 45;
  heat_kwh: number;

  constructor(
    readonly asset: AssetOf<'heat_meter'>,
    private readonly ctx: DeviceContext,
  ) {
    this.heat_kwh = round(ctx.rng.uniform(1, 5) * 1e6, 0) / 10;
  }

  /** Meters heat_kw delivered at the network temperatures for dtMs. */
  meterHeat(heat_kw: number, supply_temp_c: number, return_temp_c: number, dtMs: number): void {
    const rng = this.ctx.rng;
    this.supply_temp_c = round(supply_temp_c + rng.normal(0, 0.05), 2);
    this.return_temp_c = round(return_temp_c + rng.normal(0, 0.05), 2);
    this.flow_m3h = round(flowForHeatM3h(Math.max(0, heat_kw), this.supply_temp_c, this.return_temp_c), 3);
    // the meter's own calculation (DOMAIN §2): what it reports is consistent with its flow and temperatures
    this.heat_kw =
      heatFromFlow({ flow_m3h: this.flow_m3h, supply_temp_c: this.supply_temp_c, return_temp_c: this.return_temp_c })
        .heat_kw ?? 0;
    this.heat_kwh += kwhOf(this.heat_kw, dtMs);
  }

  values(): MetricValues {
    return {
      heat_kw: round(this.heat_kw),
      heat_kwh: round(this.heat_kwh),
      flow_m3h: this.flow_m3h,
      supply_temp_c: this.supply_temp_c,
      return_temp_c: this.return_temp_c,
    };
  }
}
