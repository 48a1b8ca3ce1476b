import { Type, type Static } from '@sinclair/typebox';
import { DataState, LocalisedText, Measured, ReserveStatus } from './common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const MetricValues = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));

export const AssetType = Type.Union(
  ['pv', 'heat_pump', 'boiler', 'chp', 'storage_tank', 'heat_meter', 'grid_meter', 'fuel_tank', 'battery'].map((t) =>
    Type.Literal(t),
  ),
  { $id: 'AssetType' },
);

/** The live state of one asset: the latest normalised state with its age and data state. */
export const AssetLive = Type.Object(
  {
    site: Type.String(),
    asset: Type.String(),
    type: Type.Ref(AssetType),
    data_state: DataState,
    /** Seconds since the last sample; null without data. */
    age_s: Nullable(Type.Number()),
    /** Device time stamp of the latest sample, UTC ms. */
    ts: Nullable(Type.Integer()),
    received_ms: Nullable(Type.Integer()),
    status: Nullable(Type.Union([Type.Literal('online'), Type.Literal('offline')])),
    values: MetricValues,
    derived: MetricValues,
    /** Metrics ingest rejected in the latest sample, with the reason. */
    rejected: Type.Record(Type.String(), Type.String()),
    faults: Type.Array(Type.String()),
  },
  { $id: 'AssetLive' },
);
export type AssetLive = Static<typeof AssetLive>;

const M = Type.Ref(Measured);

export const SiteKpis = Type.Object(
  {
    site: Type.String(),
    heat_produced_kw: M,
    heat_delivered_kw: M,
    heat_pump_power_kw: M,
    chp_power_kw: M,
    pv_power_kw: M,
    grid_import_kw: M,
    grid_export_kw: M,
    scope2_kw: M,
    grid_factor_kg_per_kwh: M,
    co2_fuel_kg_h: M,
    co2_grid_kg_h: M,
    co2_kg_h: M,
    primary_cop_1h: M,
    primary_cop_national_average: Type.Number(),
    heat_pump_cop: Type.Record(Type.String(), M),
  },
  { $id: 'SiteKpis' },
);
export type SiteKpis = Static<typeof SiteKpis>;

export const ReserveReason = Type.Union(
  ['stale_data', 'below_fire_reserve', 'autonomy_below_critical', 'autonomy_below_warning', 'invalid_thresholds'].map(
    (r) => Type.Literal(r),
  ),
);

export const SiteReserve = Type.Object(
  {
    site: Type.String(),
    name: Type.Ref(LocalisedText),
    status: ReserveStatus,
    reasons: Type.Array(ReserveReason),
    stale_assets: Type.Array(Type.String()),
    population_served: Type.Integer(),
    water_volume_m3: M,
    usable_water_m3: M,
    fire_reserve_m3: Nullable(Type.Number()),
    fire_reserve_kept: Nullable(Type.Boolean()),
    living_water_m3: M,
    person_days: M,
    days_for_population: M,
    stored_heat_kwh: M,
    fuel_energy_kwh: M,
    fuel_hours: M,
    battery_kwh: M,
    battery_hours: M,
    heat_demand_kw: M,
    heat_autonomy_h: M,
    warning_hours: Type.Number(),
    critical_hours: Type.Number(),
    tanks: Type.Array(
      Type.Object({
        asset: Type.String(),
        volume_m3: M,
        usable_water_m3: M,
        fire_reserve_m3: Type.Number(),
        fire_reserve_kept: Nullable(Type.Boolean()),
        living_water_m3: M,
        stored_heat_kwh: M,
      }),
    ),
    fuels: Type.Array(
      Type.Object({
        asset: Type.String(),
        fuel: Type.String(),
        contents: M,
        energy_kwh: M,
        hours: M,
        boiler_efficiency: Nullable(Type.Number()),
      }),
    ),
  },
  { $id: 'SiteReserve' },
);
export type SiteReserve = Static<typeof SiteReserve>;

export const SiteSummary = Type.Object(
  {
    id: Type.String(),
    name: Type.Ref(LocalisedText),
    time_zone: Type.String(),
    location: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
    population_served: Type.Integer(),
    data_state: DataState,
    asset_count: Type.Integer(),
    kpis: Type.Ref(SiteKpis),
    reserve_status: ReserveStatus,
    active_alarms: Type.Integer(),
  },
  { $id: 'SiteSummary' },
);
export type SiteSummary = Static<typeof SiteSummary>;

export const SiteList = Type.Object({ sites: Type.Array(Type.Ref(SiteSummary)), generated_at: Type.Integer() });

export const AssetDetail = Type.Object(
  {
    id: Type.String(),
    type: Type.Ref(AssetType),
    name: Type.Ref(LocalisedText),
    expected_interval_s: Type.Number(),
    /** Type parameters from the registry (rated powers, kWp, tank dimensions, fuel, …). */
    parameters: Type.Record(Type.String(), Type.Unknown()),
    /** Metrics and derived fields that history can be asked for, with unit and kind. */
    fields: Type.Record(
      Type.String(),
      Type.Object({
        unit: Type.String(),
        kind: Type.Union([Type.Literal('gauge'), Type.Literal('counter'), Type.Literal('flag')]),
        derived: Type.Boolean(),
      }),
    ),
    live: Type.Ref(AssetLive),
  },
  { $id: 'AssetDetail' },
);

export const SiteDetail = Type.Object(
  {
    id: Type.String(),
    name: Type.Ref(LocalisedText),
    time_zone: Type.String(),
    location: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
    population_served: Type.Integer(),
    reserve_settings: Type.Object({
      warning_hours: Type.Number(),
      critical_hours: Type.Number(),
      living_water_l_per_person_day: Type.Number(),
      critical_load_kw: Type.Optional(Type.Number()),
    }),
    data_state: DataState,
    assets: Type.Array(Type.Ref(AssetDetail)),
    kpis: Type.Ref(SiteKpis),
    reserve: Type.Ref(SiteReserve),
    active_alarms: Type.Integer(),
    generated_at: Type.Integer(),
  },
  { $id: 'SiteDetail' },
);
export type SiteDetail = Static<typeof SiteDetail>;

export const ReserveList = Type.Object({ reserves: Type.Array(Type.Ref(SiteReserve)), generated_at: Type.Integer() });
