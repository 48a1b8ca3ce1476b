/**
 * Heat pump: COP as a fraction (0.45–0.55, best near full load) of the Carnot COP between source and supply
 * temperature, capacity falling with the air temperature, minimum run and rest times, and defrost cycles in cold
 * humid weather that draw heat back from the water (negative heat).
 */
import type { AssetOf } from '@ems/domain';
import { carnotCop } from '@ems/domain';
import { ArNoise } from '../random.ts';
import {
  HOUR_MS,
  OnOffTimer,
  clamp,
  flowForHeatM3h,
  kwhOf,
  round,
  type Device,
  type DeviceContext,
  type MetricValues,
} from './types.ts';
import type { ElectricityConsumer, HeatConditions, HeatDelivery, HeatSource } from './capabilities.ts';

export const HP_MIN_PART_LOAD = 0.3;
export const HP_CARNOT_FRACTION = { min: 0.45, max: 0.55 } as const;
/** Standby draw (controls, crankcase heater) as a share of rated electric power. */
export const HP_STANDBY_FRACTION = 0.004;
const DEFROST_MS = 6 * 60_000;

/** Carnot fraction at a part-load ratio: 0.55 at full load, 0.45 at zero load. */
export function carnotFractionAt(part_load: number): number {
  const plr = clamp(part_load, 0, 1);
  return HP_CARNOT_FRACTION.max - (HP_CARNOT_FRACTION.max - HP_CARNOT_FRACTION.min) * (1 - plr) ** 2;
}

export class HeatPumpDevice implements Device<AssetOf<'heat_pump'>>, HeatSource, ElectricityConsumer {
  readonly heat_merit_rank = 10;
  heat_kw = 0;
  power_kw = 0;
  supply_temp_c = 45;
  return_temp_c = 40;
  source_temp_c = 10;
  flow_m3h = 0;
  energy_kwh: number;
  heat_kwh: number;
  defrost = false;
  private readonly timer = new OnOffTimer(15 * 60_000, 10 * 60_000);
  private frostMs = 0;
  private defrostLeftMs = 0;
  private readonly groundDrift: ArNoise;

  constructor(
    readonly asset: AssetOf<'heat_pump'>,
    private readonly ctx: DeviceContext,
  ) {
    this.energy_kwh = round(ctx.rng.uniform(0.2, 2) * asset.rated_power_kw * 1000, 0);
    this.heat_kwh = round(this.energy_kwh * ctx.rng.uniform(2.8, 3.4), 0);
    this.groundDrift = new ArNoise(ctx.rng.fork('source'), 0.6, 48 * HOUR_MS);
  }

  get running(): boolean {
    return this.timer.on;
  }

  get electricity_in_kw(): number {
    return this.power_kw;
  }

  /** Heat output available at a source temperature, kW. */
  capacityKw(source_temp_c: number): number {
    if (this.asset.source !== 'air') return this.asset.rated_heat_kw;
    return this.asset.rated_heat_kw * clamp(1 + 0.012 * (source_temp_c - 7), 0.55, 1.08);
  }

  /** COP at supply and source temperatures and a part load; always between 1 and the Carnot COP. */
  cop(supply_temp_c: number, source_temp_c: number, part_load: number): number {
    const carnot = carnotCop(supply_temp_c, source_temp_c) ?? 1.2;
    return clamp(carnot * carnotFractionAt(part_load), 1.05, carnot * 0.99);
  }

  private sourceTemp(c: HeatConditions, dtMs: number): number {
    const drift = this.groundDrift.step(dtMs);
    const outdoor = c.weather.temp_c;
    if (this.asset.source === 'air') return outdoor;
    if (this.asset.source === 'ground') return 12 + drift + 0.08 * (outdoor - 15) - (this.running ? 1.5 : 0);
    return 14 + drift + 0.15 * (outdoor - 15);
  }

