/**
 * Wire shapes of period figures (DESIGN §6): KPIs over a window, the monthly report, the fiscal-year and all-sites
 * reports. The domain computes them; the api serves them; the OpenAPI document and the web's client come from
 * these schemas.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { KEY_FIGURES } from '../report/figures.ts';
import { LocalisedText, Nullable } from '../wire/common.ts';
import { ADDITIVE_FIGURES } from './sum.ts';

const Num = () => Type.Number();
const NNum = () => Nullable(Type.Number());
const Name = Type.Ref(LocalisedText);

export const Co2BySource = Type.Object(
  {
    /** fuel id, or `grid` for scope-2 electricity */
    source: Type.String(),
    kind: Type.Union([Type.Literal('fuel'), Type.Literal('grid')]),
    co2_kg: Num(),
  },
  { $id: 'Co2BySource' },
);
export type Co2BySource = Static<typeof Co2BySource>;

const fuelUse = Type.Object({ amount: Num(), unit: Type.String(), gj: Num(), co2_kg: Num() });

/** Site figures over a day or a period. Energies kWh, fuel GJ (HHV), CO2 kg; ratios as fractions. */
const siteFigureProps = {
  hours: Num(),
  heat_produced_kwh: Num(),
  heat_delivered_kwh: Num(),
  /** Heat delivered comes from the output heat meter(s), else the sum of the heat producers (DOMAIN §4). */
  heat_delivered_source: Type.Union([Type.Literal('heat_meter'), Type.Literal('generators')]),
  heat_by_generator_kwh: Type.Record(Type.String(), Num()),
  /** Electricity used by the metered consumers (heat pumps). */
  electricity_used_kwh: Num(),
  /**
   * The electricity the plant buys (DOMAIN §4): grid import where the registry has a grid meter, else the metered
   * consumers minus PV, floored at 0 — the same number as scope-2 electricity. Null when nothing tells it.
   */
  plant_electricity_kwh: NNum(),
  running_electricity_kwh: Num(),
  cop_total: NNum(),
  cop_running: NNum(),
  defrost_kwh: Num(),
  /** Period COP of each asset that has one (heat pumps). */
  cop_by_asset: Type.Record(Type.String(), NNum()),
  /** Electricity generated from fuel on site (CHP units, emergency generators). */
  fuel_generation_kwh: Num(),
  grid_import_kwh: NNum(),
  grid_export_kwh: NNum(),
  pv_kwh: NNum(),
  pv_specific_yield_kwh_per_kwp: NNum(),
  pv_capacity_factor: NNum(),
  fuel_gj: Num(),
  fuel_by_type: Type.Record(Type.String(), fuelUse),
  boiler_efficiency: NNum(),
  primary_energy_gj: Num(),
  plant_primary_cop: NNum(),
  scope2_kwh: NNum(),
  co2_fuel_kg: Num(),
  co2_grid_kg: Num(),
  co2_total_kg: Num(),
  co2_by_source: Type.Array(Type.Ref(Co2BySource)),
  pv_avoided_co2_kg: Num(),
  heat_co2_intensity_kg_per_gj: NNum(),
  renewable_heat_kwh: Num(),
  renewable_heat_share: NNum(),
  usable_water_min_m3: NNum(),
  usable_water_mean_m3: NNum(),
  stored_heat_min_kwh: NNum(),
  stored_heat_mean_kwh: NNum(),
  hours_below_fire_reserve: NNum(),
  received_samples: Num(),
  expected_samples: Num(),
  completeness: NNum(),
  alarms: Type.Record(Type.String(), Num()),
  alarms_total: Num(),
};

export const SiteFigures = Type.Object(siteFigureProps, { $id: 'SiteFigures' });
export type SiteFigures = Static<typeof SiteFigures>;

export const PeriodNote = Type.Object(
  {
    code: Type.String(),
    /** The asset it is about, if any. */
    asset: Type.Optional(Type.String()),
    en: Type.String(),
    ja: Type.String(),
  },
  { $id: 'PeriodNote', description: 'A remark on the data of the period, in both languages' },
);
export type PeriodNote = Static<typeof PeriodNote>;

export const DayRow = Type.Object(
  {
    /** local date YYYY-MM-DD */
    date: Type.String(),
    from_ms: Type.Integer(),
    to_ms: Type.Integer(),
    has_data: Type.Boolean(),
    ...siteFigureProps,
  },
  { $id: 'DayRow' },
);
export type DayRow = Static<typeof DayRow>;

