/**
 * Chart options built from API series. Time axes show the SITE's wall time: points are shifted by the zone
 * offset and the chart runs in UTC, so ticks fall on local hours and days whatever the browser's zone.
 */
import type { Locale } from '../i18n/index.ts';
import { formatNumber, formatUnit, formatValue, zoneOffsetMs } from '../utils/format.ts';
import type { ChartOption } from './echarts.ts';

/** High-contrast palette (each ≥ 3:1 against white for lines). */
export const PALETTE = ['#0b5cad', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#374151'];

export interface LineInput {
  name: string;
  unit: string;
  points: readonly (readonly number[])[];
  /** What the values are when the unit says nothing (a COP): names the axis instead of the unit. */
  quantity?: string;
  /** The sign convention ("＋充電／－放電"): in the axis name when every line of the axis shares it, else in the line's. */
  sign?: string;
  /** The name of the line this one is compared with (yesterday's): drawn dashed and lighter in its colour. */
  compareOf?: string;
}

/** How opaque a comparison line is beside its line. */
const COMPARE_OPACITY = 0.55;

export function shiftToZone(points: readonly (readonly number[])[], timeZone: string): [number, number][] {
  let cachedHour = Number.NaN;
  let offset = 0;
  return points.map((p) => {
    const ts = p[0] ?? 0;
    const v = p[1] ?? Number.NaN;
    const hour = Math.floor(ts / 3_600_000);
    if (hour !== cachedHour) {
      cachedHour = hour;
      offset = zoneOffsetMs(ts, timeZone);
    }
    return [ts + offset, v];
  });
}

export interface LineOptions {
  timeZone: string;
  locale: Locale;
  zoom?: boolean;
  area?: boolean;
  /**
   * Horizontal reference lines, e.g. the fire reserve, on the axis of `unit` (default: the first series' unit).
   * The axis always reaches the line: an auto-scaled axis would leave it out when the data stay far above it.
   */
  marks?: { name: string; value: number; unit?: string }[];
}

/**
 * Axis bounds that hold the data and every reference value: ECharts calls these with the data's extent. A value
 * beyond the data widens the axis by a twentieth of the span, so that the line does not sit on the frame.
 */
export function boundsWith(values: readonly number[]): {
  min: (e: { min: number; max: number }) => number;
  max: (e: { min: number; max: number }) => number;
} {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  /** A twentieth of the span, and the round step the bound is taken to (so that the axis labels stay round). */
  const pad = (e: { min: number; max: number }) => {
    const span = Math.max(e.max, hi) - Math.min(e.min, lo);
    const p = span > 0 ? span / 20 : Math.abs(hi) / 20 || 1;
    return { p, step: 10 ** Math.floor(Math.log10(p * 4)) };
  };
  return {
    min: (e) => {
      if (lo >= e.min) return e.min;
      const { p, step } = pad(e);
      return Math.floor((lo - p) / step) * step;
    },
    max: (e) => {
      if (hi <= e.max) return e.max;
      const { p, step } = pad(e);
      return Math.ceil((hi + p) / step) * step;
    },
  };
}

/**
 * The name of each value axis: its unit ("kW", "°C", "m³"), or what it measures when it has none ("COP"), with the
 * sign convention when all its lines share one ("kW (＋充電／－放電)").
 */
export function axisNames(lines: readonly LineInput[], units: readonly string[], locale: Locale): string[] {
  return units.map((u) => {
    const on = lines.filter((l) => l.unit === u);
    const base =
      formatUnit(u, locale) || [...new Set(on.map((l) => l.quantity ?? l.compareOf ?? l.name))].join(' / ') || '—';
    const signs = new Set(on.map((l) => l.sign ?? ''));
    const sign = signs.size === 1 ? [...signs][0] : '';
    return sign ? `${base} (${sign})` : base;
  });
}

export function lineChartOption(lines: readonly LineInput[], o: LineOptions): ChartOption {
  const units = [...new Set(lines.map((l) => l.unit))];
  const names = axisNames(lines, units, o.locale);
  /** Lines whose axis does not carry their sign convention say it in their own name. */
  const signed = (l: LineInput) => {
    const axis = names[units.indexOf(l.unit)] ?? '';
    return l.sign && !axis.endsWith(`(${l.sign})`) ? `${l.name} (${l.sign})` : l.name;
  };
  const bases = lines.filter((l) => !l.compareOf);
  const colourOf = (l: LineInput) => {
    const i = bases.findIndex((b) => b.name === (l.compareOf ?? l.name));
    return PALETTE[(i < 0 ? lines.indexOf(l) : i) % PALETTE.length]!;
  };
  const marks = (o.marks ?? []).map((m) => ({ ...m, unit: m.unit ?? lines[0]?.unit ?? '' }));
  const yAxis = units.map((u, i) => {
    const right = i % 2 === 1;
    const onAxis = marks.filter((m) => m.unit === u).map((m) => m.value);
    return {
      type: 'value' as const,
      name: names[i],
      nameGap: 12,
      position: (right ? 'right' : 'left') as 'left' | 'right',
      offset: Math.floor(i / 2) * 56,
      scale: true,
      splitLine: { show: i === 0 },
      axisLabel: { color: '#374151' },
      nameTextStyle: { color: '#1f2937', fontWeight: 600, align: (right ? 'right' : 'left') as 'left' | 'right' },
      ...(onAxis.length ? boundsWith(onAxis) : {}),
    };
  });
  /** Each unit's marks hang on the first series of that unit. */
  const markedSeries = new Map(units.map((u) => [u, lines.findIndex((l) => l.unit === u)]));
  const leftAxes = Math.ceil(units.length / 2);
  const rightAxes = Math.floor(units.length / 2);
  return {
    useUTC: true,
    animation: false,
    color: PALETTE,
    grid: {
      left: 16 + (leftAxes - 1) * 56,
      right: 16 + Math.max(0, rightAxes - 1) * 56 + (rightAxes ? 8 : 0),
      top: 36,
      bottom: o.zoom ? 70 : 28,
      containLabel: true,
    },
    // the legend is drawn by Chart.svelte as a wrapping list of toggles: it never pages
    legend: { show: false },
    tooltip: {
      trigger: 'axis',
      valueFormatter: undefined,
    },
    xAxis: { type: 'time', axisLabel: { color: '#374151', hideOverlap: true } },
    yAxis,
    dataZoom: o.zoom
      ? [
          { type: 'inside', filterMode: 'none' },
          { type: 'slider', filterMode: 'none', height: 24, bottom: 8 },
        ]
      : [],
    series: lines.map((l, i) => {
      const color = colourOf(l);
      const compared = l.compareOf !== undefined;
      return {
        type: 'line' as const,
        name: signed(l),
        yAxisIndex: units.indexOf(l.unit),
        showSymbol: false,
        sampling: 'lttb' as const,
        connectNulls: false,
        itemStyle: { color, opacity: compared ? COMPARE_OPACITY : 1 },
        lineStyle: compared
          ? { color, width: 2, type: 'dashed' as const, opacity: COMPARE_OPACITY }
          : { color, width: 2 },
        areaStyle: o.area && !compared ? { opacity: 0.12 } : undefined,
        z: compared ? 1 : 2,
        data: shiftToZone(l.points, o.timeZone),
        tooltip: { valueFormatter: (v: unknown) => formatValue(typeof v === 'number' ? v : null, l.unit, o.locale) },
        markLine:
          markedSeries.get(l.unit) === i && marks.some((m) => m.unit === l.unit)
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#b91c1c', type: 'dashed' as const, width: 2 },
                label: { formatter: '{b}', color: '#b91c1c', position: 'insideStartTop' as const },
                data: marks.filter((m) => m.unit === l.unit).map((m) => ({ name: m.name, yAxis: m.value })),
              }
            : undefined,
      };
    }),
  };
}

