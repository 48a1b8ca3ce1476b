import { describe, expect, it } from 'vitest';
import { axisNamesOf, legendItems } from './legend.ts';
import { barChartOption, lineChartOption, PALETTE } from './options.ts';

describe('chart legend', () => {
  it('lists every line with its colour, the comparison dashed in its line colour', () => {
    const o = lineChartOption(
      [
        { name: 'HP 1', unit: 'kW', points: [[0, 1]] },
        { name: 'HP 2', unit: 'kW', points: [[0, 2]] },
        { name: 'HP 2 (yesterday)', unit: 'kW', points: [[0, 2]], compareOf: 'HP 2' },
      ],
      { timeZone: 'UTC', locale: 'en' },
    );
    expect(legendItems(o)).toEqual([
      { name: 'HP 1', color: PALETTE[0], dashed: false, bar: false },
      { name: 'HP 2', color: PALETTE[1], dashed: false, bar: false },
      { name: 'HP 2 (yesterday)', color: PALETTE[1], dashed: true, bar: false },
    ]);
    expect(axisNamesOf(o)).toEqual(['kW']);
  });
  it('takes palette colours for series without their own', () => {
    const o = barChartOption(
      ['1'],
      [
        { name: 'Heat', values: [1] },
        { name: 'CO2', values: [2] },
      ],
      'kWh',
      'ja',
    );
    expect(legendItems(o).map((i) => [i.color, i.bar])).toEqual([
      [PALETTE[0], true],
      [PALETTE[1], true],
    ]);
  });
});