/** A local calendar month of a longer period (a fiscal year). */
export const MonthRow = Type.Object(
  {
    month: Type.String(),
    from_ms: Type.Integer(),
    to_ms: Type.Integer(),
    has_data: Type.Boolean(),
    ...siteFigureProps,
  },
  { $id: 'MonthRow' },
);
export type MonthRow = Static<typeof MonthRow>;

export const AssetFigures = Type.Object(
  {
    asset: Type.String(),
    type: Type.String(),
    name: Name,
    received_samples: Num(),
    expected_samples: Num(),
    completeness: NNum(),
    /** Counters that dropped (reset or meter replacement) in the period. */
    counter_resets: Num(),
    /** How the energy was obtained: from counters, or power integrated where no counter exists. */
    energy_source: Type.Union([Type.Literal('counter'), Type.Literal('integrated'), Type.Literal('none')]),
    heat_kwh: NNum(),
    electricity_kwh: NNum(),
    running_heat_kwh: NNum(),
    running_electricity_kwh: NNum(),
    cop_total: NNum(),
    cop_running: NNum(),
    defrost_kwh: NNum(),
    heat_while_off_kwh: NNum(),
    fuel: Nullable(Type.String()),
    fuel_unit: Nullable(Type.String()),
    fuel_amount: NNum(),
    fuel_gj: NNum(),
    /** What the asset makes of its fuel: heat (boilers; CHP on heat), else electricity (generators). */
    efficiency: NNum(),
    co2_kg: NNum(),
    generated_kwh: NNum(),
    kwp: NNum(),
    specific_yield_kwh_per_kwp: NNum(),
    capacity_factor: NNum(),
    performance_ratio: NNum(),
    import_kwh: NNum(),
    export_kwh: NNum(),
    usable_water_min_m3: NNum(),
    usable_water_mean_m3: NNum(),
    stored_heat_min_kwh: NNum(),
    stored_heat_mean_kwh: NNum(),
    hours_below_fire_reserve: NNum(),
    fire_reserve_m3: NNum(),
    volume_min_l: NNum(),
    volume_mean_l: NNum(),
    soc_min_pct: NNum(),
    soc_mean_pct: NNum(),
  },
  { $id: 'AssetFigures' },
);
export type AssetFigures = Static<typeof AssetFigures>;

const FactorUsed = Type.Object({ from_date: Type.String(), value: Num(), source: Nullable(Name) });
export type FactorUsed = Static<typeof FactorUsed>;

const FuelFactorUsed = Type.Object({
  fuel: Type.String(),
  /** the fuel's name (DOMAIN §5), so that no report prints its id */
  name: Name,
  unit: Type.String(),
  hhv_mj_per_unit: Num(),
  co2_kg_per_unit: Num(),
  biogenic: Type.Boolean(),
  source: Nullable(Name),
});
export type FuelFactorUsed = Static<typeof FuelFactorUsed>;

export const FactorsUsed = Type.Object(
  {
    /** kg-CO2/kWh entries in force during the period */
    grid_emission: Type.Array(FactorUsed),
    /** MJ/kWh entries in force during the period */
    primary_energy: Type.Array(FactorUsed),
    fuels: Type.Array(FuelFactorUsed),
    national_average_primary_cop: Num(),
    national_average_source: Name,
    kwh_to_gj: Num(),
  },
  { $id: 'FactorsUsed' },
);
export type FactorsUsed = Static<typeof FactorsUsed>;

export const PlantPrimaryComparison = Type.Object(
  {
    plant_primary_cop: NNum(),
    national_average: Num(),
    /** plant / national average; null without a plant value */
    ratio_to_national_average: NNum(),
    above_national_average: Nullable(Type.Boolean()),
  },
  { $id: 'PlantPrimaryComparison' },
);
export type PlantPrimaryComparison = Static<typeof PlantPrimaryComparison>;

const periodProps = {
  site: Type.String(),
  site_name: Name,
  time_zone: Type.String(),
  from_ms: Type.Integer(),
  to_ms: Type.Integer(),
  has_data: Type.Boolean(),
  notes: Type.Array(Type.Ref(PeriodNote)),
  totals: Type.Ref(SiteFigures),
  primary: Type.Ref(PlantPrimaryComparison),
  assets: Type.Array(Type.Ref(AssetFigures)),
  factors: Type.Ref(FactorsUsed),
};

