/**
 * Boiler: modulates from 20 % to 100 % of rated heat, efficiency on a part-load curve around the registry's
 * nominal efficiency, fuel rate in the fuel's unit per hour from its HHV (registry fuel table), fuel counter.
 * Wood-fired boilers ramp slowly.
 */
import type { AssetOf, FuelSpecEntry } from '@ems/domain';
import { fuelPowerKw } from '@ems/domain';
import {
  OnOffTimer,
  clamp,
  flowForHeatM3h,
  kwhOf,
  round,
  type Device,
  type DeviceContext,
  type MetricValues,
} from './types.ts';
import { hasFuel, type FuelConsumer, type HeatConditions, type HeatDelivery, type HeatSource } from './capabilities.ts';

export const BOILER_MIN_PART_LOAD = 0.2;
/** Efficiency relative to nominal over part load: peaks slightly above nominal near 70 % load. */
export const BOILER_EFFICIENCY_CURVE = { min: 0.94, max: 1.02 } as const;

/** Efficiency (HHV) of a boiler at a part-load ratio: η_nom × (1.02 − 0.12 × (plr − 0.7)²), within the curve bounds. */
export function boilerEfficiency(nominal: number, part_load: number): number {
  const plr = clamp(part_load, 0, 1);
  const rel = clamp(1.02 - 0.12 * (plr - 0.7) ** 2, BOILER_EFFICIENCY_CURVE.min, BOILER_EFFICIENCY_CURVE.max);
  return nominal * rel;
}

/** Fuel rate in the fuel's unit per hour that delivers fuel_kw of HHV fuel power. */
export function fuelRateFor(fuel_kw: number, spec: FuelSpecEntry): number {
  const kwPerUnitPerH = fuelPowerKw(1, spec) ?? 1;
  return fuel_kw / kwPerUnitPerH;
}

export class BoilerDevice implements Device<AssetOf<'boiler'>>, HeatSource, FuelConsumer {
  heat_kw = 0;
  fuel_rate = 0;
  fuel_total: number;
  heat_kwh: number;
  supply_temp_c = 60;
  return_temp_c = 45;
  flow_m3h = 0;
  efficiency = 0;
  readonly fuel: FuelSpecEntry;
  private readonly timer = new OnOffTimer(10 * 60_000, 5 * 60_000);

  constructor(
    readonly asset: AssetOf<'boiler'>,
    private readonly ctx: DeviceContext,
  ) {
    this.fuel = ctx.registry.fuel(asset.fuel);
    this.heat_kwh = round(ctx.rng.uniform(0.2, 2) * asset.rated_heat_kw * 1000, 0);
    const kwhPerUnit = (fuelPowerKw(1, this.fuel) ?? 1) * asset.efficiency;
    this.fuel_total = round(this.heat_kwh / kwhPerUnit, 0);
  }

  get running(): boolean {
    return this.timer.on;
  }

  get biogenic(): boolean {
    return this.fuel.biogenic;
  }

  /** Biogenic boilers carry the base, fossil ones the peaks. */
  get heat_merit_rank(): number {
    return this.biogenic ? 30 : 40;
  }

  get fuel_per_h(): number {
    return this.fuel_rate;
  }

  /** Runs for dtMs against a heat request while its fuel lasts. */
  supplyHeat(request_kw: number, c: HeatConditions, dtMs: number): HeatDelivery {
    const rated = this.asset.rated_heat_kw;
    const available = hasFuel(c);
    const on = this.timer.decide(available && request_kw >= BOILER_MIN_PART_LOAD * rated, dtMs, !available);
    let heat = on ? clamp(request_kw, BOILER_MIN_PART_LOAD * rated, rated) : 0;
    if (this.biogenic && on) {
      // a wood-chip grate follows its load slowly: ~3 % of rated per minute
      const maxStep = 0.03 * rated * (dtMs / 60_000);
      heat = clamp(heat, Math.max(BOILER_MIN_PART_LOAD * rated, this.heat_kw - maxStep), this.heat_kw + maxStep);
    }
    this.heat_kw = heat;
    this.supply_temp_c = c.supply_temp_c + 2;
    this.return_temp_c = c.return_temp_c;
    this.flow_m3h = flowForHeatM3h(heat, this.supply_temp_c, c.return_temp_c);
    this.efficiency = on ? boilerEfficiency(this.asset.efficiency, heat / rated) : 0;
    this.fuel_rate = on ? fuelRateFor(heat / this.efficiency, this.fuel) : 0;
    this.fuel_total += (this.fuel_rate * dtMs) / 3_600_000;
    this.heat_kwh += kwhOf(heat, dtMs);
    return { heat_kw: heat, electricity_drawn_kw: 0 };
  }

  values(): MetricValues {
    const rng = this.ctx.rng;
    return {
      heat_kw: round(this.heat_kw),
      fuel_rate: round(this.fuel_rate, 4),
      fuel_total: round(this.fuel_total),
      heat_kwh: round(this.heat_kwh),
      flow_m3h: round(this.flow_m3h),
      supply_temp_c: round(this.supply_temp_c + rng.normal(0, 0.05), 2),
      return_temp_c: round(this.return_temp_c + rng.normal(0, 0.05), 2),
      running: this.running,
    };
  }
}
