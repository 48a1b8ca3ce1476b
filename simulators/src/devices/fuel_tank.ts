/** Fuel tank: drains with the site's boilers, CHP and emergency generator on its fuel; refilled by delivery. */
import type { FuelSpecEntry, AssetOf } from '@ems/domain';
import { round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { FuelStore } from './capabilities.ts';

/** Density of fuels counted in kg, to hold them in a tank measured in litres (kg/L). */
const KG_PER_L: Record<string, number> = { lpg: 0.51, wood_pellets: 0.65, wood_chips: 0.3 };

export const REFILL_BELOW = 0.2;
export const REFILL_TO = 0.9;

export class FuelTankDevice implements Device<AssetOf<'fuel_tank'>>, FuelStore {
  volume_l: number;
  readonly fuel: FuelSpecEntry;
  deliveries = 0;

  constructor(
    readonly asset: AssetOf<'fuel_tank'>,
    private readonly ctx: DeviceContext,
  ) {
    this.fuel = ctx.registry.fuel(asset.fuel);
    this.volume_l = asset.capacity_l * ctx.rng.uniform(0.5, 0.9);
  }

  /** Litres of an amount in the fuel's unit. */
  litresOf(amount: number): number {
    return this.fuel.unit === 'kg' ? amount / (KG_PER_L[this.asset.fuel] ?? 1) : amount;
  }

  /** Fuel in the tank, in the fuel's unit. */
  get fuel_left(): number {
    return this.volume_l / this.litresOf(1);
  }

  /** Takes an amount (in the fuel's unit) out of the tank; returns the amount actually available. */
  drawFuel(amount: number): number {
    const litres = Math.min(this.volume_l, this.litresOf(amount));
    this.volume_l -= litres;
    return amount > 0 ? (amount * litres) / this.litresOf(amount) : 0;
  }

  /** A tanker fills it to 90 % when it fell below 20 % (only while deliveries run). */
  awaitDelivery(deliveriesRun: boolean): void {
    if (deliveriesRun && this.volume_l < REFILL_BELOW * this.asset.capacity_l) {
      this.volume_l = REFILL_TO * this.asset.capacity_l;
      this.deliveries++;
    }
  }

  values(): MetricValues {
    // a level gauge wobbles a little; never outside the tank
    const v = this.volume_l + this.ctx.rng.normal(0, this.asset.capacity_l * 0.0005);
    return { volume_l: round(Math.min(this.asset.capacity_l, Math.max(0, v)), 1) };
  }
}
