/** Request and response schemas of the KPI and monthly-report routes (DESIGN §5, §6). */
import { Type, type Static } from '@sinclair/typebox';
import { ADDITIVE_FIGURES, KEY_FIGURES } from '@ems/domain';
import { InstantParam, MonthParam } from './common.ts';

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);
const Num = () => Type.Number();
const NNum = () => Nullable(Type.Number());
const Name = Type.Object({ ja: Type.String(), en: Type.String() });

export const KpiQuery = Type.Object(
  { from: InstantParam('start of the window'), to: InstantParam('end of the window (exclusive)') },
  { $id: 'KpiQuery', additionalProperties: false },
);
export type KpiQuery = Static<typeof KpiQuery>;

export const ReportQuery = Type.Object(
  {
    site: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }),
    month: MonthParam,
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('pdf')], {
        default: 'json',
      }),
    ),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')], { default: 'ja' })),
  },
  { $id: 'ReportQuery', additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

const FormatParam = ReportQuery.properties.format;
const LangParam = ReportQuery.properties.lang;

/** A fiscal year 'YYYY' (April–March) whose months all lie in 1970-01 … 2100-12. */
export const FiscalYearParam = Type.String({
  pattern: '^(19[7-9]\\d|20\\d\\d)$',
  description: 'fiscal year YYYY, 1970 … 2099 (April–March, local to the site: FY2025 is 2025-04-01 … 2026-03-31)',
  examples: ['2025'],
});

export const FiscalYearQuery = Type.Object(
  { site: ReportQuery.properties.site, year: FiscalYearParam, format: FormatParam, lang: LangParam },
  { $id: 'FiscalYearQuery', additionalProperties: false },
);
export type FiscalYearQuery = Static<typeof FiscalYearQuery>;

export const AllSitesQuery = Type.Object(
  { month: MonthParam, format: FormatParam, lang: LangParam },
  { $id: 'AllSitesQuery', additionalProperties: false },
);
export type AllSitesQuery = Static<typeof AllSitesQuery>;

export const Co2BySource = Type.Object(
  { source: Type.String(), kind: Type.Union([Type.Literal('fuel'), Type.Literal('grid')]), co2_kg: Num() },
  { $id: 'Co2BySource' },
);

const fuelUse = Type.Object({ amount: Num(), unit: Type.String(), gj: Num(), co2_kg: Num() });

const siteFigureProps = {
  hours: Num(),
  heat_produced_kwh: Num(),
  heat_delivered_kwh: Num(),
  heat_delivered_source: Type.Union([Type.Literal('heat_meter'), Type.Literal('generators')]),
  heat_by_generator_kwh: Type.Record(Type.String(), Num()),
  electricity_used_kwh: Num(),
  plant_electricity_kwh: NNum(),
  running_electricity_kwh: Num(),
  cop_total: NNum(),
  cop_running: NNum(),
  defrost_kwh: Num(),
  cop_by_heat_pump: Type.Record(Type.String(), NNum()),
  chp_electricity_kwh: Num(),
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
  co2_by_source: Type.Array(Type.Ref('Co2BySource')),
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

export const PeriodNote = Type.Object(
  {
    code: Type.String(),
    asset: Type.Optional(Type.String()),
    en: Type.String(),
    ja: Type.String(),
  },
  { $id: 'PeriodNote', description: 'A remark on the data of the period, in both languages' },
);

export const DayRow = Type.Object(
  { date: Type.String(), from_ms: Type.Integer(), to_ms: Type.Integer(), has_data: Type.Boolean(), ...siteFigureProps },
  { $id: 'DayRow' },
);

export const AssetFigures = Type.Object(
  {
    asset: Type.String(),
    type: Type.String(),
    name: Name,
    received_samples: Num(),
    expected_samples: Num(),
    completeness: NNum(),
    counter_resets: Num(),
    energy_source: Type.Union([Type.Literal('counter'), Type.Literal('integrated'), Type.Literal('none')]),
    heat_kwh: NNum(),
    electricity_kwh: NNum(),
    running_heat_kwh: NNum(),
    running_electricity_kwh: NNum(),
    cop_total: NNum(),
    cop_running: NNum(),
    defrost_kwh: NNum(),
    heat_while_off_kwh: NNum(),
    fuel: Type.Union([Type.String(), Type.Null()]),
    fuel_unit: Type.Union([Type.String(), Type.Null()]),
    fuel_amount: NNum(),
    fuel_gj: NNum(),
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

const FactorUsed = Type.Object({
  from_date: Type.String(),
  value: Num(),
  source: Type.Union([Name, Type.Null()]),
});

export const FactorsUsed = Type.Object(
  {
    grid_emission: Type.Array(FactorUsed),
    primary_energy: Type.Array(FactorUsed),
    fuels: Type.Array(
      Type.Object({
        fuel: Type.String(),
        name: Name,
        unit: Type.String(),
        hhv_mj_per_unit: Num(),
        co2_kg_per_unit: Num(),
        biogenic: Type.Boolean(),
        source: Type.Union([Name, Type.Null()]),
      }),
    ),
    national_average_primary_cop: Num(),
    national_average_source: Name,
    kwh_to_gj: Num(),
  },
  { $id: 'FactorsUsed' },
);

export const PlantPrimaryComparison = Type.Object(
  {
    plant_primary_cop: NNum(),
    national_average: Num(),
    ratio_to_national_average: NNum(),
    above_national_average: Type.Union([Type.Boolean(), Type.Null()]),
  },
  { $id: 'PlantPrimaryComparison' },
);

export const QueryInfo = Type.Object(
  {
    rollup_days: Num(),
    rollup_hours: Num(),
    raw_hours: Num(),
    elapsed_ms: Num(),
  },
  { $id: 'QueryInfo', description: 'How the figures were read: hours from roll-ups vs raw data, time taken' },
);

const periodProps = {
  site: Type.String(),
  site_name: Name,
  time_zone: Type.String(),
  from_ms: Type.Integer(),
  to_ms: Type.Integer(),
  has_data: Type.Boolean(),
  notes: Type.Array(Type.Ref('PeriodNote')),
  totals: Type.Ref('SiteFigures'),
  primary: Type.Ref('PlantPrimaryComparison'),
  assets: Type.Array(Type.Ref('AssetFigures')),
  factors: Type.Ref('FactorsUsed'),
  query: Type.Ref('QueryInfo'),
};

export const PeriodKpis = Type.Object(periodProps, { $id: 'PeriodKpis' });

const FigureKeyLiteral = Type.Union(KEY_FIGURES.map((f) => Type.Literal(f.key)));

export const FigureChange = Type.Object(
  {
    figure: FigureKeyLiteral,
    current: NNum(),
    previous: NNum(),
    change: NNum(),
    change_ratio: NNum(),
  },
  {
    $id: 'FigureChange',
    description:
      'A key figure beside last year’s: change = current − previous (a ratio’s change is a difference of ratios); change_ratio = change / previous',
  },
);

export const YearOnYear = Type.Object(
  {
    previous_month: Type.String(),
    previous_from_ms: Type.Integer(),
    previous_to_ms: Type.Integer(),
    previous_has_data: Type.Boolean(),
    figures: Type.Array(Type.Ref('FigureChange')),
  },
  { $id: 'YearOnYear', description: 'The same month of the previous year, each figure computed over its whole month' },
);

export const MonthlyReport = Type.Object(
  {
    ...periodProps,
    month: Type.String(),
    generated_at_ms: Type.Integer(),
    days: Type.Array(Type.Ref('DayRow')),
    previous_year: Type.Union([Type.Ref('YearOnYear'), Type.Null()]),
  },
  { $id: 'MonthlyReport' },
);

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

export const FiscalYearReport = Type.Object(
  {
    ...periodProps,
    fiscal_year: Type.Integer(),
    generated_at_ms: Type.Integer(),
    months: Type.Array(Type.Ref('MonthRow')),
  },
  {
    $id: 'FiscalYearReport',
    description:
      'A fiscal year (April–March): one row per month; totals computed over the whole year, not added up from the months',
  },
);

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

export const AllSitesReport = Type.Object(
  {
    month: Type.String(),
    generated_at_ms: Type.Integer(),
    sites: Type.Array(Type.Ref('MonthlyReport')),
    totals: Type.Ref('AdditiveFigures'),
  },
  { $id: 'AllSitesReport', description: 'Every site of the registry for one month, each in its own time zone' },
);

/** Register before the routes (fastify.addSchema) so $refs resolve and OpenAPI names the components. */
export const analyticsSchemas = [
  KpiQuery,
  ReportQuery,
  Co2BySource,
  SiteFigures,
  PeriodNote,
  DayRow,
  AssetFigures,
  FactorsUsed,
  PlantPrimaryComparison,
  QueryInfo,
  PeriodKpis,
  FigureChange,
  YearOnYear,
  MonthlyReport,
  FiscalYearQuery,
  AllSitesQuery,
  MonthRow,
  FiscalYearReport,
  AdditiveFigures,
  AllSitesReport,
];
