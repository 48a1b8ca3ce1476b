/** The KPI and report routes on a bare Fastify (no auth), with a stub analytics service. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, notFound } from '../../src/errors.ts';
import type { AnalyticsService, MonthlyReport, PeriodKpis } from '../../src/analytics/index.ts';
import kpiRoutes from '../../src/routes/sites/kpis.ts';
import { parseInstant } from '../../src/params.ts';
import reportRoutes from '../../src/routes/reports/index.ts';
import { computePeriod } from '@ems/domain';
import { registry } from './fixture.ts';

const reg = registry();
const emptyKpis = (from_ms: number, to_ms: number): PeriodKpis => {
  const { days: _days, ...rest } = computePeriod({
    site: reg.site('test-dhc')!,
    fuel: (f) => reg.fuel(f),
    from_ms,
    to_ms,
    assets: {},
  });
  void _days;
  return { ...rest, query: { rollup_days: 0, rollup_hours: 0, raw_hours: 0, elapsed_ms: 0 } };
};

const calls: unknown[][] = [];
const stub = {
  start: async () => {},
  stop: async () => {},
  rollup: async () => {},
  whenReady: async () => {},
  kpis: async (site: string, from: number, to: number) => {
    calls.push([site, from, to]);
    if (site !== 'test-dhc') throw notFound(`There is no site "${site}".`);
    return emptyKpis(from, to);
  },
  monthlyReport: async (site: string, month: string) => {
    if (site !== 'test-dhc') throw notFound(`There is no site "${site}".`);
    return { site, month } as MonthlyReport;
  },
  fiscalYearReport: async (site: string, year: number) => {
    calls.push(['fy', site, year]);
    if (site !== 'test-dhc') throw notFound(`There is no site "${site}".`);
    return { site, fiscal_year: year };
  },
  allSitesReport: async (month: string) => ({ month, sites: [] }),
  renderFiscalYear: async (r: { site: string; fiscal_year: number }, format: string) => ({
    contentType: 'application/pdf',
    filename: `report-${r.site}-FY${r.fiscal_year}.${format}`,
    body: Buffer.from('%PDF-'),
  }),
  renderAllSites: async (r: { month: string }, format: string) => ({
    contentType: 'application/pdf',
    filename: `report-all-sites-${r.month}.${format}`,
    body: Buffer.from('%PDF-'),
  }),
  render: async (r: MonthlyReport, format: string) => ({
    contentType: 'text/csv; charset=utf-8',
    filename: `report-${r.site}-${r.month}.${format}`,
    body: Buffer.from('\uFEFFa,b\r\n'),
  }),
} as unknown as AnalyticsService;

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('analytics', stub);
  app.decorate('registry', reg);
  app.decorate('settings', { MAX_WINDOW_DAYS: 731 } as never);
  app.setErrorHandler((err, _req, reply) => {
    const status = err instanceof ApiError ? err.statusCode : ((err as { statusCode?: number }).statusCode ?? 500);
    void reply.code(status).send({ statusCode: status, error: 'x', code: 'x', message: (err as Error).message });
  });
  await app.register(kpiRoutes, { prefix: '/api/sites' });
  await app.register(reportRoutes, { prefix: '/api/reports' });
  await app.ready();
});
afterAll(() => app.close());

describe('GET /api/sites/:site/kpis', () => {
  it.each([
    ['from=2026-10-01T00:00:00%2B09:00&to=2026-11-01T00:00:00%2B09:00', 200],
    ['from=1790780400000&to=1793458800000', 200],
    ['from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z', 400],
    ['from=yesterday&to=2026-10-01T00:00:00Z', 400],
    ['from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400],
    ['from=2026-10-01T00:00:00Z', 400],
    ['from=-9007199254740991&to=-9007199254740000', 400],
    ['from=2025-02-30T00:00:00Z&to=2025-03-02T00:00:00Z', 400],
    ['from=2100-12-01T00:00:00Z&to=2101-01-02T00:00:00Z', 400],
    ['from=2026-10-01&to=2026-11-01', 200],
  ])('%s → %i', async (qs, status) => {
    const res = await app.inject({ url: `/api/sites/test-dhc/kpis?${qs}` });
    expect(res.statusCode).toBe(status);
    if (status === 400) expect(res.json().message).toMatch(/\w+ \w+/);
  });

  it('unknown site → 404 naming it', async () => {
    const res = await app.inject({ url: '/api/sites/nowhere/kpis?from=0&to=1000' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('nowhere');
  });

  it('parses ISO 8601 with an offset to UTC ms; without one in the site zone', () => {
    expect(parseInstant('from', '2026-10-01T00:00:00+09:00', 'UTC')).toBe(Date.parse('2026-09-30T15:00:00Z'));
    expect(parseInstant('from', '2026-10-01', 'Asia/Tokyo')).toBe(Date.parse('2026-09-30T15:00:00Z'));
    expect(() => parseInstant('to', '2025-02-30T00:00:00Z', 'UTC')).toThrow(/"to" is not a real date/);
  });

  it('a date without an offset is local to the site: 2026-10-01 in Tokyo starts at 15:00Z the day before', async () => {
    calls.length = 0;
    await app.inject({ url: '/api/sites/test-dhc/kpis?from=2026-10-01&to=2026-10-02' });
    expect(calls[0]).toEqual(['test-dhc', Date.parse('2026-09-30T15:00:00Z'), Date.parse('2026-10-01T15:00:00Z')]);
  });
});

describe('GET /api/reports/monthly', () => {
  it('csv is an attachment named after site and month', async () => {
    const res = await app.inject({ url: '/api/reports/monthly?site=test-dhc&month=2026-10&format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-test-dhc-2026-10.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it.each([
    ['site=test-dhc&month=2026-13', 400],
    ['site=test-dhc&month=9999-12', 400],
    ['site=test-dhc&month=1969-12', 400],
    ['site=test-dhc&month=2026-10&format=doc', 400],
    ['site=nowhere&month=2026-10', 404],
  ])('%s → %i', async (qs, status) => {
    const res = await app.inject({ url: `/api/reports/monthly?${qs}` });
    expect(res.statusCode).toBe(status);
  });
});

describe('GET /api/reports/fiscal-year and /api/reports/all-sites', () => {
  it.each([
    ['fiscal-year?site=test-dhc&year=2025&format=pdf&lang=en', 200, ''],
    ['fiscal-year?site=test-dhc&year=1969', 400, 'year'],
    ['fiscal-year?site=test-dhc&year=2100', 400, 'year'],
    ['fiscal-year?site=test-dhc&year=20250', 400, 'year'],
    ['fiscal-year?site=test-dhc&year=FY2025', 400, 'year'],
    ['fiscal-year?site=test-dhc', 400, 'year'],
    ['fiscal-year?year=2025', 400, 'site'],
    ['fiscal-year?site=test-dhc&year=2025&format=doc', 400, 'format'],
    ['fiscal-year?site=nowhere&year=2025', 404, 'nowhere'],
    ['all-sites?month=2026-10&format=xlsx&lang=ja', 200, ''],
    ['all-sites?month=2026-13', 400, 'month'],
    ['all-sites?month=2101-01', 400, 'month'],
    ['all-sites', 400, 'month'],
    ['all-sites?month=2026-10&lang=fr', 400, 'lang'],
  ])('%s → %i, the message naming %s', async (qs, status, names) => {
    const res = await app.inject({ url: `/api/reports/${qs}` });
    expect(res.statusCode).toBe(status);
    if (status >= 400) expect(res.json().message).toContain(names);
  });

  it('the fiscal year reaches the service as a number; a file is an attachment named after it', async () => {
    calls.length = 0;
    const res = await app.inject({ url: '/api/reports/fiscal-year?site=test-dhc&year=2025&format=pdf' });
    expect(calls).toEqual([['fy', 'test-dhc', 2025]]);
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-test-dhc-FY2025.pdf"');
  });
});
