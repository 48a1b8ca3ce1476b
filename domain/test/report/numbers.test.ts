import { describe, expect, it } from 'vitest';
import {
  cellValue,
  excelNumberFormat,
  figureSpec,
  figureText,
  formatNumber,
  roundTo,
  timeZoneName,
  unitText,
  fuelName,
  assetTypeName,
  bilingual,
  changeText,
  figureWithUnit,
} from '../../src/index.ts';

describe('the rounding rule of the screen and the exports', () => {
  it.each([
    [1234.5, 'ja', 0, '1,235'],
    [1234.5, 'en', 0, '1,235'],
    [1234567.891, 'en', 1, '1,234,567.9'],
    [0.98765, 'ja', 3, '0.988'],
    [-0.0004, 'en', 3, '0.000'],
    [2.675, 'en', 2, '2.67'], // the double 2.675 is 2.67499…: the screen and the cell agree on 2.67
    [null, 'ja', 0, '—'],
    [Number.NaN, 'en', 1, '—'],
  ] as const)('%s in %s with %i decimals → %s', (v, lang, digits, text) => {
    expect(formatNumber(v, lang, { digits })).toBe(text);
  });

  it('without grouping the text stays a number a spreadsheet reads', () => {
    expect(formatNumber(1234567.891, 'en', { digits: 1, grouping: false })).toBe('1234567.9');
  });

  it.each([
    [0, '#,##0'],
    [1, '#,##0.0'],
    [3, '#,##0.000'],
  ])('an Excel cell with %i decimals has the format %s', (d, f) => expect(excelNumberFormat(d)).toBe(f));

  it('a cell holds the rounded figure in the shown unit, never -0', () => {
    expect(roundTo(-0.0001, 2)).toBe(0);
    expect(Object.is(roundTo(-0.0001, 2), -0)).toBe(false);
    expect(cellValue(figureSpec('completeness'), 0.98765)).toBe(98.8);
    expect(cellValue(figureSpec('heat_delivered_kwh'), 89279.6)).toBe(89280);
    expect(figureText(figureSpec('plant_primary_cop'), 0.90521, 'ja')).toBe('0.905');
    expect(figureText(figureSpec('completeness'), 0.5, 'en')).toBe('50.0');
  });
});

describe('names instead of ids', () => {
  it.each([
    ['city_gas', '都市ガス', 'City gas'],
    ['wood_chips', '木質チップ', 'Wood chips'],
    ['grid', '系統電力', 'Grid electricity'],
  ])('fuel %s is %s / %s', (id, ja, en) => {
    expect(fuelName(id, 'ja')).toBe(ja);
    expect(fuelName(id, 'en')).toBe(en);
  });

  it('asset types, units and time zones in Japanese', () => {
    expect(assetTypeName('heat_pump', 'ja')).toBe('ヒートポンプ');
    expect(unitText('m3N', 'ja')).toBe('m³N');
    expect(unitText('h', 'ja')).toBe('時間');
    expect(unitText('count', 'ja')).toBe('件');
    expect(timeZoneName('Asia/Tokyo', 'ja')).toBe('日本標準時');
    expect(timeZoneName('Asia/Tokyo', 'en')).toBe('Japan Standard Time (Asia/Tokyo)');
  });

  it('a source given as one text reads the same in both languages', () => {
    expect(bilingual('Tokyo Gas')).toEqual({ ja: 'Tokyo Gas', en: 'Tokyo Gas' });
    expect(bilingual({ ja: '東京ガス', en: 'Tokyo Gas' })).toEqual({ ja: '東京ガス', en: 'Tokyo Gas' });
    expect(bilingual(undefined)).toBeNull();
  });
});

describe('a figure with its unit', () => {
  it.each([
    ['heat_delivered_kwh', 1234.4, 'en', '1,234 kWh'],
    ['completeness', 0.875, 'ja', '87.5%'],
    ['hours_below_fire_reserve', 12.5, 'ja', '12.5時間'],
    ['hours_below_fire_reserve', 12.5, 'en', '12.5 h'],
    ['cop_total', 3.4149, 'ja', '3.41'],
    ['alarms_total', 3, 'ja', '3件'],
    ['pv_kwh', null, 'ja', '—'],
  ] as const)('%s = %s in %s → %s', (key, v, lang, text) => {
    expect(figureWithUnit(figureSpec(key), v, lang)).toBe(text);
  });

  it.each([
    [1234.4, 0, '+1,234'],
    [-0.25, 2, '−0.25'],
    [0.0004, 2, '±0.00'],
    [null, 1, '—'],
  ] as const)('change %s with %i decimals → %s', (v, d, text) => expect(changeText(v, d, 'en')).toBe(text));
});
