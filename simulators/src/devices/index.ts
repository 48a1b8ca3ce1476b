/** The registry of device models: one module per asset type. */
import type { Asset, AssetOf, AssetType, RegistryIndex, Site } from '@ems/domain';
import { designSupplyTempC } from '../heat-network.ts';
import type { Rng } from '../random.ts';
import { BatteryDevice } from './battery.ts';
import { BoilerDevice } from './boiler.ts';
import { ChpDevice } from './chp.ts';
import { FuelTankDevice } from './fuel_tank.ts';
import { GeneratorDevice } from './generator.ts';
import { GridMeterDevice } from './grid_meter.ts';
import { HeatMeterDevice } from './heat_meter.ts';
import { HeatPumpDevice } from './heat_pump.ts';
import { PvDevice } from './pv.ts';
import { StorageTankDevice } from './storage_tank.ts';
import type { Device, DeviceContext } from './types.ts';

export interface DeviceInit {
  /** Initial tank temperatures (bottom, top), °C. */
  tank: { bottom_c: number; top_c: number };
}

type Factory<T extends AssetType> = (asset: AssetOf<T>, ctx: DeviceContext, init: DeviceInit) => Device<AssetOf<T>>;

export const DEVICE_TYPES: { [T in AssetType]: Factory<T> } = {
  pv: (a, ctx) => new PvDevice(a, ctx),
  heat_pump: (a, ctx) => new HeatPumpDevice(a, ctx),
  boiler: (a, ctx) => new BoilerDevice(a, ctx),
  chp: (a, ctx) => new ChpDevice(a, ctx),
  generator: (a, ctx) => new GeneratorDevice(a, ctx),
  storage_tank: (a, ctx, init) => new StorageTankDevice(a, ctx, init.tank),
  heat_meter: (a, ctx) => new HeatMeterDevice(a, ctx),
  grid_meter: (a, ctx) => new GridMeterDevice(a, ctx),
  fuel_tank: (a, ctx) => new FuelTankDevice(a, ctx),
  battery: (a, ctx) => new BatteryDevice(a, ctx),
};

export function createDevice(asset: Asset, ctx: DeviceContext, init: DeviceInit): Device {
  const factory = DEVICE_TYPES[asset.type] as Factory<AssetType>;
  return factory(asset as AssetOf<AssetType>, ctx, init);
}

/** The device of each asset of a site, each with its own random stream. */
export function createSiteDevices(site: Site, registry: RegistryIndex, rng: Rng): Device[] {
  const design_c = designSupplyTempC(site);
  const init: DeviceInit = { tank: { bottom_c: design_c - 22, top_c: design_c } };
  return site.assets.map((asset) => createDevice(asset, { registry, site, rng: rng.fork(`asset:${asset.id}`) }, init));
}

export {
  BatteryDevice,
  BoilerDevice,
  ChpDevice,
  FuelTankDevice,
  GeneratorDevice,
  GridMeterDevice,
  HeatMeterDevice,
  HeatPumpDevice,
  PvDevice,
  StorageTankDevice,
};
export * from './types.ts';
export * from './capabilities.ts';
