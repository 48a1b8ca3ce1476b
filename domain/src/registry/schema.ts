import { Type, type Static } from '@sinclair/typebox';
import type { FuelSpec } from '../calc/fuels.ts';
import { ASSET_MODULES, ASSET_TYPES, type Asset, type AssetOf, type AssetType } from '../assets/index.ts';
import { Id, LocalisedName, Positive } from './base.ts';

export { ALARM_ID_PATTERN, FuelIdSchema, ID_PATTERN, ID_REGEXP, Id, LocalisedName } from './base.ts';
export { ASSET_TYPES };
export type { Asset, AssetOf, AssetType };

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** Where a factor comes from: one text, or `{ ja, en }` so that each report reads in its own language. */
const SourceText = Type.Union([Type.String(), LocalisedName]);

/** A value in force from a date on (grid emission factor, primary-energy factor). */
export const DatedFactor = Type.Object(
  { from_date: IsoDate, value: Type.Number({ minimum: 0 }), source: Type.Optional(SourceText) },
  { additionalProperties: false },
);
export type DatedFactor = Static<typeof DatedFactor>;

const FuelOverride = Type.Object(
  {
    hhv_mj_per_unit: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    co2_kg_per_unit: Type.Optional(Type.Number({ minimum: 0 })),
    source: Type.Optional(SourceText),
  },
  { additionalProperties: false },
);

/** The registry schema of each asset type (from its module). */
export const AssetSchemas = Object.fromEntries(ASSET_TYPES.map((t) => [t, ASSET_MODULES[t].schema])) as {
  [T in AssetType]: (typeof ASSET_MODULES)[T]['schema'];
};

const strict = { additionalProperties: false } as const;

export const ReserveThresholds = Type.Object(
  {
    warning_hours: Type.Number({ exclusiveMinimum: 0, default: 24 }),
    critical_hours: Type.Number({ exclusiveMinimum: 0, default: 6 }),
    living_water_l_per_person_day: Type.Number({ exclusiveMinimum: 0, default: 20 }),
    critical_load_kw: Type.Optional(Positive('load the battery must carry in an outage, kW')),
  },
  strict,
);

/** Site-wide rule that raises an alarm when a live metric crosses a limit. */
export const AlarmRule = Type.Object(
  {
    id: Id,
    asset: Id,
    metric: Type.String({ minLength: 1 }),
    above: Type.Optional(Type.Number()),
    below: Type.Optional(Type.Number()),
    severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')], { default: 'warning' }),
    hysteresis: Type.Number({ minimum: 0, default: 0 }),
    min_duration_s: Type.Number({ minimum: 0, default: 0 }),
    message: Type.Optional(LocalisedName),
  },
  strict,
);
export type AlarmRule = Static<typeof AlarmRule>;

export const SiteSchema = Type.Object(
  {
    id: Id,
    name: LocalisedName,
    time_zone: Type.String({ default: 'Asia/Tokyo', description: 'IANA time zone' }),
    location: Type.Object(
      { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
      strict,
    ),
    population_served: Type.Integer({ minimum: 0 }),
    grid_emission_factors: Type.Optional(Type.Array(DatedFactor, { minItems: 1 })),
    primary_energy_factors: Type.Optional(Type.Array(DatedFactor, { minItems: 1 })),
    reserve: Type.Optional(ReserveThresholds),
    alarm_rules: Type.Optional(Type.Array(AlarmRule)),
    assets: Type.Array(
      Type.Object(
        { id: Id, type: Type.Union(ASSET_TYPES.map((t) => Type.Literal(t))) },
        { additionalProperties: true },
      ),
      { minItems: 1 },
    ),
  },
  strict,
);

export const RegistrySchema = Type.Object(
  {
    version: Type.Literal(1),
    fuels: Type.Optional(Type.Partial(Type.Record(Type.String(), FuelOverride))),
    grid_emission_factors: Type.Optional(Type.Array(DatedFactor, { minItems: 1 })),
    primary_energy_factors: Type.Optional(Type.Array(DatedFactor, { minItems: 1 })),
    sites: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }),
  },
  strict,
);

export interface ReserveSettings {
  warning_hours: number;
  critical_hours: number;
  living_water_l_per_person_day: number;
  critical_load_kw?: number;
}

export interface Site {
  id: string;
  name: LocalisedName;
  time_zone: string;
  location: { lat: number; lon: number };
  population_served: number;
  grid_emission_factors: DatedFactor[];
  primary_energy_factors: DatedFactor[];
  reserve: ReserveSettings;
  alarm_rules: AlarmRule[];
  assets: Asset[];
}

export type FuelSpecEntry = FuelSpec;

export interface Registry {
  version: 1;
  /** Fuel table after site overrides: every fuel id present. */
  fuels: Record<string, FuelSpecEntry>;
  sites: Site[];
}
