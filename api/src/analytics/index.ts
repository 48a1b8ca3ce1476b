/**
 * Period analytics service (DESIGN §6): KPIs over any window and the monthly report, computed from InfluxDB
 * roll-ups (see source.ts) with the pure period maths of the domain, and rendered as CSV, XLSX or PDF.
 */
import type { InfluxClient, Logger } from '@ems/runtime';
import { monthRange, type RegistryIndex } from '@ems/domain';
import { computePeriod, type PeriodResult } from '@ems/domain';
import { notFound } from '../errors.ts';
import { Rollups } from './rollups.ts';
import { PeriodSource, type SourceStrategy } from './source.ts';
import { renderReport } from './render/index.ts';

export type ReportFormat = 'csv' | 'xlsx' | 'pdf';
export type ReportLang = 'ja' | 'en';

export interface QueryInfo extends SourceStrategy {
  /** wall-clock ms the computation took */
  elapsed_ms: number;
}

export type PeriodKpis = Omit<PeriodResult, 'days'> & { query: QueryInfo };
export type MonthlyReport = PeriodResult & { month: string; generated_at_ms: number; query: QueryInfo };

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

export function createAnalytics(deps: AnalyticsDeps): AnalyticsService {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; report: MonthlyReport }>();
  const useRollups = deps.rollups !== false;
  const rollups = new Rollups({
    influx: deps.influx,
    registry: deps.registry,
    log: deps.log,
    now,
    job: useRollups && deps.rollupJob !== false,
    tickMs: deps.rollupTickMs ?? 15_000,
    onRerolled: (site) => {
      for (const key of cache.keys()) if (key.startsWith(`${site}|`)) cache.delete(key);
    },
  });
  const source = new PeriodSource(deps.influx, rollups);

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
    async monthlyReport(siteId, month) {
      const site = siteOf(siteId);
      const range = monthRange(month, site.time_zone);
      const key = `${siteId}|${month}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < CACHE_TTL_MS) return hit.report;
      const { result, query } = await period(siteId, range.from_ms, range.to_ms);
      const report: MonthlyReport = { ...result, month, generated_at_ms: now(), query };
      if (range.to_ms < now() - SETTLED_MS) {
        cache.set(key, { at: now(), report });
        if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
      }
      return report;
    },
    render: (report, format, lang) => renderReport(report, format, lang),
    rollupNow: () => rollups.tick(),
    whenReady: () => (useRollups ? rollups.whenCaughtUp() : Promise.resolve()),
  };
}
