/**
 * What Chart.svelte shows around an ECharts option: the legend entries (name, colour, dashed for a comparison
 * line) it draws as toggle buttons, and the axis names it states in the chart's accessible name.
 */
import type { ChartOption } from './echarts.ts';

export interface LegendItem {
  name: string;
  color: string;
  dashed: boolean;
  /** drawn as bars (a square swatch) rather than a line */
  bar: boolean;
}

interface SeriesLike {
  type?: unknown;
  name?: unknown;
  color?: unknown;
  itemStyle?: { color?: unknown };
  lineStyle?: { color?: unknown; type?: unknown };
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** One entry per named series, in order, with the colour ECharts draws it in (its own, else the palette's). */
export function legendItems(option: ChartOption): LegendItem[] {
  const palette = asArray(option.color as string | string[] | undefined).filter((c) => typeof c === 'string');
  const seen = new Set<string>();
  const items: LegendItem[] = [];
  asArray(option.series as SeriesLike | SeriesLike[] | undefined).forEach((s, i) => {
    if (typeof s.name !== 'string' || s.name === '' || seen.has(s.name)) return;
    seen.add(s.name);
    const own = [s.lineStyle?.color, s.itemStyle?.color, s.color].find((c) => typeof c === 'string') as
      string | undefined;
    items.push({
      name: s.name,
      color: own ?? palette[i % Math.max(1, palette.length)] ?? '#374151',
      dashed: s.lineStyle?.type === 'dashed',
      bar: s.type === 'bar',
    });
  });
  return items;
}

/** The names of the value axes ("kW", "°C", "COP"). */
export function axisNamesOf(option: ChartOption): string[] {
  return asArray(option.yAxis as { name?: unknown } | { name?: unknown }[] | undefined)
    .map((a) => a.name)
    .filter((n): n is string => typeof n === 'string' && n !== '');
}
