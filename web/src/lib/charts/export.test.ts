import { describe, expect, it } from 'vitest';
import { BOM } from '../utils/csv.ts';
import { chartCsv, csvHeader } from './export.ts';
import { lineChartOption, type LineInput } from './options.ts';

const T0 = Date.UTC(2026, 11, 1, 23, 0); // 2026-12-02 08:00 in Tokyo

describe('chart CSV', () => {
  it('heads each column with the name the legend shows and its unit', () => {
    expect(csvHeader({ name: '熱出力', unit: 'kW', points: [] }, '熱出力', 'ja')).toBe('熱出力 (kW)');
    expect(csvHeader({ name: 'COP', unit: '', points: [] }, 'COP', 'en')).toBe('COP');
    expect(csvHeader({ name: 'Tank', unit: 'h', points: [] }, 'Tank', 'ja')).toBe('Tank (時間)');
    const battery = { name: 'Power', unit: 'kW', sign: '+ charging / − discharging', points: [] };
    expect(csvHeader(battery, 'Power', 'en')).toBe('Power (kW, + charging / − discharging)');
    expect(csvHeader(battery, 'Power (+ charging / − discharging)', 'en')).toBe(
      'Power (+ charging / − discharging) (kW)',
    );
  });
  it('holds the lines of the chart, comparison included, minus those switched off', () => {
    const lines: LineInput[] = [
      { name: 'Heat', unit: 'kW', points: [[T0, 10.26]] },
      { name: 'Heat (yesterday)', unit: 'kW', points: [[T0, 9.5]], compareOf: 'Heat' },
      { name: 'COP', unit: '', points: [[T0, 3.456]] },
    ];
    const shownNames = (
      lineChartOption(lines, { timeZone: 'Asia/Tokyo', locale: 'en' }).series as { name: string }[]
    ).map((s) => s.name);
    const csv = chartCsv(lines, {
      locale: 'en',
      timeZone: 'Asia/Tokyo',
      timeHeader: 'Time (Asia/Tokyo)',
      shownNames,
      hidden: ['COP'],
    });
    expect(csv).toBe(
      BOM + 'Time (Asia/Tokyo),Heat (kW),Heat (yesterday) (kW)\r\n2026-12-02T08:00:00+09:00,10.3,9.5\r\n',
    );
  });
});
