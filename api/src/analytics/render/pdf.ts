// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types of svg-to-pdfkit must reach importers of @ems/api
/// <reference path="../svg-to-pdfkit.d.ts" />
/**
 * PDF: A4 printable pages with the site name in Japanese, key figures and charts (ECharts rendered to SVG on the
 * server, embedded with svg-to-pdfkit): daily heat by generator (stacked bars), daily COP, CO2 by source.
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
import type { MonthlyReport, ReportLang } from '../index.ts';
import { fuelName, plain, summaryRows } from './table.ts';

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

const A4 = { w: 595.28, h: 841.89 };
const MARGIN = 40;

function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'jp' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function charts(report: MonthlyReport, lang: ReportLang): { title: string; svg: string }[] {
  const days = report.days.map((d) => d.date.slice(8));
  const gens = report.assets.filter((a) => a.type === 'heat_pump' || a.type === 'boiler' || a.type === 'chp');
  const hps = report.assets.filter((a) => a.type === 'heat_pump');
  const W = 515;
  const out: { title: string; svg: string }[] = [];
  out.push({
    title: lang === 'ja' ? '日別熱生産量(熱源機別, kWh)' : 'Daily heat produced by generator (kWh)',
    svg: chartSvg(
      {
        legend: { top: 0, textStyle: { fontSize: 9 } },
        grid: { left: 60, right: 10, top: 40, bottom: 25 },
        xAxis: { type: 'category', data: days, axisLabel: { fontSize: 8 } },
        yAxis: { type: 'value', axisLabel: { fontSize: 8 } },
        series: gens.map((g) => ({
          type: 'bar',
          stack: 'heat',
          name: g.name[lang],
          data: report.days.map((d) => Math.round(d.heat_by_generator_kwh[g.asset] ?? 0)),
        })),
      },
      W,
      220,
    ),
  });
  if (hps.length)
    out.push({
      title: lang === 'ja' ? '日別COP' : 'Daily COP',
      svg: chartSvg(
        {
          legend: { top: 0, textStyle: { fontSize: 9 } },
          grid: { left: 60, right: 10, top: 40, bottom: 25 },
          xAxis: { type: 'category', data: days, axisLabel: { fontSize: 8 } },
          yAxis: { type: 'value', axisLabel: { fontSize: 8 } },
          series: [
            ...hps.map((h) => ({
              type: 'line',
              name: h.name[lang],
              connectNulls: false,
              data: report.days.map((d) => d.cop_by_heat_pump[h.asset] ?? null),
            })),
            {
              type: 'line',
              name: lang === 'ja' ? '運転時COP' : 'Running COP',
              data: report.days.map((d) => d.cop_running),
            },
          ],
        },
        W,
        200,
      ),
    });
  out.push({
    title: lang === 'ja' ? 'CO2排出量(排出源別, kg)' : 'CO2 by source (kg)',
    svg: chartSvg(
      {
        grid: { left: 120, right: 30, top: 10, bottom: 25 },
        xAxis: { type: 'value', axisLabel: { fontSize: 8 } },
        yAxis: {
          type: 'category',
          data: report.totals.co2_by_source.map((s) => fuelName(s.source, lang)),
          axisLabel: { fontSize: 9 },
        },
        series: [
          {
            type: 'bar',
            data: report.totals.co2_by_source.map((s) => Math.round(s.co2_kg)),
            label: { show: true, position: 'right', fontSize: 8 },
          },
        ],
      },
      W,
      40 + 28 * report.totals.co2_by_source.length,
    ),
  });
  return out;
}

export async function renderPdf(report: MonthlyReport, requested: ReportLang): Promise<Buffer> {
  const font = findJapaneseFont();
  const lang: ReportLang = font ? requested : 'en';
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${report.site_name.en} ${report.month}`, Author: 'heat-solar-ems' },
  });
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
  const fontName = font ? 'jp' : 'Helvetica';

  // title: the Japanese site name always (when a font exists), the English one below it
  doc.fontSize(16).text(font ? report.site_name.ja : report.site_name.en);
  doc
    .fontSize(10)
    .text(
      `${report.site_name.en} — ${lang === 'ja' ? '月報' : 'Monthly report'} ${report.month} (${report.time_zone})`,
    );
  if (!font)
    doc
      .fontSize(8)
      .fillColor('#a00')
      .text(`No Japanese font installed: install the Debian package ${JAPANESE_FONT_PACKAGE} or set EMS_PDF_FONT.`)
      .fillColor('black');
  doc.moveDown(0.5);
  if (!report.has_data) {
    doc
      .fontSize(12)
      .fillColor('#a00')
      .text(lang === 'ja' ? 'この期間のデータはありません。' : 'No data for this period.')
      .fillColor('black');
    doc.moveDown(0.5);
  }

  // key figures, two columns
  doc.fontSize(9);
  const rows = summaryRows(report, lang);
  const colW = (A4.w - 2 * MARGIN) / 2;
  const startY = doc.y;
  rows.forEach((r, i) => {
    const x = MARGIN + (i % 2) * colW;
    const y = startY + Math.floor(i / 2) * 13;
    doc.text(r.label, x, y, { width: colW * 0.6, lineBreak: false });
    doc.text(`${plain(r.value, 2) || '—'} ${r.unit}`, x + colW * 0.6, y, {
      width: colW * 0.38,
      align: 'right',
      lineBreak: false,
    });
  });
  doc.y = startY + Math.ceil(rows.length / 2) * 13 + 8;
  doc.x = MARGIN;
  const national = report.primary;
  doc.text(
    lang === 'ja'
      ? `一次エネルギーCOP ${plain(national.plant_primary_cop, 3) || '—'}(全国平均 ${national.national_average}、比 ${plain(national.ratio_to_national_average, 2) || '—'})`
      : `Primary-energy COP ${plain(national.plant_primary_cop, 3) || '—'} (national average ${national.national_average}, ratio ${plain(national.ratio_to_national_average, 2) || '—'})`,
  );
  doc.moveDown(0.5);

  for (const c of charts(report, lang)) {
    const h = Number(/height="(\d+)"/.exec(c.svg)?.[1] ?? 200);
    if (doc.y + h + 20 > A4.h - MARGIN) doc.addPage();
    doc.font(fontName).fontSize(10).text(c.title, MARGIN, doc.y);
    const y = doc.y + 2;
    SVGtoPDF(doc, c.svg, MARGIN, y, { fontCallback: () => fontName, assumePt: true });
    doc.y = y + h + 8;
    doc.x = MARGIN;
  }

  // factors used and notes
  if (doc.y + 120 > A4.h - MARGIN) doc.addPage();
  doc
    .font(fontName)
    .fontSize(10)
    .text(lang === 'ja' ? '使用した係数' : 'Factors used', MARGIN, doc.y);
  doc.fontSize(8);
  for (const g of report.factors.grid_emission)
    doc.text(
      `${lang === 'ja' ? '系統電力CO2排出係数' : 'Grid emission factor'}: ${g.value} kg-CO2/kWh (${g.from_date}~) ${g.source ?? ''}`,
    );
  for (const p of report.factors.primary_energy)
    doc.text(
      `${lang === 'ja' ? '電力一次エネルギー換算係数' : 'Primary-energy factor'}: ${p.value} MJ/kWh (${p.from_date}~) ${p.source ?? ''}`,
    );
  for (const f of report.factors.fuels)
    doc.text(
      `${fuelName(f.fuel, lang)}: HHV ${f.hhv_mj_per_unit} MJ/${f.unit}, CO2 ${f.co2_kg_per_unit} kg/${f.unit} ${f.source ?? ''}`,
    );
  if (report.notes.length) {
    doc.moveDown(0.5);
    doc.fontSize(10).text(lang === 'ja' ? '注記' : 'Notes');
    doc.fontSize(8);
    for (const n of report.notes) doc.text(`• ${n[lang]}`);
  }
  doc.end();
  return done;
}