export interface BarInput {
  name: string;
  values: (number | null)[];
  stack?: string;
  /** 1: on the second axis (right), for a small series beside a large one (PV beside heat) */
  axis?: 0 | 1;
  /** drawn as a line (default bar) */
  line?: boolean;
}

/**
 * Bars per category. A series on axis 1 gets its own value axis at the right, named with `secondUnit`, so that
 * a small series (a few hundred kWh of PV) stays visible beside a large one (tens of thousands of kWh of heat).
 */
export function barChartOption(
  categories: string[],
  bars: readonly BarInput[],
  unit: string,
  locale: Locale,
  secondUnit?: { name: string; unit: string },
): ChartOption {
  const second = secondUnit && bars.some((b) => b.axis === 1);
  const unitOf = (b: BarInput) => (b.axis === 1 && secondUnit ? secondUnit.unit : unit);
  const axisLabel = { color: '#374151', formatter: (v: number) => formatNumber(v, locale) };
  return {
    animation: false,
    color: PALETTE,
    grid: { left: 16, right: 16, top: 36, bottom: 24, containLabel: true },
    // the legend is drawn by Chart.svelte as a wrapping list of toggles: it never pages
    legend: { show: false },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: categories, axisLabel: { color: '#374151' } },
    yAxis: [
      { type: 'value', name: formatUnit(unit, locale), axisLabel },
      ...(second
        ? [
            {
              type: 'value' as const,
              name: `${secondUnit.name} ${formatUnit(secondUnit.unit, locale)}`,
              position: 'right' as const,
              splitLine: { show: false },
              axisLabel,
            },
          ]
        : []),
    ],
    series: bars.map((b) => ({
      type: b.line ? ('line' as const) : ('bar' as const),
      name: b.name,
      stack: b.stack,
      yAxisIndex: second && b.axis === 1 ? 1 : 0,
      data: b.values,
      tooltip: { valueFormatter: (v: unknown) => formatValue(typeof v === 'number' ? v : null, unitOf(b), locale) },
    })),
  };
}
