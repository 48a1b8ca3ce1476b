/**
 * Which fuel stores supply which consumer (DOMAIN §9 `supplies`, else every store of its fuel at the site): what a
 * consumer has left, and drawing what it burnt from its stores in their order.
 */
import { suppliedBy, type Site } from '@ems/domain';
import type { FuelStore } from './devices/capabilities.ts';

export class FuelSupply {
  private readonly storesOf = new Map<string, FuelStore[]>();

  constructor(
    site: Site,
    readonly stores: readonly FuelStore[],
  ) {
    for (const store of stores)
      for (const a of suppliedBy(store.asset, site))
        this.storesOf.set(a.id, [...(this.storesOf.get(a.id) ?? []), store]);
  }

  /** Fuel left for an asset in its fuel's unit; unlimited without a store (piped fuel). */
  leftFor(asset_id: string): number {
    const stores = this.storesOf.get(asset_id);
    if (!stores) return Number.POSITIVE_INFINITY;
    let left = 0;
    for (const s of stores) left += s.fuel_left;
    return left;
  }

  /** Takes an amount (in the fuel's unit) out of the stores that supply an asset, in their order. */
  draw(asset_id: string, amount: number): void {
    let rest = amount;
    for (const s of this.storesOf.get(asset_id) ?? []) if (rest > 0) rest -= s.drawFuel(rest);
  }
}
