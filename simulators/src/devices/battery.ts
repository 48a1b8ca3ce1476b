/**
 * Stationary battery: stores PV surplus and covers the evening deficit (self-consumption) down to a reserve kept
 * for outages; in a grid outage it carries the site's critical load down to empty.
 */
import type { AssetOf } from '@ems/domain';
import { clamp, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { ElectricityStore } from './capabilities.ts';

export const BATTERY_RESERVE_SOC = 0.4;
export const BATTERY_MAX_SOC = 0.95;
const ROUND_TRIP_SQRT = Math.sqrt(0.92);

export class BatteryDevice implements Device<AssetOf<'battery'>>, ElectricityStore {
  soc = 0.7;
  readonly reserve_soc = BATTERY_RESERVE_SOC;
  /** + charging, − discharging, kW at the terminals. */
  power_kw = 0;

  constructor(
    readonly asset: AssetOf<'battery'>,
    ctx: DeviceContext,
  ) {
    this.soc = ctx.rng.uniform(0.6, 0.85);
  }

  get max_power_kw(): number {
    return this.asset.rated_power_kw;
  }

  /**
   * Wants `request_kw` (+ charge, − discharge) for dtMs; returns the power actually taken (+) or given (−), kW.
   * `floor_soc` is the lowest state of charge it may discharge to.
   */
  exchangeElectricity(request_kw: number, floor_soc: number, dtMs: number): number {
    const hours = dtMs / 3_600_000;
    const cap = this.asset.capacity_kwh;
    let p = clamp(request_kw, -this.asset.rated_power_kw, this.asset.rated_power_kw);
    if (p > 0) p = Math.min(p, ((BATTERY_MAX_SOC - this.soc) * cap) / (ROUND_TRIP_SQRT * hours));
    else if (p < 0) p = -Math.min(-p, (Math.max(0, this.soc - floor_soc) * cap * ROUND_TRIP_SQRT) / hours);
    p = Math.max(-this.asset.rated_power_kw, Math.min(this.asset.rated_power_kw, p));
    if (Math.abs(p) < 1e-9) p = 0;
    const stored = p > 0 ? p * ROUND_TRIP_SQRT : p / ROUND_TRIP_SQRT;
    this.soc = clamp(this.soc + (stored * hours) / cap, 0, 1);
    this.power_kw = p;
    return p;
  }

  values(): MetricValues {
    return { soc_pct: round(this.soc * 100, 2), power_kw: round(this.power_kw) };
  }
}