/** What the domain computes for a period (computePeriod). */
export const PeriodResult = Type.Object({ ...periodProps, days: Type.Array(Type.Ref(DayRow)) });
export type PeriodResult = Static<typeof PeriodResult>;

export const QueryInfo = Type.Object(
  { rollup_days: Num(), rollup_hours: Num(), raw_hours: Num(), elapsed_ms: Num() },
  { $id: 'QueryInfo', description: 'How the figures were read: days and hours from roll-ups, hours raw, time taken' },
);
export type QueryInfo = Static<typeof QueryInfo>;

export const PeriodKpis = Type.Object({ ...periodProps, query: Type.Ref(QueryInfo) }, { $id: 'PeriodKpis' });
export type PeriodKpis = Static<typeof PeriodKpis>;

const FigureKeyLiteral = Type.Union(KEY_FIGURES.map((f) => Type.Literal(f.key)));

export const FigureChange = Type.Object(
  {
    figure: FigureKeyLiteral,
    current: NNum(),
    previous: NNum(),
    /** current − previous, in the figure's own unit (a ratio's change is a difference of ratios) */
    change: NNum(),
    /** change / previous; null when previous is 0 or unknown */
    change_ratio: NNum(),
  },
  { $id: 'FigureChange', description: 'A key figure beside last year’s' },
);
export type FigureChange = Static<typeof FigureChange>;

export const YearOnYear = Type.Object(
  {
    previous_month: Type.String(),
    previous_from_ms: Type.Integer(),
    previous_to_ms: Type.Integer(),
    previous_has_data: Type.Boolean(),
    figures: Type.Array(Type.Ref(FigureChange)),
  },
  { $id: 'YearOnYear', description: 'The same month of the previous year, each figure computed over its whole month' },
);
export type YearOnYear = Static<typeof YearOnYear>;

export const MonthlyReport = Type.Object(
  {
    ...periodProps,
    query: Type.Ref(QueryInfo),
    month: Type.String(),
    generated_at_ms: Type.Integer(),
    days: Type.Array(Type.Ref(DayRow)),
    previous_year: Nullable(Type.Ref(YearOnYear)),
  },
  { $id: 'MonthlyReport' },
);
export type MonthlyReport = Static<typeof MonthlyReport>;

export const FiscalYearReport = Type.Object(
  {
    ...periodProps,
    query: Type.Ref(QueryInfo),
    fiscal_year: Type.Integer(),
    generated_at_ms: Type.Integer(),
    months: Type.Array(Type.Ref(MonthRow)),
  },
  {
    $id: 'FiscalYearReport',
    description:
      'A fiscal year (April–March): one row per month; totals computed over the whole year, not added up from the months',
  },
);
export type FiscalYearReport = Static<typeof FiscalYearReport>;

export const AdditiveFigures = Type.Object(
  Object.fromEntries(ADDITIVE_FIGURES.map((k) => [k, NNum()])) as Record<
    (typeof ADDITIVE_FIGURES)[number],
    ReturnType<typeof NNum>
  >,
  {
    $id: 'AdditiveFigures',
    description: 'The sites’ additive figures added up (no ratios); null where no site has it',
  },
);
export type AdditiveFigures = Static<typeof AdditiveFigures>;

export const AllSitesReport = Type.Object(
  {
    month: Type.String(),
    generated_at_ms: Type.Integer(),
    sites: Type.Array(Type.Ref(MonthlyReport)),
    totals: Type.Ref(AdditiveFigures),
  },
  { $id: 'AllSitesReport', description: 'Every site of the registry for one month, each in its own time zone' },
);
export type AllSitesReport = Static<typeof AllSitesReport>;

/** Schemas with an $id that the period shapes reference (registered once by the api). */
export const PERIOD_SCHEMAS: TSchema[] = [
  LocalisedText,
  Co2BySource,
  SiteFigures,
  PeriodNote,
  DayRow,
  MonthRow,
  AssetFigures,
  FactorsUsed,
  PlantPrimaryComparison,
  QueryInfo,
  PeriodKpis,
  FigureChange,
  YearOnYear,
  MonthlyReport,
  FiscalYearReport,
  AdditiveFigures,
  AllSitesReport,
];
