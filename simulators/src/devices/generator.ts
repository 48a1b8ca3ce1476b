/**
 * Emergency generator (diesel genset): started by the plant when the grid fails and the batteries cannot carry the
 * site's critical load, and once a month for a short no-load test run. Its fuel follows a straight-line fuel curve:
 * a share of the full-load rate already at no load, the full-load rate (from the registry's efficiency, by
 * @ems/domain) at rated output, so its efficiency falls at part load.
 */
import { ratedFuelRatePerH, type FuelSpecEntry, type AssetOf } from '@ems/domain';
import type { LocalTime } from '../demand.ts';
import {
  HOUR_MS,
  OnOffTimer,
  clamp,
  kwhOf,
  round,
  type Device,
  type DeviceContext,
  type MetricValues,
} from './types.ts';
import type { BackupGenerator, FuelConsumer } from './capabilities.ts';

/** Fuel burnt at no load as a share of the full-load fuel rate (diesel gensets: about a quarter). */
export const GENERATOR_NO_LOAD_FUEL_SHARE = 0.25;
/** The monthly no-load test run: the first Monday of the month, from 10:00 local time, for 15 minutes. */
export const GENERATOR_TEST_RUN = { weekday: 1, hour: 10, minutes: 15 } as const;

export class GeneratorDevice implements Device<AssetOf<'generator'>>, BackupGenerator, FuelConsumer {
  power_kw = 0;
  fuel_rate = 0;
  fuel_total: number;
  energy_kwh: number;
  readonly fuel: FuelSpecEntry;
  /** Fuel per hour at rated output, in the fuel's unit. */
  readonly rated_fuel_per_h: number;
  private readonly timer = new OnOffTimer(15 * 60_000, 5 * 60_000);

  constructor(
    readonly asset: AssetOf<'generator'>,
    ctx: DeviceContext,
  ) {
    this.fuel = ctx.registry.fuel(asset.fuel);
    this.rated_fuel_per_h = ratedFuelRatePerH(asset, this.fuel) ?? 0;
    // an installed generator has run some tests and outages: tens to a few hundred full-load hours
    const fullLoadHours = ctx.rng.uniform(20, 200);
    this.energy_kwh = round(fullLoadHours * asset.rated_kw, 0);
    this.fuel_total = round(fullLoadHours * this.rated_fuel_per_h, 0);
  }

  get running(): boolean {
    return this.timer.on;
  }

  get rated_output_kw(): number {
    return this.asset.rated_kw;
  }

  get fuel_per_h(): number {
    return this.fuel_rate;
  }

  /** With the grid there it runs only its monthly test, at no load (as does the cool-down after an outage). */
  standBy(local: LocalTime, dtMs: number, fuel_available: number): number {
    this.switchTo(this.testRunDue(local), dtMs, fuel_available);
    return this.run(0, dtMs, fuel_available);
  }

  /** Whether the monthly no-load test run is due at a local time. */
  testRunDue(local: LocalTime): boolean {
    const t = GENERATOR_TEST_RUN;
    return (
      local.day <= 7 && local.weekday === t.weekday && local.hour >= t.hour && local.hour < t.hour + t.minutes / 60
    );
  }

  /** Fuel per hour at an electric output, in the fuel's unit. */
  fuelRateAt(power_kw: number): number {
    const share = clamp(power_kw / this.asset.rated_kw, 0, 1);
    return this.rated_fuel_per_h * (GENERATOR_NO_LOAD_FUEL_SHARE + (1 - GENERATOR_NO_LOAD_FUEL_SHARE) * share);
  }

  /** Starts or stops as wished, within its minimum run and rest times; without fuel it stops. Returns running. */
  switchTo(wantOn: boolean, dtMs: number, fuel_available: number): boolean {
    return this.timer.decide(wantOn, dtMs, !(fuel_available > 0));
  }

  /**
   * Carries `load_kw` (up to its rated output) for dtMs while running, on at most `fuel_available` (fuel's unit):
   * when that runs out within the step it ran for the part of the step the fuel lasted. Returns the mean output, kW.
   */
  run(load_kw: number, dtMs: number, fuel_available: number): number {
    let power = this.running ? clamp(load_kw, 0, this.asset.rated_kw) : 0;
    let rate = this.running ? this.fuelRateAt(power) : 0;
    const needed = (rate * dtMs) / HOUR_MS;
    if (needed > fuel_available) {
      const share = Math.max(0, fuel_available) / needed;
      power *= share;
      rate *= share;
    }
    this.power_kw = power;
    this.fuel_rate = rate;
    this.energy_kwh += kwhOf(power, dtMs);
    this.fuel_total += (rate * dtMs) / HOUR_MS;
    return power;
  }

  values(): MetricValues {
    return {
      power_kw: round(this.power_kw),
      energy_kwh: round(this.energy_kwh),
      fuel_rate: round(this.fuel_rate, 4),
      fuel_total: round(this.fuel_total),
      running: this.running,
    };
  }
}
