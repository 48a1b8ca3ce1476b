import type {
  AllSitesReport,
  FiscalYearReport,
  MonthlyReport,
  RenderedReport,
  ReportFormat,
  ReportLang,
} from '../index.ts';
import { renderAllSitesCsv, renderCsv, renderFiscalYearCsv } from './csv.ts';
import { renderAllSitesPdf, renderFiscalYearPdf, renderPdf } from './pdf.ts';
import { renderAllSitesXlsx, renderFiscalYearXlsx, renderXlsx } from './xlsx.ts';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** `report-minato-dhc-2026-10.csv` */
export function reportFilename(report: MonthlyReport, format: ReportFormat): string {
  return `report-${report.site}-${report.month}.${format}`;
}

type Renderers<R> = Record<ReportFormat, (report: R, lang: ReportLang) => Buffer | Promise<Buffer>>;

async function render<R>(
  renderers: Renderers<R>,
  report: R,
  format: ReportFormat,
  lang: ReportLang,
  filename: string,
): Promise<RenderedReport> {
  return { contentType: CONTENT_TYPES[format], filename, body: await renderers[format](report, lang) };
}

export const renderReport = (report: MonthlyReport, format: ReportFormat, lang: ReportLang) =>
  render({ csv: renderCsv, xlsx: renderXlsx, pdf: renderPdf }, report, format, lang, reportFilename(report, format));

/** `report-minato-dhc-FY2025.xlsx` */
export const renderFiscalYear = (report: FiscalYearReport, format: ReportFormat, lang: ReportLang) =>
  render(
    { csv: renderFiscalYearCsv, xlsx: renderFiscalYearXlsx, pdf: renderFiscalYearPdf },
    report,
    format,
    lang,
    `report-${report.site}-FY${report.fiscal_year}.${format}`,
  );

/** `report-all-sites-2026-10.pdf` */
export const renderAllSites = (report: AllSitesReport, format: ReportFormat, lang: ReportLang) =>
  render(
    { csv: renderAllSitesCsv, xlsx: renderAllSitesXlsx, pdf: renderAllSitesPdf },
    report,
    format,
    lang,
    `report-all-sites-${report.month}.${format}`,
  );
