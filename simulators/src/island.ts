/**
 * Island operation in a grid outage on what the producers leave of the critical load: the electricity stores carry
 * it while they can; the backup generators start when the stores cannot (too little power, or down to
 * GENERATOR_START_SOC), carry the load and recharge the stores with what they have to spare, and stop once the
 * stores hold GENERATOR_STOP_SOC and can carry the load again.
 */
import type { BackupGenerator, ElectricityStore } from './devices/capabilities.ts';
import type { FuelSupply } from './fuel-supply.ts';

export const GENERATOR_START_SOC = 0.3;
export const GENERATOR_STOP_SOC = 0.8;

/** Runs the island for dt_ms on `load_kw` (negative: power to spare); returns the generators' output, kW. */
export function runIsland(
  load_kw: number,
  stores: readonly ElectricityStore[],
  generators: readonly BackupGenerator[],
  fuel: FuelSupply,
  dt_ms: number,
): number {
  let storeKw = 0;
  for (const s of stores) if (s.soc > GENERATOR_START_SOC) storeKw += s.max_power_kw;
  const charged = stores.every((s) => s.soc >= GENERATOR_STOP_SOC);
  const running = generators.some((g) => g.running);
  const wantOn = load_kw > storeKw || (running && load_kw > 0 && !charged);
  let capacityKw = 0;
  for (const g of generators) if (g.switchTo(wantOn, dt_ms, fuel.leftFor(g.asset.id))) capacityKw += g.rated_output_kw;
  // + the stores charge with what the generators have to spare, − they cover what the generators cannot
  let request = capacityKw - load_kw;
  let charging = 0;
  for (const s of stores) {
    const p = s.exchangeElectricity(request, 0, dt_ms);
    charging += p;
    request -= p;
  }
  const generatorLoad = Math.max(0, load_kw + charging);
  let out = 0;
  for (const g of generators) {
    const share = capacityKw > 0 && g.running ? g.rated_output_kw / capacityKw : 0;
    out += g.run(generatorLoad * share, dt_ms, fuel.leftFor(g.asset.id));
  }
  return out;
}
