/**
 * ECharts, imported per chart type and component so the bundle only carries what the dashboard uses.
 * SVG renderer: crisp when printed (reserves page) and light for a few hundred points per series.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import langJA from 'echarts/lib/i18n/langJA.js';
import type { Locale } from '../i18n/index.ts';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  SVGRenderer,
]);

// month and weekday names of the time axes in Japanese (English is built in)
echarts.registerLocale('JA', langJA);

/** The ECharts locale of the page's language. */
export const chartLocale = (locale: Locale): string => (locale === 'ja' ? 'JA' : 'EN');

export type ChartOption = echarts.ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
>;

export type EChartsInstance = ReturnType<typeof echarts.init>;

export { echarts };
