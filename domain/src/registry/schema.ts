import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FuelSpec } from '../calc/fuels.ts';

/** Site and asset ids, also MQTT topic segments (DESIGN §2). */
export const ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
export const Id = Type.String({
  pattern: ID_PATTERN,
  description: 'lower-case id: a-z, 0-9, _ and -, 1–63 characters',
});

export const LocalisedName = Type.Object(
  { ja: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type LocalisedName = Static<typeof LocalisedName>;

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** Where a factor comes from: one text, or `{ ja, en }` so that each report reads in its own language. */
const SourceText = Type.Union([Type.String(), LocalisedName]);

/** A value in force from a date on (grid emission factor, primary-energy factor). */
export const DatedFactor = Type.Object(
  { from_date: IsoDate, value: Type.Number({ minimum: 0 }), source: Type.Optional(SourceText) },
  { additionalProperties: false },
);
export type DatedFactor = Static<typeof DatedFactor>;

export const FuelIdSchema = Type.Union(
  ['city_gas', 'lpg', 'kerosene', 'heavy_oil_a', 'diesel', 'gasoline', 'wood_chips', 'wood_pellets'].map((f) =>
    Type.Literal(f),
  ),
);

const FuelOverride = Type.Object(
  {
    hhv_mj_per_unit: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    co2_kg_per_unit: Type.Optional(Type.Number({ minimum: 0 })),
    source: Type.Optional(SourceText),
  },
  { additionalProperties: false },
);

const Positive = (description?: string) =>
  Type.Number({ exclusiveMinimum: 0, ...(description ? { description } : {}) });
const NonNegative = (description?: string) => Type.Number({ minimum: 0, ...(description ? { description } : {}) });

const assetCommon = {
  id: Id,
  name: LocalisedName,
  expected_interval_s: Type.Number({ exclusiveMinimum: 0, default: 10 }),
};

export const ASSET_TYPES = [
  'pv',
  'heat_pump',
  'boiler',
  'chp',
  'storage_tank',
  'heat_meter',
  'grid_meter',
  'fuel_tank',
  'battery',
] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

const strict = { additionalProperties: false } as const;

export const AssetSchemas = {
  pv: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('pv'),
      kwp: Positive('peak power of the array, kWp'),
      tilt_deg: Type.Number({ minimum: 0, maximum: 90, default: 30 }),
      azimuth_deg: Type.Number({ minimum: -180, maximum: 180, default: 0, description: '0 = south, −90 = east' }),
      inverter_kw: Type.Optional(Positive('inverter AC limit, kW')),
    },
    strict,
  ),
  heat_pump: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('heat_pump'),
      rated_power_kw: Positive('rated electric input, kW'),
      rated_heat_kw: Positive('rated heat output, kW'),
      source: Type.Union([Type.Literal('air'), Type.Literal('water'), Type.Literal('ground')], { default: 'air' }),
      min_cop: Type.Optional(Positive('alarm when the COP while running is below this')),
    },
    strict,
  ),
  boiler: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('boiler'),
      fuel: FuelIdSchema,
      rated_heat_kw: Positive('rated heat output, kW'),
      efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1.1, description: 'nominal efficiency on HHV' }),
    },
    strict,
  ),
  chp: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('chp'),
      fuel: FuelIdSchema,
      rated_power_kw: Positive('rated electric output, kW'),
      rated_heat_kw: Positive('rated heat output, kW'),
      electric_efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
      thermal_efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    },
    strict,
  ),
  storage_tank: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('storage_tank'),
      area_m2: Positive('inner floor area, m²'),
      height_m: Positive('usable water height, m'),
      dead_volume_m3: NonNegative('water below the outlet that cannot be drawn, m³'),
      fire_reserve_m3: NonNegative('fire-fighting water that must always stay, m³'),
      min_useful_temp_c: Type.Number({ minimum: 0, maximum: 100, default: 40 }),
    },
    strict,
  ),
  heat_meter: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('heat_meter'),
      max_heat_kw: Type.Optional(Positive()),
    },
    strict,
  ),
  grid_meter: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('grid_meter'),
      contract_kw: Type.Optional(Positive('contracted demand, kW')),
    },
    strict,
  ),
  fuel_tank: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('fuel_tank'),
      fuel: FuelIdSchema,
      capacity_l: Positive('tank capacity, L'),
    },
    strict,
  ),
  battery: Type.Object(
    {
      ...assetCommon,
      type: Type.Literal('battery'),
      capacity_kwh: Positive('usable capacity, kWh'),
      rated_power_kw: Positive('inverter rating, kW'),
    },
    strict,
  ),
} satisfies Record<AssetType, TSchema>;

export type PvAsset = Static<typeof AssetSchemas.pv>;
export type HeatPumpAsset = Static<typeof AssetSchemas.heat_pump>;
export type BoilerAsset = Static<typeof AssetSchemas.boiler>;
export type ChpAsset = Static<typeof AssetSchemas.chp>;
export type StorageTankAsset = Static<typeof AssetSchemas.storage_tank>;
export type HeatMeterAsset = Static<typeof AssetSchemas.heat_meter>;
export type GridMeterAsset = Static<typeof AssetSchemas.grid_meter>;
export type FuelTankAsset = Static<typeof AssetSchemas.fuel_tank>;
export type BatteryAsset = Static<typeof AssetSchemas.battery>;
export type Asset =
  | PvAsset
  | HeatPumpAsset
  | BoilerAsset
  | ChpAsset
  | StorageTankAsset
  | HeatMeterAsset
  | GridMeterAsset
  | FuelTankAsset
  | BatteryAsset;
export type AssetOf<T extends AssetType> = Extract<Asset, { type: T }>;

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
