/** Wire shapes of the live model: an asset's state, a site's KPIs and reserve, site lists and details. */
import { Type, type Static } from '@sinclair/typebox';
import {
  AssetTypeId,
  DataState,
  LocalisedText,
  Measured,
  MetricValues,
  Nullable,
  ReserveReasonSchema,
  ReserveStatusSchema,
} from '../wire/common.ts';

const M = Type.Ref(Measured);

/** The live state of one asset: the latest normalised state with its age and data state. */
export const AssetLive = Type.Object(
  {
    site: Type.String(),
    asset: Type.String(),
    type: Type.Ref(AssetTypeId),
    data_state: DataState,
    /** Seconds since the last sample; null without data. */
    age_s: Nullable(Type.Number()),
    /** Device time stamp of the latest sample, UTC ms. */
    ts: Nullable(Type.Integer()),
    received_ms: Nullable(Type.Integer()),
    /** When the asset turns stale without new data, UTC ms (DOMAIN §10); null without data. */
    stale_at: Nullable(Type.Integer()),
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

export const SiteKpis = Type.Object(
  {
    site: Type.String(),
    /** Σ heat output of the heat producers (heat pumps, boilers, CHP units). */
    heat_produced_kw: M,
    /** Σ heat meters; without a heat meter, the heat producers' heat (DOMAIN §4). */
    heat_delivered_kw: M,
    /** Σ electric input of the metered consumers (heat pumps). */
    electricity_used_kw: M,
    /** Σ electricity generated from fuel on site (CHP units, generators). */
    fuel_generation_kw: M,
    pv_power_kw: M,
    grid_import_kw: M,
    grid_export_kw: M,
    /** Scope-2 electric power: grid import, else the consumers' electricity minus PV (DOMAIN §6). */
    scope2_kw: M,
    grid_factor_kg_per_kwh: M,
    co2_fuel_kg_h: M,
    co2_grid_kg_h: M,
    /** Live CO2 rate = Σ fuel rate × factor + scope-2 kW × grid factor (DOMAIN §7). */
    co2_kg_h: M,
    /** Plant primary-energy COP over the last hour of live samples (DOMAIN §4). */
    primary_cop_1h: M,
    primary_cop_national_average: Type.Number(),
    /** Instantaneous COP per asset that has one (DOMAIN §3); value null when not running. */
    cop_by_asset: Type.Record(Type.String(), M),
  },
  { $id: 'SiteKpis' },
);
export type SiteKpis = Static<typeof SiteKpis>;

export const TankReserve = Type.Object({
  asset: Type.String(),
  volume_m3: M,
  usable_water_m3: M,
  fire_reserve_m3: Type.Number(),
  fire_reserve_kept: Nullable(Type.Boolean()),
  living_water_m3: M,
  stored_heat_kwh: M,
});
export type TankReserve = Static<typeof TankReserve>;

export const FuelReserve = Type.Object({
  asset: Type.String(),
  fuel: Type.String(),
  contents: M,
  energy_kwh: M,
  /** The assets this tank feeds (registry `supplies`, else every asset of the site burning its fuel). */
  supplies: Type.Array(Type.String()),
  /** Hours the tank runs what it feeds, at their current (else rated) fuel rate. */
  hours: M,
  /** Best share of the fuel's energy that a fed asset turns into heat; null when none makes heat. */
  heat_efficiency: Nullable(Type.Number()),
  /** Best share that a fed emergency generator turns into electricity; null when none. */
  electric_efficiency: Nullable(Type.Number()),
  /**
   * The burn rate the hours assume, in the fuel's unit per hour: the fed assets' current rate while they burn,
   * else their rated rate (`rate_basis`); null when neither is known.
   */
  rate_per_h: Nullable(Type.Number()),
  rate_basis: Nullable(Type.Union([Type.Literal('current'), Type.Literal('rated')])),
});
export type FuelReserve = Static<typeof FuelReserve>;

/** A threshold level of a reserve and when the trend of the last hour reaches it (DOMAIN §9 "Time to threshold"). */
export const ReserveLevel = Type.Object(
  {
    /** The level, in the forecast's unit. */
    value: Type.Number(),
    /** The reserve is at or below it already. */
    reached: Type.Boolean(),
    /** UTC ms when the falling trend reaches it; null when reached, steady, rising or unknown. */
    at: Nullable(Type.Integer()),
  },
  { $id: 'ReserveLevel' },
);
export type ReserveLevel = Static<typeof ReserveLevel>;

const LevelRef = Type.Ref(ReserveLevel);

/**
 * Time to threshold of one reserve quantity (water m³, heat, fuel, electricity kWh): its level now, the trend of
 * the last hour (least-squares slope) and when it reaches its warning and critical levels and zero.
 */
export const ReserveForecast = Type.Object(
  {
    quantity: Type.Union([
      Type.Literal('water'),
      Type.Literal('heat'),
      Type.Literal('fuel'),
      Type.Literal('electricity'),
    ]),
    unit: Type.String(),
    /** The level now (Σ of its parts' latest values); null when a part has none. */
    value: Nullable(Type.Number()),
    /** UTC ms of the oldest part's latest sample. */
    measured_at: Nullable(Type.Integer()),
    /** falling: the times below apply; steady or rising: no times; unknown: see unknown_reason. */
    trend: Type.Union([
      Type.Literal('falling'),
      Type.Literal('steady'),
      Type.Literal('rising'),
      Type.Literal('unknown'),
    ]),
    unknown_reason: Nullable(
      Type.Union([Type.Literal('not_measured'), Type.Literal('stale_data'), Type.Literal('too_few_points')]),
    ),
    /** Change per hour over the last hour (least squares); null without a trend. */
    slope_per_h: Nullable(Type.Number()),
    /** First sample the trend used (UTC ms) and how many (the fewest of any part). */
    window_from: Nullable(Type.Integer()),
    points: Type.Integer(),
    /** The draw the warning and critical levels assume (kW): heat demand, fuel burn, critical load; null for water. */
    draw_kw: Nullable(Type.Number()),
    /** null: no such level here (no draw to measure hours against). */
    warning: Nullable(LevelRef),
    critical: Nullable(LevelRef),
    zero: LevelRef,
  },
  { $id: 'ReserveForecast' },
);
export type ReserveForecast = Static<typeof ReserveForecast>;

const ForecastRef = Nullable(Type.Ref(ReserveForecast));

/** The site's four forecasts; null where the site holds none of that reserve. */
export const ReserveForecasts = Type.Object({
  water: ForecastRef,
  heat: ForecastRef,
  fuel: ForecastRef,
  electricity: ForecastRef,
});
export type ReserveForecasts = Static<typeof ReserveForecasts>;

/** Which reserves the site has at all: "none installed" differs from "unknown" (DOMAIN §9). */
export const InstalledReserves = Type.Object({
  water: Type.Boolean(),
  fuel: Type.Boolean(),
  battery: Type.Boolean(),
  generator: Type.Boolean(),
});
export type InstalledReserves = Static<typeof InstalledReserves>;

export const SiteReserve = Type.Object(
  {
    site: Type.String(),
    name: Type.Ref(LocalisedText),
    /** The site's IANA time zone: every time of the reserve is shown as its wall time there. */
    time_zone: Type.String(),
    status: ReserveStatusSchema,
    reasons: Type.Array(ReserveReasonSchema),
    /** Assets whose data is stale, offline or missing (the reason for unknown). */
    stale_assets: Type.Array(Type.String()),
    installed: InstalledReserves,
    population_served: Type.Integer(),
    /** Living water per person and day the person-days assume, L (registry, DOMAIN §9). */
    living_water_l_per_person_day: Type.Number(),
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
    /** Energy of the fuel that the emergency generators can draw, kWh (HHV). */
    generator_fuel_kwh: M,
    /** (battery kWh + generator fuel kWh × efficiency) / critical load (DOMAIN §9). */
    electricity_autonomy_h: M,
    critical_load_kw: Nullable(Type.Number()),
    heat_demand_kw: M,
    heat_autonomy_h: M,
    warning_hours: Type.Number(),
    critical_hours: Type.Number(),
    tanks: Type.Array(TankReserve),
    fuels: Type.Array(FuelReserve),
    /** Time to threshold from the trend of the last hour (DOMAIN §9). */
    forecast: ReserveForecasts,
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
    reserve_status: ReserveStatusSchema,
    active_alarms: Type.Integer(),
  },
  { $id: 'SiteSummary' },
);
export type SiteSummary = Static<typeof SiteSummary>;

export const SiteList = Type.Object({ sites: Type.Array(Type.Ref(SiteSummary)), generated_at: Type.Integer() });
export type SiteList = Static<typeof SiteList>;

export const AssetDetail = Type.Object(
  {
    id: Type.String(),
    type: Type.Ref(AssetTypeId),
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
export type AssetDetail = Static<typeof AssetDetail>;

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
export type ReserveList = Static<typeof ReserveList>;
