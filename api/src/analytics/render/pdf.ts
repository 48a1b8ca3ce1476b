// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types of svg-to-pdfkit must reach importers of @ems/api
/// <reference path="../svg-to-pdfkit.d.ts" />
/**
 * PDF: A4 printable pages — the monthly report (key figures, comparison with the same month last year, charts),
 * the fiscal year (months × figures) and all sites (sites × figures). Charts are ECharts rendered to SVG on the
 * server and embedded with svg-to-pdfkit; PV has its own axis beside heat so that it stays visible. Numbers are
 * written as the screen writes them (the domain's formatNumber: same decimals, thousands separators).
 *
 * Japanese text needs a Japanese TTF/OTF font: $EMS_PDF_FONT, else the first of the usual Debian paths
 * (fonts-ipafont-gothic, fonts-noto-cjk, …), else `fc-list :lang=ja`. Without one, the PDF falls back to
 * Helvetica with English labels and says which package to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { figureSpec, formatNumber, fuelName, TABLE_FIGURES, timeZoneName } from '@ems/domain';
import type { AllSitesReport, FiscalYearReport, MonthlyReport, ReportLang } from '../index.ts';
import {
  typeHas,
  cellText,
  comparisonRows,
  factorRows,
  figureColumn,
  fiscalYearTitle,
  headerText,
  isAhead,
  monthTitle,
  summaryRows,
  TOTAL_LABEL,
  type FigureRow,
} from './table.ts';

export const JAPANESE_FONT_PACKAGE = 'fonts-ipafont-gothic';

const CANDIDATES: { path: string; family?: string }[] = [
  { path: '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf' },
  { path: '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf' },
  { path: '/usr/share/fonts/truetype/ipafont-gothic/ipag.ttf' },
  { path: '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf' },
  { path: '/usr/share/fonts/truetype/takao-gothic/TakaoGothic.ttf' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKjp-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf' },
];

let cachedFont: { path: string; family?: string } | null | undefined;

/** The Japanese font to embed, or null when none is installed. */
export function findJapaneseFont(): { path: string; family?: string } | null {
  if (cachedFont !== undefined) return cachedFont;
  const env = process.env.EMS_PDF_FONT;
  if (env) {
    if (!existsSync(env)) throw new Error(`EMS_PDF_FONT=${env} does not exist`);
    return (cachedFont = { path: env });
  }
  cachedFont = CANDIDATES.find((c) => existsSync(c.path)) ?? null;
  if (!cachedFont) {
    try {
      const out = execFileSync('fc-list', [':lang=ja', 'file'], { encoding: 'utf8', timeout: 3000 });
      const file = out
        .split('\n')
        .map((l) => l.replace(/:\s*$/, '').trim())
        .find((f) => /\.(ttf|otf)$/i.test(f));
      if (file) cachedFont = { path: file };
    } catch {
      // no fontconfig
    }
  }
  return cachedFont;
}

const MARGIN = 40;
const PV_COLOUR = '#c2410c';

interface Page {
  doc: PDFKit.PDFDocument;
  lang: ReportLang;
  font: string;
  hasJapanese: boolean;
  done: Promise<Buffer>;
}

