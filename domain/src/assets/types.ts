/**
 * What an asset-type module holds (one file per type in this folder, `_blueprint.ts` to copy): its registry
 * parameters, its metrics with units and limits, the values derived from a sample, what it does in the plant
 * (traits, energy flows, reserve) and how the dashboard shows it. Everything else asks modules for these, never
 * for a type name.
 */
import { Type, type Static, type TLiteral, type TObject, type TProperties } from '@sinclair/typebox';
import type { FuelSpec } from '../calc/fuels.ts';
import type { Bucket, RunClass } from '../period/buckets.ts';
import { assetCommon, type LocalisedName } from '../registry/base.ts';
import type { Site } from '../registry/schema.ts';

/** gauge: a reading at an instant; counter: only grows (resets allowed); flag: on/off. */
export type MetricKind = 'gauge' | 'counter' | 'flag';

export interface MetricSpec<A = unknown> {
  kind: MetricKind;
  unit: string;
  /** Lowest physically possible value; below it the metric is rejected. */
  min?: number | ((asset: A) => number);
  /** Highest physically possible value; above it the metric is rejected. */
  max?: number | ((asset: A) => number);
  description: LocalisedName;
}
export type MetricTable<A = unknown> = Record<string, MetricSpec<A>>;

/** A value ingest derives from a sample and stores beside the measured metrics. */
export interface DerivedSpec {
  kind: MetricKind;
  unit: string;
  description: LocalisedName;
}

export type MetricValue = number | boolean;

/** What an asset does in the plant. */
export const TRAITS = [
  /** its heat counts as heat produced (a heat generator) */
  'produces_heat',
  /** meters the heat the plant delivers to the network (output heat meter) */
  'meters_heat_delivered',
  /** burns the fuel named by its `fuel` parameter */
  'burns_fuel',
  /** produces electricity on site */
  'produces_electricity',
  /** its electricity comes from the sun: rated in kWp (`kwp`), with specific yield and capacity factor */
  'solar',
  /** uses electricity that the site meters (a consumer in scope-2 without a grid meter) */
  'consumes_electricity',
  /** meters what the site buys and sells */
  'meters_grid',
  /** has an instantaneous and a period COP (DOMAIN §3) */
  'has_cop',
  /** carries the site's critical load in an outage from its fuel (emergency generator, DOMAIN §9) */
  'backup_power',
] as const;
export type Trait = (typeof TRAITS)[number];

/** The metrics that carry one energy flow: a counter, and the rate integrated where the counter is missing. */
export interface Flow {
  counter: string;
  rate: string;
}

export interface Flows {
  /** heat produced (`produces_heat`) or delivered (`meters_heat_delivered`): kWh, kW */
  heat?: Flow;
  electricity_in?: Flow;
  electricity_out?: Flow;
  /** fuel in its unit, per hour */
  fuel?: Flow;
  grid_import?: Flow;
  grid_export?: Flow;
  /** heat drawn back by defrost: its counter, else the negative samples of the rate (DOMAIN §3) */
  defrost?: Flow;
}

/** The reserve an asset holds (DOMAIN §9), and where its live state says how much. */
export type ReserveSpec =
  /** water and stored heat: the derived volume_m3, usable_water_m3, living_water_m3, stored_heat_kwh, fire_reserve_kept */
  | { kind: 'water' }
  /** fuel: the metric with the contents in the fuel's unit; supplies the burners of its fuel */
  | { kind: 'fuel'; contents: string }
  /** electricity: the derived value with the stored energy in kWh */
  | { kind: 'electricity'; stored_kwh: string };

export interface RegistryProblem {
  /** JSON path below the asset, e.g. `/fire_reserve_m3` */
  path: string;
  message: string;
}

export interface DeriveContext<A> {
  site: Site;
  asset: A;
  fuel: (fuelId: string) => FuelSpec;
}

export interface Derived {
  derived: Record<string, number | boolean>;
  /** Plausibility faults found in an accepted sample, e.g. `negative_delta_t`, `heat_while_off`. */
  faults: string[];
}

