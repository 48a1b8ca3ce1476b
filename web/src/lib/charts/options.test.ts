import { describe, expect, it } from 'vitest';
import { axisNames, barChartOption, lineChartOption, shiftToZone } from './options.ts';

describe('chart options', () => {
  it('shifts points to the site wall time', () => {
    const t = Date.UTC(2026, 9, 31, 15, 0, 0);
    expect(shiftToZone([[t, 1]], 'Asia/Tokyo')).toEqual([[t + 9 * 3600_000, 1]]);
  });
  it('gives each unit its own axis and enables zoom on request', () => {
    const o = lineChartOption(
      [
        { name: 'Heat', unit: 'kW', points: [[0, 1]] },
        { name: 'Supply', unit: '°C', points: [[0, 70]] },
        { name: 'Power', unit: 'kW', points: [[0, 2]] },
      ],
      { timeZone: 'UTC', locale: 'en', zoom: true },
    );
    expect(Array.isArray(o.yAxis) && o.yAxis.length).toBe(2);
    const series = o.series as { yAxisIndex: number }[];
    expect(series.map((s) => s.yAxisIndex)).toEqual([0, 1, 0]);
    expect(Array.isArray(o.dataZoom) && o.dataZoom.length).toBe(2);
  });
  it('builds bar charts per category', () => {
    const o = barChartOption(['1', '2'], [{ name: 'Heat', values: [1, null] }], 'kWh', 'ja');
    expect((o.series as unknown[]).length).toBe(1);
  });
  it('puts PV on its own axis beside heat, so that a small series stays visible', () => {
    const o = barChartOption(
      ['1', '2'],
      [
        { name: 'Heat', values: [40_000, 42_000] },
        { name: 'PV', values: [120, 300], axis: 1, line: true },
      ],
      'kWh',
      'en',
      { name: 'PV', unit: 'kWh' },
    );
    const axes = o.yAxis as { name: string; position?: string }[];
    expect(axes).toHaveLength(2);
    expect(axes[1]).toMatchObject({ name: 'PV kWh', position: 'right' });
    const series = o.series as { type: string; yAxisIndex: number }[];
    expect(series.map((x) => [x.type, x.yAxisIndex])).toEqual([
      ['bar', 0],
      ['line', 1],
    ]);
  });
  it('never pages the legend: Chart.svelte lists the series as toggles instead', () => {
    const lines = Array.from({ length: 12 }, (_, i) => ({ name: `Asset ${i}`, unit: 'kW', points: [[0, i]] }));
    expect(lineChartOption(lines, { timeZone: 'UTC', locale: 'en' }).legend).toEqual({ show: false });
    expect(barChartOption(['1'], [{ name: 'Heat', values: [1] }], 'kWh', 'en').legend).toEqual({ show: false });
  });
  it('names every value axis: its unit, or what it measures when it has none', () => {
    const o = lineChartOption(
      [
        { name: 'Heat output', unit: 'kW', quantity: 'Heat output', points: [[0, 1]] },
        { name: 'COP', unit: '', quantity: 'COP', points: [[0, 3.4]] },
        { name: 'Supply', unit: '°C', points: [[0, 70]] },
        { name: 'Usable water', unit: 'm³', points: [[0, 70]] },
      ],
      { timeZone: 'UTC', locale: 'ja' },
    );
    expect((o.yAxis as { name: string }[]).map((a) => a.name)).toEqual(['kW', 'COP', '°C', 'm³']);
    expect(axisNames([{ name: 'x', unit: 'h', points: [] }], ['h'], 'ja')).toEqual(['時間']);
  });
  it('states the sign convention on the axis when its lines share it, else beside the line', () => {
    const battery = { name: '電力', unit: 'kW', sign: '＋充電／－放電', points: [[0, -64.6]] };
    const alone = lineChartOption([battery], { timeZone: 'UTC', locale: 'ja' });
    expect((alone.yAxis as { name: string }[])[0]!.name).toBe('kW (＋充電／－放電)');
    expect((alone.series as { name: string }[])[0]!.name).toBe('電力');
    const mixed = lineChartOption([{ name: 'PV', unit: 'kW', points: [[0, 3]] }, battery], {
      timeZone: 'UTC',
      locale: 'ja',
    });
    expect((mixed.yAxis as { name: string }[])[0]!.name).toBe('kW');
    expect((mixed.series as { name: string }[]).map((x) => x.name)).toEqual(['PV', '電力 (＋充電／－放電)']);
  });
  it('draws a comparison dashed and lighter in the colour of its line', () => {
    const o = lineChartOption(
      [
        { name: 'A', unit: 'kW', points: [[0, 1]] },
        { name: 'B', unit: 'kW', points: [[0, 1]] },
        { name: 'B (yesterday)', unit: 'kW', points: [[0, 1]], compareOf: 'B' },
      ],
      { timeZone: 'UTC', locale: 'en', area: true },
    );
    const series = o.series as { lineStyle: { color: string; type?: string; opacity?: number }; areaStyle?: object }[];
    expect(series[2]!.lineStyle).toMatchObject({ color: series[1]!.lineStyle.color, type: 'dashed' });
    expect(series[2]!.lineStyle.opacity).toBeLessThan(1);
    expect(series[2]!.areaStyle).toBeUndefined();
    expect(series[0]!.lineStyle.color).not.toBe(series[1]!.lineStyle.color);
  });
});
