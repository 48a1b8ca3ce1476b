import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDateTime,
  formatDuration,
  formatHours,
  formatNumber,
  formatPercent,
  formatUnit,
  formatValue,
  utcToZonedInput,
  zonedInputToUtc,
  zonedMonth,
  zoneOffsetMs,
} from './format.ts';

const TOKYO = 'Asia/Tokyo';
// 2026-10-31T15:00:00Z = 2026-11-01 00:00 in Tokyo
const MIDNIGHT_NOV_TOKYO = Date.UTC(2026, 9, 31, 15, 0, 0);

describe('numbers', () => {
  it('groups thousands and keeps sensible decimals in ja and en', () => {
    expect(formatNumber(1234.5, 'ja')).toBe('1,235');
    expect(formatNumber(1234.5, 'en', { digits: 1 })).toBe('1,234.5');
    expect(formatNumber(12.345, 'ja')).toBe('12.3');
    expect(formatNumber(3.4149, 'en')).toBe('3.41');
    expect(formatNumber(0.984, 'ja', { digits: 3 })).toBe('0.984');
  });
  it('shows unknown values as a dash, never 0', () => {
    expect(formatNumber(null, 'ja')).toBe('—');
    expect(formatNumber(undefined, 'en')).toBe('—');
    expect(formatNumber(Number.NaN, 'en')).toBe('—');
    expect(formatNumber(Infinity, 'en')).toBe('—');
  });
  it('does not print negative zero', () => {
    expect(formatNumber(-0.0001, 'en')).toBe('0.00');
  });
});

describe('units', () => {
  it('always shows the unit', () => {
    expect(formatValue(512.3, 'kW', 'en')).toBe('512 kW');
    expect(formatValue(1500, 'm³', 'ja')).toBe('1,500 m³');
    expect(formatValue(78.25, '°C', 'en', { digits: 1 })).toBe('78.3 °C');
    expect(formatValue(55, '%', 'ja')).toBe('55.0%');
  });
  it('translates word units and attaches Japanese counters', () => {
    expect(formatUnit('h', 'ja')).toBe('時間');
    expect(formatUnit('h', 'en')).toBe('h');
    expect(formatValue(12.5, 'h', 'ja')).toBe('12.5時間');
    expect(formatValue(12.5, 'h', 'en')).toBe('12.5 h');
    expect(formatValue(60000, 'person-days', 'ja')).toBe('60,000人日');
    expect(formatValue(60000, 'person-days', 'en')).toBe('60,000 person-days');
  });
  it('leaves dimensionless figures bare and unknown values without unit', () => {
    expect(formatValue(3.41, '', 'en')).toBe('3.41');
    expect(formatValue(null, 'kW', 'en')).toBe('—');
  });
  it('formats fractions as percentages', () => {
    expect(formatPercent(0.8734, 'en')).toBe('87.3%');
    expect(formatPercent(null, 'ja')).toBe('—');
  });
});

describe('ages and durations', () => {
  it('says how long ago in each language', () => {
    expect(formatAge(12_400, 'en')).toBe('12 s ago');
    expect(formatAge(12_400, 'ja')).toBe('12秒前');
    expect(formatAge(125_000, 'en')).toBe('2 min ago');
    expect(formatAge(125_000, 'ja')).toBe('2分前');
    expect(formatAge(3 * 3600_000 + 5, 'ja')).toBe('3時間前');
    expect(formatAge(3 * 86400_000, 'en')).toBe('3 d ago');
    expect(formatAge(200, 'en')).toBe('just now');
    expect(formatAge(null, 'ja')).toBe('未計測');
  });
  it('gives autonomy in hours with days past two days', () => {
    expect(formatHours(30.46, 'en')).toBe('30.5 h');
    expect(formatHours(30.46, 'ja')).toBe('30.5時間');
    expect(formatHours(120, 'en')).toBe('120 h (5.0 days)');
    expect(formatHours(null, 'en')).toBe('—');
  });
  it('spells durations', () => {
    expect(formatDuration(3900, 'en')).toBe('1 h 5 min');
    expect(formatDuration(3900, 'ja')).toBe('1時間5分');
    expect(formatDuration(0, 'en')).toBe('0 s');
  });
});

describe('dates in the site time zone', () => {
  it('shows Tokyo wall time whatever the browser zone', () => {
    expect(formatDateTime(MIDNIGHT_NOV_TOKYO, TOKYO, 'ja')).toBe('2026/11/01 00:00:00');
    expect(formatDateTime(MIDNIGHT_NOV_TOKYO, TOKYO, 'en')).toBe('01/11/2026, 00:00:00');
    expect(formatDateTime(MIDNIGHT_NOV_TOKYO, 'UTC', 'en', 'time')).toBe('15:00:00');
    expect(formatDateTime(MIDNIGHT_NOV_TOKYO, TOKYO, 'ja', 'month')).toBe('2026年11月');
    expect(formatDateTime(null, TOKYO, 'ja')).toBe('—');
  });
  it('knows the zone offset, also across daylight saving', () => {
    expect(zoneOffsetMs(MIDNIGHT_NOV_TOKYO, TOKYO)).toBe(9 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1), 'Europe/Berlin')).toBe(2 * 3600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1), 'Europe/Berlin')).toBe(1 * 3600_000);
  });
  it('converts datetime-local input values to and from UTC in the zone', () => {
    expect(zonedInputToUtc('2026-11-01T00:00', TOKYO)).toBe(MIDNIGHT_NOV_TOKYO);
    expect(utcToZonedInput(MIDNIGHT_NOV_TOKYO, TOKYO)).toBe('2026-11-01T00:00');
    expect(zonedInputToUtc('2026-07-01T12:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 10));
    expect(zonedInputToUtc('nonsense', TOKYO)).toBeNull();
  });
  it('picks the local calendar month (October ends at 15:00Z in Tokyo)', () => {
    expect(zonedMonth(MIDNIGHT_NOV_TOKYO - 1, TOKYO)).toBe('2026-10');
    expect(zonedMonth(MIDNIGHT_NOV_TOKYO, TOKYO)).toBe('2026-11');
    expect(zonedMonth(MIDNIGHT_NOV_TOKYO, TOKYO, -1)).toBe('2026-10');
    expect(zonedMonth(Date.UTC(2026, 0, 15), TOKYO, -1)).toBe('2025-12');
  });
});
