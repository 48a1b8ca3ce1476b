import { describe, expect, it } from 'vitest';
import { figureSpec, figureWithUnit, type FigureKey } from '@ems/domain/report';
import {
  fiscalYearOf,
  lastCompleteMonth,
  formatAge,
  formatDateTime,
  formatDuration,
  formatHours,
  formatNumber,
  formatPercent,
  formatSince,
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

describe('"no fresh data since …"', () => {
  // 2026-03-04 14:05 in Tokyo
  const AT = Date.UTC(2026, 2, 4, 5, 5, 0);
  it('is the time on the same local day, in the site zone', () => {
    expect(formatSince(AT, AT + 3 * 3600_000, TOKYO, 'ja')).toBe('14:05');
    expect(formatSince(AT, AT + 3 * 3600_000, TOKYO, 'en')).toBe('14:05');
    // 09:55 the next day in Tokyo is still the 4th in UTC: the site's day counts
    expect(formatSince(AT, AT + 10 * 3600_000, TOKYO, 'ja')).toBe('3月4日 14:05');
  });
  it('adds the day when it was another day, and the year when another year', () => {
    expect(formatSince(AT, AT + 2 * 86400_000, TOKYO, 'ja')).toBe('3月4日 14:05');
    expect(formatSince(AT, AT + 2 * 86400_000, TOKYO, 'en')).toBe('4 Mar, 14:05');
    expect(formatSince(AT, AT + 365 * 86400_000, TOKYO, 'ja')).toBe('2026年3月4日 14:05');
    expect(formatSince(AT, AT + 365 * 86400_000, TOKYO, 'en')).toBe('4 Mar 2026, 14:05');
    expect(formatSince(null, AT, TOKYO, 'en')).toBe('—');
  });
});

describe('report months', () => {
  it.each([
    // 2026-10-31T15:00Z is already November 1 in Tokyo: October is then complete
    [Date.UTC(2026, 9, 31, 15, 0, 0), '2026-10'],
    [Date.UTC(2026, 9, 31, 14, 59, 59), '2026-09'],
    [Date.UTC(2027, 0, 5), '2026-12'],
  ])('at %i the last complete month in Tokyo is %s', (ts, month) => {
    expect(lastCompleteMonth(ts, TOKYO)).toBe(month);
  });

  it.each([
    ['2026-03', 2025],
    ['2026-04', 2026],
    ['2027-01', 2026],
  ])('%s belongs to fiscal year %i (April–March)', (month, fy) => expect(fiscalYearOf(month)).toBe(fy));
});

describe('the screen and the PDF/XLSX reports write numbers alike', () => {
  // The api's renderers write every figure with the domain's figureWithUnit / formatNumber; the page's formatter
  // must give the same strings for the same figure, rounding and language.
  const cases: [FigureKey, number | null][] = [
    ['heat_delivered_kwh', 89_279.6],
    ['heat_delivered_kwh', 1_234_567.5],
    ['fuel_gj', 200.88],
    ['plant_primary_cop', 0.905_214],
    ['cop_total', 2.675],
    ['completeness', 0.987_65],
    ['renewable_heat_share', 0.347_05],
    ['hours_below_fire_reserve', 2],
    ['co2_total_kg', 17_829.216],
    ['pv_kwh', null],
  ];
  it.each(cases.flatMap(([k, v]) => (['ja', 'en'] as const).map((l) => [k, v, l] as const)))(
    '%s = %s in %s',
    (key, v, lang) => {
      const spec = figureSpec(key);
      const screen =
        spec.unit === '%'
          ? formatPercent(v, lang, spec.digits)
          : formatValue(v, spec.unit === '-' ? '' : spec.unit, lang, { digits: spec.digits });
      expect(figureWithUnit(spec, v, lang)).toBe(screen);
    },
  );
});
