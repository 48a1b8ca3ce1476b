/** Request and response schemas of the KPI and monthly-report routes (DESIGN §5, §6). */
import { Type, type Static } from '@sinclair/typebox';
import { Id } from '@ems/domain';
import { InstantParam, MonthParam } from './common.ts';

export const KpiQuery = Type.Object(
  { from: InstantParam('start of the window'), to: InstantParam('end of the window (exclusive)') },
  { $id: 'KpiQuery', additionalProperties: false },
);
export type KpiQuery = Static<typeof KpiQuery>;

export const ReportQuery = Type.Object(
  {
    site: Id,
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

export {
  AdditiveFigures,
  AllSitesReport,
  AssetFigures,
  Co2BySource,
  DayRow,
  FactorsUsed,
  FigureChange,
  FiscalYearReport,
  MonthlyReport,
  MonthRow,
  PeriodKpis,
  PeriodNote,
  PlantPrimaryComparison,
  QueryInfo,
  SiteFigures,
  YearOnYear,
} from '@ems/domain';

/** Request schemas of the analytics routes (the response shapes are the domain's PERIOD_SCHEMAS). */
export const analyticsSchemas = [KpiQuery, ReportQuery, FiscalYearQuery, AllSitesQuery];
