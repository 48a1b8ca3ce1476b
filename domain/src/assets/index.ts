/**
 * The asset types, one module each. Every per-type table of the system is derived from ASSET_MODULES; code
 * elsewhere asks for traits, flows and reserves (moduleOf, hasTrait), never for a type name.
 */
import type { Static, TProperties } from '@sinclair/typebox';
import type { Bucket, RunClass } from '../period/buckets.ts';
import type { FuelId } from '../calc/fuels.ts';
import { battery } from './battery.ts';
import { boiler } from './boiler.ts';
import { chp } from './chp.ts';
import { fuelTank } from './fuel_tank.ts';
import { generator } from './generator.ts';
import { gridMeter } from './grid_meter.ts';
import { heatMeter } from './heat_meter.ts';
import { heatPump } from './heat_pump.ts';
import { pv } from './pv.ts';
import { storageTank } from './storage_tank.ts';
import type {
  AssetModule,
  Combustion,
  DeriveContext,
  Derived,
  MetricTable,
  MetricValue,
  RegistryProblem,
  Trait,
} from './types.ts';

export const ASSET_MODULES = {
  pv,
  heat_pump: heatPump,
  boiler,
  chp,
  generator,
  storage_tank: storageTank,
  heat_meter: heatMeter,
  grid_meter: gridMeter,
  fuel_tank: fuelTank,
  battery,
} as const;

export type AssetType = keyof typeof ASSET_MODULES;
export const ASSET_TYPES = Object.keys(ASSET_MODULES) as AssetType[];

/** The registry entry of an asset of type T. */
export type AssetOf<T extends AssetType> = Static<(typeof ASSET_MODULES)[T]['schema']>;
export type Asset = { [T in AssetType]: AssetOf<T> }[AssetType];

/** A module seen from code that handles any asset: its functions take the asset union. */
export type AnyAssetModule = Omit<
  AssetModule<AssetType, TProperties>,
  'metrics' | 'derive' | 'combustion' | 'run_class' | 'validate' | 'param_labels'
> & {
  metrics: MetricTable<Asset>;
  param_labels: Readonly<Record<string, { ja: string; en: string }>>;
  derive(ctx: DeriveContext<Asset>, ts_ms: number, values: Record<string, MetricValue>, out: Derived): void;
  combustion?: Combustion<Asset>;
  run_class?(asset: Asset, bucket: Bucket): RunClass;
  validate?(asset: Asset): RegistryProblem[];
};

export function isAssetType(type: string): type is AssetType {
  return Object.hasOwn(ASSET_MODULES, type);
}

/** The module of an asset or type. */
export function moduleOf(asset: Asset | AssetType): AnyAssetModule {
  const type = typeof asset === 'string' ? asset : asset.type;
  return ASSET_MODULES[type] as unknown as AnyAssetModule;
}

export function hasTrait(asset: Asset | AssetType, trait: Trait): boolean {
  return moduleOf(asset).traits.includes(trait);
}

/** The fuel an asset burns or holds (its `fuel` parameter); null when it has none. */
export function fuelOf(asset: Asset): FuelId | null {
  return 'fuel' in asset ? asset.fuel : null;
}

/** The name of an asset type in a language (an id no module has is shown as it is). */
export function assetTypeName(type: string, lang: 'ja' | 'en'): string {
  return isAssetType(type) ? ASSET_MODULES[type].name[lang] : type;
}

/** Whether an asset ran in a bucket of an hour or less: the module's rule, else its running flag. */
export function runClassOf(asset: Asset, b: Bucket): RunClass {
  const rule = moduleOf(asset).run_class;
  if (rule) return rule(asset, b);
  if (b.samples === 0) return 'unknown';
  const running = b.gauges.running;
  return running && running.count > 0 && running.max >= 1 ? 'running' : 'off';
}

export type { AssetModule, Trait } from './types.ts';
export { TRAITS } from './types.ts';
export type { DerivedSpec, DisplayHints, Flow, Flows, MetricKind, MetricSpec, ReserveSpec } from './types.ts';