function open(title: string, requested: ReportLang, layout: 'portrait' | 'landscape' = 'portrait'): Page {
  const font = findJapaneseFont();
  const lang: ReportLang = font ? requested : 'en';
  const doc = new PDFDocument({ size: 'A4', layout, margin: MARGIN, info: { Title: title, Author: 'heat-solar-ems' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font) {
    if (font.family) doc.registerFont('jp', font.path, font.family);
    else doc.registerFont('jp', font.path);
    doc.font('jp');
  } else doc.font('Helvetica');
  const page: Page = { doc, lang, font: font ? 'jp' : 'Helvetica', hasJapanese: !!font, done };
  return page;
}

function finish(p: Page): Promise<Buffer> {
  p.doc.end();
  return p.done;
}

const pageWidth = (p: Page) => p.doc.page.width;
const pageHeight = (p: Page) => p.doc.page.height;

function title(p: Page, name: string, subtitle: string): void {
  const { doc } = p;
  doc.fontSize(16).text(name);
  doc.fontSize(10).text(subtitle);
  if (!p.hasJapanese)
    doc
      .fontSize(8)
      .fillColor('#a00')
      .text(`No Japanese font installed: install the Debian package ${JAPANESE_FONT_PACKAGE} or set EMS_PDF_FONT.`)
      .fillColor('black');
  doc.moveDown(0.5);
}

function noData(p: Page, has_data: boolean): void {
  if (has_data) return;
  p.doc
    .fontSize(12)
    .fillColor('#a00')
    .text(p.lang === 'ja' ? 'この期間のデータはありません。' : 'No data for this period.')
    .fillColor('black');
  p.doc.moveDown(0.5);
}

function heading(p: Page, text: string, need = 60): void {
  if (p.doc.y + need > pageHeight(p) - MARGIN) p.doc.addPage();
  p.doc.font(p.font).fontSize(11).text(text, MARGIN, p.doc.y);
  p.doc.moveDown(0.2);
}

/** Key figures in two columns, each written as the screen writes it. */
function keyFigures(p: Page, totals: MonthlyReport['totals']): void {
  const { doc } = p;
  doc.fontSize(9);
  const rows = summaryRows(totals, p.lang);
  const colW = (pageWidth(p) - 2 * MARGIN) / 2;
  const startY = doc.y;
  rows.forEach((r, i) => {
    const x = MARGIN + (i % 2) * colW;
    const y = startY + Math.floor(i / 2) * 13;
    doc.text(r.label, x, y, { width: colW * 0.58, lineBreak: false });
    doc.text(r.text, x + colW * 0.58, y, { width: colW * 0.38, align: 'right', lineBreak: false });
  });
  doc.y = startY + Math.ceil(rows.length / 2) * 13 + 6;
  doc.x = MARGIN;
}

/** A table of text cells: first column left, the others right-aligned; header cells wrap. */
function grid(p: Page, header: string[], rows: string[][], firstWidth: number, fontSize = 8): void {
  const { doc } = p;
  const usable = pageWidth(p) - 2 * MARGIN;
  const other = (usable - firstWidth) / Math.max(1, header.length - 1);
  const widths = header.map((_, i) => (i === 0 ? firstWidth : other));
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  doc.font(p.font).fontSize(fontSize);
  const headH = Math.max(...header.map((h, i) => doc.heightOfString(h, { width: widths[i]! - 4 }))) + 4;
  const rowH = fontSize + 5;
  if (doc.y + headH + rowH * Math.min(rows.length, 3) > pageHeight(p) - MARGIN) doc.addPage();
  let y = doc.y;
  header.forEach((h, i) => doc.text(h, xs[i]! + 2, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' }));
  y += headH;
  doc
    .moveTo(MARGIN, y - 2)
    .lineTo(MARGIN + usable, y - 2)
    .lineWidth(0.5)
    .stroke();
  for (const r of rows) {
    if (y + rowH > pageHeight(p) - MARGIN) {
      doc.addPage();
      y = doc.y;
    }
    r.forEach((c, i) =>
      doc.text(c, xs[i]! + 2, y, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right', lineBreak: false }),
    );
    y += rowH;
  }
  doc.y = y + 6;
  doc.x = MARGIN;
}

function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'jp' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function drawChart(p: Page, caption: string, svg: string): void {
  const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 200);
  if (p.doc.y + h + 20 > pageHeight(p) - MARGIN) p.doc.addPage();
  p.doc.font(p.font).fontSize(10).text(caption, MARGIN, p.doc.y);
  const y = p.doc.y + 2;
  SVGtoPDF(p.doc, svg, MARGIN, y, { fontCallback: () => p.font, assumePt: true });
  p.doc.y = y + h + 8;
  p.doc.x = MARGIN;
}

/** Space under a chart for the x axis and a legend of n entries (about three to a line). */
const legendRoom = (n: number): number => 30 + 18 * Math.ceil(n / 3);

const axisLabel = (lang: ReportLang, digits?: number) => ({
  fontSize: 8,
  formatter: (v: number) => formatNumber(v, lang, digits === undefined ? {} : { digits }),
});

/**
 * Heat bars (stacked per generator) with PV generation as a line on its own axis at the right: a PV array of a few
 * hundred kWh a day stays readable beside a plant of tens of thousands.
 */
function heatAndPvChart(
  p: Page,
  categories: string[],
  heat: { name: string; data: (number | null)[] }[],
  pv: (number | null)[] | null,
  width: number,
): string {
  const lang = p.lang;
  const pvName = lang === 'ja' ? '太陽光発電量' : 'PV generation';
  return chartSvg(
    {
      legend: { bottom: 0, textStyle: { fontSize: 9 } },
      grid: { left: 60, right: pv ? 60 : 10, top: 30, bottom: legendRoom(heat.length + (pv ? 1 : 0)) },
      xAxis: { type: 'category', data: categories, axisLabel: { fontSize: 8 } },
      yAxis: [
        {
          type: 'value',
          name: lang === 'ja' ? '熱量 kWh' : 'Heat kWh',
          nameTextStyle: { fontSize: 8 },
          axisLabel: axisLabel(lang, 0),
        },
        ...(pv
          ? [
              {
                type: 'value',
                name: lang === 'ja' ? '太陽光 kWh' : 'PV kWh',
                position: 'right',
                nameTextStyle: { fontSize: 8, color: PV_COLOUR },
                axisLabel: { ...axisLabel(lang, 0), color: PV_COLOUR },
                splitLine: { show: false },
              },
            ]
          : []),
      ],
      series: [
        ...heat.map((h) => ({ type: 'bar', stack: 'heat', name: h.name, data: h.data })),
        ...(pv
          ? [
              {
                type: 'line',
                name: pvName,
                yAxisIndex: 1,
                color: PV_COLOUR,
                lineStyle: { width: 2 },
                symbolSize: 4,
                data: pv,
              },
            ]
          : []),
      ],
    },
    width,
    230,
  );
}

function co2Chart(p: Page, sources: MonthlyReport['totals']['co2_by_source'], width: number): string {
  const lang = p.lang;
  return chartSvg(
    {
      grid: { left: 120, right: 60, top: 10, bottom: 25 },
      xAxis: { type: 'value', axisLabel: axisLabel(lang, 0) },
      yAxis: { type: 'category', data: sources.map((s) => fuelName(s.source, lang)), axisLabel: { fontSize: 9 } },
      series: [
        {
          type: 'bar',
          data: sources.map((s) => s.co2_kg),
          label: {
            show: true,
            position: 'right',
            fontSize: 8,
            // svg-to-pdfkit ignores paint-order: a text border would be drawn over the text
            textBorderWidth: 0,
            formatter: (x: { value: number }) => formatNumber(x.value, lang, { digits: 0 }),
          },
        },
      ],
    },
    width,
    40 + 28 * sources.length,
  );
}

function monthlyCharts(p: Page, report: MonthlyReport): void {
  const lang = p.lang;
  const days = report.days.map((d) => d.date.slice(8));
  const gens = report.assets.filter((a) => typeHas(a.type, 'produces_heat'));
  const hps = report.assets.filter((a) => typeHas(a.type, 'has_cop'));
  const W = pageWidth(p) - 2 * MARGIN;
  const pv = report.totals.pv_kwh === null ? null : report.days.map((d) => (d.has_data ? d.pv_kwh : null));
  drawChart(
    p,
    lang === 'ja'
      ? '日別 生産熱量（熱源機別）と太陽光発電量（右軸）'
      : 'Daily heat produced by generator, PV generation (right axis)',
    heatAndPvChart(
      p,
      days,
      gens.map((g) => ({
        name: g.name[lang],
        data: report.days.map((d) => (d.has_data ? (d.heat_by_generator_kwh[g.asset] ?? 0) : null)),
      })),
      pv,
      W,
    ),
  );
  if (hps.length)
    drawChart(
      p,
      lang === 'ja' ? '日別 COP' : 'Daily COP',
      chartSvg(
        {
          legend: { bottom: 0, textStyle: { fontSize: 9 } },
          grid: { left: 60, right: 10, top: 20, bottom: legendRoom(hps.length + 1) },
          xAxis: { type: 'category', data: days, axisLabel: { fontSize: 8 } },
          yAxis: { type: 'value', axisLabel: axisLabel(lang, 1) },
          series: [
            ...hps.map((h) => ({
              type: 'line',
              name: h.name[lang],
              connectNulls: false,
              data: report.days.map((d) => d.cop_by_asset[h.asset] ?? null),
            })),
            {
              type: 'line',
              name: lang === 'ja' ? 'COP（運転時）' : 'COP (running)',
              data: report.days.map((d) => d.cop_running),
            },
          ],
        },
        W,
        200,
      ),
    );
  drawChart(
    p,
    lang === 'ja' ? 'CO2排出量（排出源別, kg-CO2）' : 'CO2 by source (kg-CO2)',
    co2Chart(p, report.totals.co2_by_source, W),
  );
}

function comparison(p: Page, report: MonthlyReport): void {
  if (!report.previous_year) return;
  const lang = p.lang;
  const prev = monthTitle(report.previous_year.previous_month, lang);
  heading(p, lang === 'ja' ? `前年同月（${prev}）との比較` : `Compared with ${prev}`);
  const rows = comparisonRows(report, lang).map((r) => {
    const n = (v: number | null, d: number) => formatNumber(v, lang, { digits: d });
    const change = r.change === null ? '—' : (r.change > 0 ? '+' : '') + n(r.change, r.digits);
    const pct = r.change_pct === null ? '—' : `${r.change_pct > 0 ? '+' : ''}${n(r.change_pct, 1)}%`;
    return [r.unit ? `${r.label} (${r.unit})` : r.label, n(r.current, r.digits), n(r.previous, r.digits), change, pct];
  });
  grid(
    p,
    lang === 'ja'
      ? ['項目', '当月', '前年同月', '増減', '増減率']
      : ['Item', 'This month', 'Last year', 'Change', 'Change %'],
    rows,
    200,
  );
  if (!report.previous_year.previous_has_data)
    p.doc.fontSize(8).text(lang === 'ja' ? `${prev}のデータはありません。` : `No data for ${prev}.`);
}

function factorsAndNotes(p: Page, factors: MonthlyReport['factors'], notes: { ja: string; en: string }[]): void {
  const { doc, lang } = p;
  heading(p, lang === 'ja' ? '使用した係数' : 'Factors used', 100);
  doc.fontSize(8);
  for (const f of factorRows(factors, lang))
    doc.text(
      `${f.kind} · ${f.item}: ${formatNumber(f.value, lang, { digits: f.digits })} ${f.unit}${f.from ? ` (${f.from}〜)` : ''} ${f.source}`,
    );
  if (notes.length) {
    doc.moveDown(0.5);
    heading(p, lang === 'ja' ? '注記' : 'Notes', 40);
    doc.fontSize(8);
    for (const n of notes) doc.text(`• ${n[lang]}`);
  }
}

export async function renderPdf(report: MonthlyReport, requested: ReportLang): Promise<Buffer> {
  const p = open(`${report.site_name[requested]} ${report.month}`, requested);
  const lang = p.lang;
  title(
    p,
    report.site_name[lang],
    `${lang === 'ja' ? '月報' : 'Monthly report'} ${monthTitle(report.month, lang)} · ${timeZoneName(report.time_zone, lang, report.from_ms)}`,
  );
  noData(p, report.has_data);
  keyFigures(p, report.totals);
  const national = report.primary;
  p.doc
    .fontSize(9)
    .text(
      lang === 'ja'
        ? `一次エネルギーCOP ${formatNumber(national.plant_primary_cop, lang, { digits: 3 })}（全国平均 ${formatNumber(national.national_average, lang, { digits: 3 })}、比 ${formatNumber(national.ratio_to_national_average, lang, { digits: 2 })}）`
        : `Primary-energy COP ${formatNumber(national.plant_primary_cop, lang, { digits: 3 })} (national average ${formatNumber(national.national_average, lang, { digits: 3 })}, ratio ${formatNumber(national.ratio_to_national_average, lang, { digits: 2 })})`,
    );
  p.doc.moveDown(0.5);
  comparison(p, report);
  monthlyCharts(p, report);
  factorsAndNotes(p, report.factors, report.notes);
  return finish(p);
}

export async function renderFiscalYearPdf(report: FiscalYearReport, requested: ReportLang): Promise<Buffer> {
  const p = open(`${report.site_name[requested]} FY${report.fiscal_year}`, requested, 'landscape');
  const lang = p.lang;
  title(
    p,
    report.site_name[lang],
    `${lang === 'ja' ? '年度報告' : 'Fiscal-year report'} ${fiscalYearTitle(report.fiscal_year, lang)} · ${timeZoneName(report.time_zone, lang, report.from_ms)}`,
  );
  noData(p, report.has_data);
  const monthLabels = report.months.map((m) => (lang === 'ja' ? `${Number(m.month.slice(5))}月` : m.month.slice(2)));
  const header = [lang === 'ja' ? '項目' : 'Item', ...monthLabels, lang === 'ja' ? '年度' : 'Year'];
  const rows = TABLE_FIGURES.map((k) => {
    const col = figureColumn<FiscalYearReport['totals']>(k);
    return [
      headerText(col, lang),
      ...report.months.map((m) => (isAhead(m, report.generated_at_ms) ? '—' : cellText(col, m, lang, true))),
      cellText(col, report.totals, lang, true),
    ];
  });
  grid(p, header, rows, 150, 7);
  const W = pageWidth(p) - 2 * MARGIN;
  drawChart(
    p,
    lang === 'ja' ? '月別 供給熱量と太陽光発電量（右軸）' : 'Monthly heat delivered, PV generation (right axis)',
    heatAndPvChart(
      p,
      monthLabels,
      [
        {
          name: figureSpec('heat_delivered_kwh').label[lang],
          data: report.months.map((m) => (m.has_data ? m.heat_delivered_kwh : null)),
        },
      ],
      report.totals.pv_kwh === null ? null : report.months.map((m) => (m.has_data ? m.pv_kwh : null)),
      W,
    ),
  );
  factorsAndNotes(p, report.factors, report.notes);
  return finish(p);
}

export async function renderAllSitesPdf(report: AllSitesReport, requested: ReportLang): Promise<Buffer> {
  const p = open(`All sites ${report.month}`, requested, 'landscape');
  const lang = p.lang;
  title(p, lang === 'ja' ? '全サイト 月報' : 'All sites — monthly report', monthTitle(report.month, lang));
  const header = [lang === 'ja' ? '項目' : 'Item', ...report.sites.map((s) => s.site_name[lang]), TOTAL_LABEL[lang]];
  const rows = TABLE_FIGURES.map((k) => {
    const col = figureColumn<FigureRow>(k);
    const total = (report.totals as Partial<Record<string, number | null>>)[k];
    return [
      headerText(col, lang),
      ...report.sites.map((s) => cellText(col, s.totals, lang, true)),
      total === undefined ? '' : formatNumber(total, lang, { digits: figureSpec(k).digits }),
    ];
  });
  grid(p, header, rows, 170, 8);
  for (const s of report.sites) {
    p.doc.addPage();
    title(p, s.site_name[lang], `${monthTitle(s.month, lang)} · ${timeZoneName(s.time_zone, lang, s.from_ms)}`);
    noData(p, s.has_data);
    keyFigures(p, s.totals);
    comparison(p, s);
    if (s.notes.length) {
      heading(p, lang === 'ja' ? '注記' : 'Notes', 40);
      p.doc.fontSize(8);
      for (const n of s.notes) p.doc.text(`• ${n[lang]}`);
    }
  }
  return finish(p);
}
