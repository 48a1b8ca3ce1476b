import { describe, expect, it } from 'vitest';
import { barChartOption, lineChartOption, shiftToZone } from './options.ts';

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
});
