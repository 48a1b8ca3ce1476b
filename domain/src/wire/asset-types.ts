/**
 * What the dashboard needs to know about each asset type and fuel — names, icon, what the type does, its
 * parameters and metrics with labels and units, which values to show first, sign conventions, the metrics of its
 * energy flows — served by the api from the asset-type modules, so the web keeps no per-type tables.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ASSET_MODULES, ASSET_TYPES, moduleOf } from '../assets/index.ts';
import { TRAITS } from '../assets/types.ts';
import { DEFAULT_FUELS, FUEL_IDS } from '../calc/fuels.ts';
import { FUEL_NAMES } from '../report/names.ts';
import { AssetTypeId, LocalisedText, Nullable } from './common.ts';

const Text = Type.Ref(LocalisedText);
const Kind = Type.Union([Type.Literal('gauge'), Type.Literal('counter'), Type.Literal('flag')]);

export const AssetTypeInfo = Type.Object(
  {
    type: Type.Ref(AssetTypeId),
    name: Text,
    icon: Type.String(),
    traits: Type.Array(Type.Union(TRAITS.map((t) => Type.Literal(t)))),
    reserve: Nullable(Type.Union([Type.Literal('water'), Type.Literal('fuel'), Type.Literal('electricity')])),
    /** Registry parameters with their labels. */
    params: Type.Record(Type.String(), Type.Object({ label: Text })),
    /** Measured metrics and derived values: kind, unit, label. */
    fields: Type.Record(
      Type.String(),
      Type.Object({ kind: Kind, unit: Type.String(), label: Text, derived: Type.Boolean() }),
    ),
    /** Live values shown first, in order. */
    key_metrics: Type.Array(Type.String()),
    /** Metrics of the history chart by default. */
    history: Type.Array(Type.String()),
    /**
     * What the sign of a value means (battery power: + charging, − discharging), and which way energy moves when
     * it is positive: into the asset (`in`) or out of it (`out`).
     */
    signs: Type.Record(
      Type.String(),
      Type.Object({
        positive: Text,
        negative: Text,
        positive_flow: Type.Union([Type.Literal('in'), Type.Literal('out')]),
      }),
    ),
    /**
     * The metrics that carry each energy flow of the type (heat, electricity_in, electricity_out, fuel,
     * grid_import, grid_export, defrost): its counter and its rate.
     */
    flows: Type.Record(Type.String(), Type.Object({ counter: Type.String(), rate: Type.String() })),
    /** Ratios (0…1) shown as percentages. */
    ratios: Type.Array(Type.String()),
  },
  { $id: 'AssetTypeInfo' },
);
export type AssetTypeInfo = Static<typeof AssetTypeInfo>;

export const FuelInfo = Type.Object(
  { fuel: Type.String(), name: Text, unit: Type.String(), biogenic: Type.Boolean() },
  { $id: 'FuelInfo' },
);
export type FuelInfo = Static<typeof FuelInfo>;

export const AssetTypeCatalogue = Type.Object(
  { types: Type.Array(Type.Ref(AssetTypeInfo)), fuels: Type.Array(Type.Ref(FuelInfo)) },
  { $id: 'AssetTypeCatalogue' },
);
export type AssetTypeCatalogue = Static<typeof AssetTypeCatalogue>;

/** The catalogue of every asset type and fuel, from the modules. */
export function assetTypeCatalogue(): AssetTypeCatalogue {
  const types = ASSET_TYPES.map((type): AssetTypeInfo => {
    const m = moduleOf(type);
    const fields: AssetTypeInfo['fields'] = {};
    for (const [name, spec] of Object.entries(m.metrics))
      fields[name] = { kind: spec.kind, unit: spec.unit, label: spec.description, derived: false };
    for (const [name, spec] of Object.entries(m.derived))
      fields[name] ??= { kind: spec.kind, unit: spec.unit, label: spec.description, derived: true };
    return {
      type,
      name: ASSET_MODULES[type].name,
      icon: m.display.icon,
      traits: [...m.traits],
      reserve: m.reserve?.kind ?? null,
      params: Object.fromEntries(Object.entries(m.param_labels).map(([k, label]) => [k, { label }])),
      fields,
      key_metrics: [...m.display.key_metrics],
      history: [...m.display.history],
      signs: { ...m.display.signs },
      flows: Object.fromEntries(
        Object.entries(m.flows).map(([flow, f]) => [flow, { counter: f.counter, rate: f.rate }]),
      ),
      ratios: [...(m.display.ratios ?? [])],
    };
  });
  const fuels = FUEL_IDS.map((fuel) => ({
    fuel,
    name: FUEL_NAMES[fuel] ?? { ja: fuel, en: fuel },
    unit: DEFAULT_FUELS[fuel].unit,
    biogenic: DEFAULT_FUELS[fuel].biogenic,
  }));
  return { types, fuels };
}

export const ASSET_TYPE_SCHEMAS: TSchema[] = [AssetTypeInfo, FuelInfo, AssetTypeCatalogue];
