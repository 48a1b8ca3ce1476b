/** Combined heat and power: fuel in, electricity and heat out at the registry's electric and thermal efficiencies. */
import type { AssetOf, FuelSpecEntry } from '@ems/domain';
import { fuelRateFor } from './boiler.ts';
import { OnOffTimer, clamp, kwhOf, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import {
  hasFuel,
  type ElectricityProducer,
  type FuelConsumer,
  type HeatConditions,
  type HeatDelivery,
  type HeatSource,
} from './capabilities.ts';

export const CHP_MIN_PART_LOAD = 0.5;
/** It starts when the heat asked of it exceeds this share of its full-load heat (or the grid is down). */
export const CHP_START_SHARE = 0.6;

export class ChpDevice implements Device<AssetOf<'chp'>>, HeatSource, ElectricityProducer, FuelConsumer {
  readonly heat_merit_rank = 20;
  power_kw = 0;
  heat_kw = 0;
  fuel_rate = 0;
  fuel_total: number;
  energy_kwh: number;
  heat_kwh: number;
  readonly fuel: FuelSpecEntry;
  private readonly timer = new OnOffTimer(30 * 60_000, 15 * 60_000);

  constructor(
    readonly asset: AssetOf<'chp'>,
    private readonly ctx: DeviceContext,
  ) {
    this.fuel = ctx.registry.fuel(asset.fuel);
    this.energy_kwh = round(ctx.rng.uniform(0.3, 2) * asset.rated_power_kw * 1000, 0);
    this.heat_kwh = round((this.energy_kwh * asset.thermal_efficiency) / asset.electric_efficiency, 0);
    this.fuel_total = round(fuelRateFor(this.energy_kwh / asset.electric_efficiency, this.fuel), 0);
  }

  get running(): boolean {
    return this.timer.on;
  }

  /** Heat output at full electric load, kW. */
  get fullLoadHeatKw(): number {
    return (this.asset.rated_power_kw / this.asset.electric_efficiency) * this.asset.thermal_efficiency;
  }

  get electricity_out_kw(): number {
    return this.power_kw;
  }

  get fuel_per_h(): number {
    return this.fuel_rate;
  }

  /** Follows a big enough heat request for dtMs, or any demand in a grid outage (island power), while fuel lasts. */
  supplyHeat(heat_request_kw: number, c: HeatConditions, dtMs: number): HeatDelivery {
    const wantOn =
      hasFuel(c) && (heat_request_kw > CHP_START_SHARE * this.fullLoadHeatKw || (!c.grid && c.demand_kw > 0));
    const on = this.timer.decide(wantOn, dtMs);
    const plr = on ? clamp(heat_request_kw / this.fullLoadHeatKw, CHP_MIN_PART_LOAD, 1) : 0;
    this.power_kw = plr * this.asset.rated_power_kw;
    const fuel_kw = this.power_kw / this.asset.electric_efficiency;
    this.heat_kw = fuel_kw * this.asset.thermal_efficiency;
    this.fuel_rate = on ? fuelRateFor(fuel_kw, this.fuel) : 0;
    this.fuel_total += (this.fuel_rate * dtMs) / 3_600_000;
    this.energy_kwh += kwhOf(this.power_kw, dtMs);
    this.heat_kwh += kwhOf(this.heat_kw, dtMs);
    return { heat_kw: this.heat_kw, electricity_drawn_kw: -this.power_kw };
  }

  values(): MetricValues {
    return {
      power_kw: round(this.power_kw),
      heat_kw: round(this.heat_kw),
      fuel_rate: round(this.fuel_rate, 4),
      fuel_total: round(this.fuel_total),
      energy_kwh: round(this.energy_kwh),
      heat_kwh: round(this.heat_kwh),
      running: this.running,
    };
  }
}
