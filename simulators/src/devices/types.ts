/** What every simulated device shares: its registry asset, its random stream, and its telemetry values. */
import type { Asset, RegistryIndex, Site } from '@ems/domain';
import { heatFactor } from '../water-heat.ts';
import type { Rng } from '../random.ts';

export type MetricValues = Record<string, number | boolean>;

export interface DeviceContext {
  registry: RegistryIndex;
  site: Site;
  rng: Rng;
}

export interface Device<A extends Asset = Asset> {
  readonly asset: A;
  /** The metrics of the MQTT contract (domain/src/contract/metrics.ts) at the current state. */
  values(): MetricValues;
}

export const HOUR_MS = 3_600_000;

/** kWh from kW over dtMs. */
export function kwhOf(power_kw: number, dtMs: number): number {
  return (power_kw * dtMs) / HOUR_MS;
}

/** Round to a number of decimals (what a device's register would hold). */
export function round(x: number, decimals = 3): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

export function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

/**
 * Volume flow (m³/h) that carries heat_kw at a temperature difference, with the water properties at the mean
 * temperature from @ems/domain (the inverse of heatFromFlow).
 */
export function flowForHeatM3h(heat_kw: number, supply_temp_c: number, return_temp_c: number): number {
  const dt = supply_temp_c - return_temp_c;
  const factor = heatFactor((supply_temp_c + return_temp_c) / 2);
  if (!(factor > 0) || dt <= 0) return 0;
  return Math.abs(heat_kw) / (factor * dt);
}

/** Minimum run and rest times of a unit that switches on and off (anti-cycling). */
export class OnOffTimer {
  on = false;
  private sinceSwitchMs = Number.POSITIVE_INFINITY;

  constructor(
    readonly minOnMs: number,
    readonly minOffMs: number,
  ) {}

  /** Applies a wish to run; returns whether the unit runs this step. `force` stops it regardless (no supply). */
  decide(wantOn: boolean, dtMs: number, forceOff = false): boolean {
    this.sinceSwitchMs += dtMs;
    let next = wantOn;
    if (forceOff) next = false;
    else if (this.on && !wantOn && this.sinceSwitchMs < this.minOnMs) next = true;
    else if (!this.on && wantOn && this.sinceSwitchMs < this.minOffMs) next = false;
    if (next !== this.on) {
      this.on = next;
      this.sinceSwitchMs = 0;
    }
    return this.on;
  }
}
