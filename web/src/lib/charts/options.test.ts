import { describe, expect, it } from 'vitest';
import { axisNames, barChartOption, boundsWith, lineChartOption, shiftToZone } from './options.ts';

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

describe('reference lines (the fire reserve) always inside the axis', () => {
  const water = {
    name: 'Usable water',
    unit: 'm³',
    points: [
      [0, 1500],
      [1, 1600],
    ],
  };
  const heat = {
    name: 'Stored heat',
    unit: 'kWh',
    points: [
      [0, 9000],
      [1, 9500],
    ],
  };
  type Axis = { min?: (e: { min: number; max: number }) => number; max?: (e: { min: number; max: number }) => number };

  it('hangs the mark on the axis of its unit, even when another series comes first', () => {
    const o = lineChartOption([heat, water], {
      timeZone: 'UTC',
      locale: 'en',
      marks: [{ name: 'Fire reserve', value: 400, unit: 'm³' }],
    });
    const series = o.series as { markLine?: { data: { yAxis: number }[] } }[];
    expect(series[0]!.markLine).toBeUndefined();
    expect(series[1]!.markLine!.data).toEqual([{ name: 'Fire reserve', yAxis: 400 }]);
    const axes = o.yAxis as Axis[];
    expect(axes[0]!.min).toBeUndefined(); // kWh: auto-scaled
    // m³: the data span 1,500–1,600 (auto-scaled far above 400); the axis reaches below the line
    expect(axes[1]!.min!({ min: 1500, max: 1600 })).toBeLessThan(400);
    expect(axes[1]!.max!({ min: 1500, max: 1600 })).toBe(1600);
  });

  it.each([
    ['data above the line (Minato: 400 m³)', { min: 1500, max: 1900 }, 400],
    ['data below the line', { min: 5, max: 12 }, 20],
    ['line within the data', { min: 10, max: 40 }, 20],
    ['flat data at the line', { min: 20, max: 20 }, 20],
  ])('%s', (_name, extent, mark) => {
    const b = boundsWith([mark]);
    const lo = b.min(extent);
    const hi = b.max(extent);
    expect(lo).toBeLessThanOrEqual(Math.min(extent.min, mark));
    expect(hi).toBeGreaterThanOrEqual(Math.max(extent.max, mark));
    if (mark < extent.min) expect(lo).toBeLessThan(mark); // not on the frame
    if (mark > extent.max) expect(hi).toBeGreaterThan(mark);
  });

  it('the first series’ unit by default', () => {
    const o = lineChartOption([water, heat], { timeZone: 'UTC', locale: 'en', marks: [{ name: 'F', value: 20 }] });
    expect((o.yAxis as Axis[])[0]!.min).toBeTypeOf('function');
  });
});

describe('bounds stay round', () => {
  it('Minato: data 1,500–1,990 m³, fire reserve 400 → from 300', () => {
    expect(boundsWith([400]).min({ min: 1500, max: 1990 })).toBe(300);
    expect(boundsWith([100]).min({ min: 120, max: 270 })).toBe(90);
    expect(boundsWith([20]).max({ min: 5, max: 12 })).toBe(21);
  });
});