/** How a fuel-burning asset turns fuel into heat and electricity. */
export interface Combustion<A> {
  /** Fuel per hour (fuel units) at rated output. */
  rated_fuel_per_h(asset: A, spec: FuelSpec): number | null;
  /** Share of the fuel's energy (HHV) that becomes heat; null when it makes none. */
  heat_efficiency(asset: A): number | null;
  /** Share of the fuel's energy (HHV) that becomes electricity; null when it makes none. */
  electric_efficiency(asset: A): number | null;
}

/** How the dashboard shows the type (served by the api; the web keeps no per-type tables). */
export interface DisplayHints {
  /** Name of the icon the web draws for it. */
  icon: string;
  /** Live values shown first, in order. */
  key_metrics: readonly string[];
  /** Metrics of its history chart by default. */
  history: readonly string[];
  /**
   * What the sign of a metric means, e.g. battery power: + charging, − discharging, and which way energy moves
   * when the value is positive: into the asset (`in`, as a battery charging) or out of it (`out`).
   */
  signs?: Readonly<Record<string, { positive: LocalisedName; negative: LocalisedName; positive_flow: 'in' | 'out' }>>;
  /** Ratios (0…1) shown as percentages. */
  ratios?: readonly string[];
}

/** The registry entry of an asset of a type: the common fields, its type and its parameters. */
export type AssetShape<T extends string, P extends TProperties> = Static<
  TObject<typeof assetCommon & { type: TLiteral<T> } & P>
>;

export interface AssetModuleSpec<T extends string, P extends TProperties> {
  type: T;
  name: LocalisedName;
  /** Registry parameters beyond id, name, type and expected_interval_s (TypeBox, with descriptions). */
  params: P;
  /** Labels of the parameters for people, in both languages. */
  param_labels: { [K in keyof P]: LocalisedName };
  traits: readonly Trait[];
  reserve?: ReserveSpec;
  metrics: MetricTable<AssetShape<T, P>>;
  /** Accepted synonyms, renamed before validation (DESIGN §2 allows `level_l` for fuel tanks). */
  aliases?: Readonly<Record<string, string>>;
  /** Each inner list is one alternative; a sample must carry every metric of at least one. */
  required?: readonly (readonly string[])[];
  derived: Readonly<Record<string, DerivedSpec>>;
  /** Adds the values derived from one accepted sample (with the domain formulas) to `out`. */
  derive(ctx: DeriveContext<AssetShape<T, P>>, ts_ms: number, values: Record<string, MetricValue>, out: Derived): void;
  flows: Flows;
  /** Gauges and flags the period figures read besides the flows' rates. */
  period_gauges: readonly string[];
  combustion?: Combustion<AssetShape<T, P>>;
  /** Whether the asset ran in a bucket of an hour or less (default: its `running` flag, else off). */
  run_class?(asset: AssetShape<T, P>, bucket: Bucket): RunClass;
  /** Checks across parameters that the schema cannot express. */
  validate?(asset: AssetShape<T, P>): RegistryProblem[];
  /** A typical asset of this type and a plausible sample of its telemetry: documentation, and test input. */
  example: {
    params: Omit<AssetShape<T, P>, keyof typeof assetCommon | 'type'>;
    sample: Readonly<Record<string, MetricValue>>;
  };
  display: DisplayHints;
}

export interface AssetModule<T extends string = string, P extends TProperties = TProperties> extends AssetModuleSpec<
  T,
  P
> {
  /** The registry schema of an asset of this type. */
  schema: TObject<typeof assetCommon & { type: TLiteral<T> } & P>;
}

/** A module from its parts: adds the registry schema built from the common fields and the parameters. */
export function defineAsset<const T extends string, P extends TProperties>(
  spec: AssetModuleSpec<T, P>,
): AssetModule<T, P> {
  const props = { ...assetCommon, type: Type.Literal(spec.type), ...spec.params } as typeof assetCommon & {
    type: TLiteral<T>;
  } & P;
  return { ...spec, schema: Type.Object(props, { additionalProperties: false }) };
}
