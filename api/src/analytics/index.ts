/**
 * Period analytics service (DESIGN §6): KPIs over any window and the monthly report, computed from InfluxDB
 * roll-ups (see source.ts) with the pure period maths of the domain, and rendered as CSV, XLSX or PDF.
 */
import type { InfluxClient, Logger } from '@ems/runtime';
import {
  compareFigures,
  computePeriod,
  computePeriodByMonth,
  fiscalYearRange,
  monthRange,
  sameMonthPreviousYear,
  sumFigures,
  HOUR_MS,
  type AdditiveFigures,
  type FigureChange,
  type MonthRow,
  type PeriodResult,
  type RegistryIndex,
} from '@ems/domain';
import { notFound } from '../errors.ts';
import { Rollups } from './rollups.ts';
import { PeriodSource } from './source.ts';
import type { SourceStrategy } from './pieces.ts';
import { AnalyticsStorage } from './storage.ts';
import { renderAllSites, renderFiscalYear, renderReport } from './render/index.ts';

export type ReportFormat = 'csv' | 'xlsx' | 'pdf';
export type ReportLang = 'ja' | 'en';

export interface QueryInfo extends SourceStrategy {
  /** wall-clock ms the computation took */
  elapsed_ms: number;
}

export type PeriodKpis = Omit<PeriodResult, 'days'> & { query: QueryInfo };

/** The month's key figures beside those of the same month a year earlier (both computed whole by the domain). */
export interface YearOnYear {
  previous_month: string;
  previous_from_ms: number;
  previous_to_ms: number;
  previous_has_data: boolean;
  figures: FigureChange[];
}

export type MonthlyReport = PeriodResult & {
  month: string;
  generated_at_ms: number;
  query: QueryInfo;
  /** null only where the previous year lies before 1970 */
  previous_year: YearOnYear | null;
};

/** A fiscal year (April–March): one row per month and the year's figures computed over the whole year. */
export type FiscalYearReport = Omit<PeriodResult, 'days'> & {
  fiscal_year: number;
  months: MonthRow[];
  generated_at_ms: number;
  query: QueryInfo;
};

/** Every site of the registry for one month (each in its own time zone): the municipality's view. */
export interface AllSitesReport {
  month: string;
  generated_at_ms: number;
  sites: MonthlyReport[];
  /** The sites' additive figures added up (energies, fuel, CO2, alarms); ratios are per site only. */
  totals: AdditiveFigures;
}

export interface RenderedReport {
  contentType: string;
  filename: string;
  body: Buffer;
}

export interface AnalyticsService {
  start(): Promise<void>;
  stop(): Promise<void>;
  kpis(siteId: string, from_ms: number, to_ms: number): Promise<PeriodKpis>;
  monthlyReport(siteId: string, month: string): Promise<MonthlyReport>;
  render(report: MonthlyReport, format: ReportFormat, lang: ReportLang): Promise<RenderedReport>;
  fiscalYearReport(siteId: string, fiscalYear: number): Promise<FiscalYearReport>;
  renderFiscalYear(report: FiscalYearReport, format: ReportFormat, lang: ReportLang): Promise<RenderedReport>;
  allSitesReport(month: string): Promise<AllSitesReport>;
  renderAllSites(report: AllSitesReport, format: ReportFormat, lang: ReportLang): Promise<RenderedReport>;
  /** Runs one round of the roll-up job now (what it does every tick); resolves when done. */
  rollupNow(): Promise<void>;
  /** Resolves when the roll-up job has rolled every closed hour (on a first start: the stored history). */
  whenReady(): Promise<void>;
}

export interface AnalyticsDeps {
  influx: InfluxClient;
  registry: RegistryIndex;
  log: Logger;
  /** Clock (tests). */
  now?: () => number;
  /** Use roll-ups (default true); false reads everything raw. */
  rollups?: boolean;
  /** Run the roll-up job in this process (default true); false only reads what another process's job keeps. */
  rollupJob?: boolean;
  /** How often the roll-up job runs, ms (default 15 s). */
  rollupTickMs?: number;
}

const CACHE_MAX = 64;
const CACHE_TTL_MS = 10 * 60_000;
/** A month is cached only once it ended this long ago (late data has been rolled up). */
const SETTLED_MS = 2 * 86_400_000;
/** The earliest month whose previous year a report compares with (nothing is stored before 1970). */
const FIRST_COMPARED_MONTH = '1971-01';
/** Ingest accepts time stamps up to 5 minutes ahead (DOMAIN §10): nothing is read beyond that. */
const FUTURE_SLACK_MS = 5 * 60_000;

