import type { MonthlyReport, RenderedReport, ReportFormat, ReportLang } from '../index.ts';
import { renderCsv } from './csv.ts';
import { renderPdf } from './pdf.ts';
import { renderXlsx } from './xlsx.ts';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** `report-minato-dhc-2026-10.csv` */
export function reportFilename(report: MonthlyReport, format: ReportFormat): string {
  return `report-${report.site}-${report.month}.${format}`;
}

export async function renderReport(
  report: MonthlyReport,
  format: ReportFormat,
  lang: ReportLang,
): Promise<RenderedReport> {
  const body =
    format === 'csv'
      ? renderCsv(report, lang)
      : format === 'xlsx'
        ? await renderXlsx(report, lang)
        : await renderPdf(report, lang);
  return { contentType: CONTENT_TYPES[format], filename: reportFilename(report, format), body };
}