  /** Runs for dtMs against a heat request; delivers negative heat while defrosting. */
  supplyHeat(request_kw: number, c: HeatConditions, dtMs: number): HeatDelivery {
    const rng = this.ctx.rng;
    this.source_temp_c = this.sourceTemp(c, dtMs);
    this.supply_temp_c = c.supply_temp_c;
    this.return_temp_c = c.return_temp_c;
    const cap = this.capacityKw(this.source_temp_c);
    const maxByPower =
      Math.min(this.asset.rated_power_kw, c.power_budget_kw) * this.cop(c.supply_temp_c, this.source_temp_c, 1);
    const available = Math.min(cap, maxByPower);
    const wantOn = c.grid && request_kw >= HP_MIN_PART_LOAD * cap && available >= HP_MIN_PART_LOAD * cap;
    const on = this.timer.decide(wantOn, dtMs, !c.grid);
    this.defrost = false;
    if (!on) {
      this.heat_kw = 0;
      this.power_kw = c.grid ? HP_STANDBY_FRACTION * this.asset.rated_power_kw : 0;
      this.flow_m3h = 0;
      this.defrostLeftMs = 0;
    } else if (this.defrostLeftMs > 0 || this.needsDefrost(c, dtMs)) {
      // reverse cycle: heat drawn from the water to melt the frost on the evaporator
      this.defrost = true;
      if (this.defrostLeftMs <= 0) this.defrostLeftMs = DEFROST_MS * rng.uniform(0.8, 1.3);
      this.defrostLeftMs -= dtMs;
      this.heat_kw = -0.12 * this.asset.rated_heat_kw * rng.uniform(0.8, 1.2);
      this.power_kw = 0.35 * this.asset.rated_power_kw * rng.uniform(0.9, 1.1);
      this.flow_m3h = flowForHeatM3h(0.3 * cap, c.supply_temp_c, c.return_temp_c);
      if (this.defrostLeftMs <= 0) this.frostMs = 0;
    } else {
      const heat = clamp(request_kw, HP_MIN_PART_LOAD * cap, Math.max(HP_MIN_PART_LOAD * cap, available));
      const plr = heat / this.asset.rated_heat_kw;
      const cop = this.cop(c.supply_temp_c, this.source_temp_c, plr);
      this.heat_kw = heat;
      this.power_kw = heat / cop;
      this.flow_m3h = flowForHeatM3h(heat, c.supply_temp_c, c.return_temp_c);
    }
    this.energy_kwh += kwhOf(this.power_kw, dtMs);
    // the heat counter counts delivered heat only: a counter never runs backwards (defrost shows in heat_kw)
    this.heat_kwh += kwhOf(Math.max(0, this.heat_kw), dtMs);
    return { heat_kw: this.heat_kw, electricity_drawn_kw: this.power_kw };
  }

  /** Frost builds up on an air-source evaporator between −10 and +6 °C in humid air. */
  private needsDefrost(c: HeatConditions, dtMs: number): boolean {
    if (this.asset.source !== 'air') return false;
    const t = this.source_temp_c;
    const humidity = c.weather.humidity_pct;
    if (t > 6 || t < -12 || humidity < 60) return false;
    // fastest frosting around 0 °C in saturated air: a defrost every ~40 min; slower otherwise
    const severity = (1 - Math.abs(t) / 12) * ((humidity - 60) / 40);
    this.frostMs += dtMs * clamp(severity, 0.05, 1);
    return this.frostMs >= 40 * 60_000;
  }

  values(): MetricValues {
    const rng = this.ctx.rng;
    const supply = this.defrost
      ? this.return_temp_c - Math.abs(this.heat_kw) / Math.max(1, this.flow_m3h * 1.15)
      : this.supply_temp_c;
    return {
      power_kw: round(this.power_kw),
      heat_kw: round(this.heat_kw),
      flow_m3h: round(this.flow_m3h),
      supply_temp_c: round(supply + rng.normal(0, 0.05), 2),
      return_temp_c: round(this.return_temp_c + rng.normal(0, 0.05), 2),
      source_temp_c: round(this.source_temp_c + rng.normal(0, 0.05), 2),
      energy_kwh: round(this.energy_kwh),
      heat_kwh: round(this.heat_kwh),
      running: this.running,
      defrost: this.defrost,
    };
  }
}