export function createAnalytics(deps: AnalyticsDeps): AnalyticsService {
  const now = deps.now ?? Date.now;
  type MonthCore = Omit<MonthlyReport, 'previous_year'>;
  const cache = new Map<string, { at: number; report: MonthCore | FiscalYearReport }>();
  const cached = <T extends MonthCore | FiscalYearReport>(key: string): T | undefined => {
    const hit = cache.get(key);
    return hit && now() - hit.at < CACHE_TTL_MS ? (hit.report as T) : undefined;
  };
  const remember = (key: string, to_ms: number, report: MonthCore | FiscalYearReport): void => {
    if (to_ms >= now() - SETTLED_MS) return;
    cache.set(key, { at: now(), report });
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  };
  const useRollups = deps.rollups !== false;
  const storage = new AnalyticsStorage(deps.influx);
  const rollups = new Rollups({
    storage,
    registry: deps.registry,
    log: deps.log,
    now,
    job: useRollups && deps.rollupJob !== false,
    tickMs: deps.rollupTickMs ?? 15_000,
    onRerolled: (site) => {
      for (const key of cache.keys()) if (key.startsWith(`${site}|`)) cache.delete(key);
    },
  });
  const source = new PeriodSource(storage, rollups);

  const siteOf = (siteId: string) => {
    const site = deps.registry.site(siteId);
    if (!site) throw notFound(`There is no site "${siteId}".`);
    return site;
  };

  async function period(
    siteId: string,
    from_ms: number,
    to_ms: number,
  ): Promise<{ result: PeriodResult; query: QueryInfo }> {
    const site = siteOf(siteId);
    const t0 = performance.now();
    const now_ms = now();
    const data = await source.siteBuckets(site, from_ms, to_ms, now_ms);
    const result = computePeriod({
      site,
      fuel: (id) => deps.registry.fuel(id),
      from_ms,
      to_ms,
      now_ms,
      assets: data.assets,
      alarms: data.alarms,
    });
    return { result, query: { ...data.strategy, elapsed_ms: Math.round(performance.now() - t0) } };
  }

  async function monthCore(siteId: string, month: string): Promise<MonthCore> {
    const site = siteOf(siteId);
    const range = monthRange(month, site.time_zone);
    const key = `${siteId}|${month}`;
    const hit = cached<MonthCore>(key);
    if (hit) return hit;
    const { result, query } = await period(siteId, range.from_ms, range.to_ms);
    const report: MonthCore = { ...result, month, generated_at_ms: now(), query };
    remember(key, range.to_ms, report);
    return report;
  }

  async function monthlyReport(siteId: string, month: string): Promise<MonthlyReport> {
    if (month < FIRST_COMPARED_MONTH) return { ...(await monthCore(siteId, month)), previous_year: null };
    const prevMonth = sameMonthPreviousYear(month);
    // the previous year is read beside this month, not after it (and, being settled, is cached)
    const [current, previous] = await Promise.all([monthCore(siteId, month), monthCore(siteId, prevMonth)]);
    return {
      ...current,
      previous_year: {
        previous_month: prevMonth,
        previous_from_ms: previous.from_ms,
        previous_to_ms: previous.to_ms,
        previous_has_data: previous.has_data,
        figures: compareFigures(current.totals, previous.totals),
      },
    };
  }

  return {
    async start() {
      if (useRollups) await rollups.start();
    },
    async stop() {
      await rollups.stop();
      cache.clear();
    },
    async kpis(siteId, from_ms, to_ms) {
      const { result, query } = await period(siteId, from_ms, to_ms);
      const { days: _days, ...rest } = result;
      void _days;
      return { ...rest, query };
    },
    monthlyReport,
    render: (report, format, lang) => renderReport(report, format, lang),
    async fiscalYearReport(siteId, fiscalYear) {
      const site = siteOf(siteId);
      const range = fiscalYearRange(fiscalYear, site.time_zone);
      const key = `${siteId}|FY${fiscalYear}`;
      const hit = cached<FiscalYearReport>(key);
      if (hit) return hit;
      const t0 = performance.now();
      const now_ms = now();
      // the months still ahead hold nothing: read up to now only (the hour it is in, with ingest's slack)
      const readTo = Math.min(range.to_ms, Math.ceil((now_ms + FUTURE_SLACK_MS) / HOUR_MS) * HOUR_MS);
      const data =
        readTo > range.from_ms
          ? await source.siteBuckets(site, range.from_ms, readTo, now_ms)
          : { assets: {}, alarms: [], strategy: { rollup_days: 0, rollup_hours: 0, raw_hours: 0 } };
      const { result, months } = computePeriodByMonth({
        site,
        fuel: (id) => deps.registry.fuel(id),
        from_ms: range.from_ms,
        to_ms: range.to_ms,
        now_ms,
        assets: data.assets,
        alarms: data.alarms,
      });
      const { days: _days, ...year } = result;
      void _days;
      const report: FiscalYearReport = {
        ...year,
        fiscal_year: fiscalYear,
        months,
        generated_at_ms: now(),
        query: { ...data.strategy, elapsed_ms: Math.round(performance.now() - t0) },
      };
      remember(key, range.to_ms, report);
      return report;
    },
    renderFiscalYear: (report, format, lang) => renderFiscalYear(report, format, lang),
    async allSitesReport(month) {
      const sites = await Promise.all(deps.registry.allSites().map((site) => monthlyReport(site.id, month)));
      return { month, generated_at_ms: now(), sites, totals: sumFigures(sites.map((s) => s.totals)) };
    },
    renderAllSites: (report, format, lang) => renderAllSites(report, format, lang),
    rollupNow: () => rollups.tick(),
    whenReady: () => (useRollups ? rollups.whenCaughtUp() : Promise.resolve()),
  };
}
