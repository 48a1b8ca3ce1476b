/**
 * Heat demand of a network or building: space heating from degree-hours below a base temperature (with the
 * building's thermal inertia) plus domestic hot water, each with a daily profile (morning and evening peaks), and
 * the site's electric base load. Scaled by the site's generators.
 */
import { hasTrait, type Asset } from '@ems/domain';
import { ArNoise, type Rng } from './random.ts';

const HOUR_MS = 3_600_000;

export interface DemandProfile {
  /** Space-heating demand at the design outdoor temperature, kW. */
  design_space_kw: number;
  /** Design outdoor temperature, °C. */
  design_outdoor_c: number;
  /** Heating base temperature: no space heating above it, °C. */
  base_temp_c: number;
  /** Mean domestic hot-water demand, kW. */
  dhw_mean_kw: number;
}

/** Local time of day, day of week and day of month at the site. */
export interface LocalTime {
  hour: number; // fractional, 0–24
  weekday: number; // 1 = Monday … 7 = Sunday
  day: number; // 1–31
}

/** Total heat-generation capacity of a site's heat producers (heat pumps, boilers, CHP), kW. */
export function generationCapacityKw(assets: readonly Asset[]): number {
  let kw = 0;
  for (const a of assets) if (hasTrait(a, 'produces_heat') && 'rated_heat_kw' in a) kw += a.rated_heat_kw;
  return kw;
}

/** A demand profile sized so the generators cover the design day with the tank shaving the peaks. */
export function demandProfileFor(assets: readonly Asset[], january_mean_c: number): DemandProfile {
  const capacity = generationCapacityKw(assets);
  return {
    design_space_kw: 0.6 * capacity,
    design_outdoor_c: january_mean_c - 6,
    base_temp_c: 18,
    dhw_mean_kw: 0.06 * capacity,
  };
}

/** Space-heating multiplier over the day: night set-back, morning start-up peak, evening peak. */
export function spaceHeatingShape(hour: number): number {
  if (hour < 5) return 0.72;
  if (hour < 6) return 0.9;
  if (hour < 9) return 1.35;
  if (hour < 17) return 0.95;
  if (hour < 22) return 1.15;
  return 0.85;
}

/** Domestic hot-water multiplier (mean 1 over the day): peaks at 7:00 and 20:00. */
export function dhwShape(hour: number): number {
  const peak = (h0: number, w: number) => Math.exp(-0.5 * ((hour - h0) / w) ** 2);
  return 0.35 + 1.55 * peak(7.5, 1.3) + 1.95 * peak(20, 1.8) + 0.5 * peak(12.5, 1.2);
}

export class HeatDemand {
  private indoorDriverC: number | undefined;
  private readonly noise: ArNoise;

  constructor(
    readonly profile: DemandProfile,
    rng: Rng,
  ) {
    this.noise = new ArNoise(rng.fork('demand-noise'), 0.05, 1.5 * HOUR_MS);
  }

  /** Heat demand in kW at the outdoor temperature (smoothed by the building's ~8 h time constant). */
  step(dtMs: number, outdoor_c: number, local: LocalTime): number {
    const a = this.indoorDriverC === undefined ? 0 : Math.exp(-dtMs / (8 * HOUR_MS));
    this.indoorDriverC = a * (this.indoorDriverC ?? outdoor_c) + (1 - a) * outdoor_c;
    const p = this.profile;
    const degreeFraction = Math.max(0, p.base_temp_c - this.indoorDriverC) / (p.base_temp_c - p.design_outdoor_c);
    const space = p.design_space_kw * degreeFraction * spaceHeatingShape(local.hour);
    const dhw = p.dhw_mean_kw * dhwShape(local.hour);
    return Math.max(0, (space + dhw) * (1 + this.noise.step(dtMs)));
  }
}

/** Electric base load of the site's buildings and plant auxiliaries (pumps, fans), kW. */
export class ElectricLoad {
  private readonly noise: ArNoise;

  constructor(
    /** Night-time load, kW. */
    readonly night_kw: number,
    /** Weekday office-hours load, kW. */
    readonly day_kw: number,
    rng: Rng,
  ) {
    this.noise = new ArNoise(rng.fork('load-noise'), 0.06, 0.5 * HOUR_MS);
  }

  step(dtMs: number, local: LocalTime): number {
    const working = local.weekday <= 5 && local.hour >= 8 && local.hour < 19;
    const shoulder =
      local.weekday <= 5 && ((local.hour >= 7 && local.hour < 8) || (local.hour >= 19 && local.hour < 21));
    const base = working ? this.day_kw : shoulder ? (this.day_kw + this.night_kw) / 2 : this.night_kw;
    return Math.max(0, base * (1 + this.noise.step(dtMs)));
  }
}
