import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRID_EMISSION_TABLE,
  PRIMARY_ENERGY_FACTOR_TABLE,
  datedEntryAt,
  factorAt,
  scope2Kw,
  scope2Kwh,
} from '../../src/calc/electricity.ts';

const TOKYO = 'Asia/Tokyo';
const at = (iso: string): number => Date.parse(iso);

describe('dated factor tables', () => {
  it.each([
    ['1999-04-01T00:00:00+09:00', 10.25],
    ['2003-03-31T23:59:59+09:00', 10.25],
    ['2003-04-01T00:00:00+09:00', 9.83],
    ['2006-04-01T00:00:00+09:00', 9.76],
    ['2022-12-31T12:00:00+09:00', 9.76],
    ['2023-03-31T23:59:59+09:00', 9.76],
    ['2023-04-01T00:00:00+09:00', 8.64],
    ['2026-10-15T00:00:00+09:00', 8.64],
  ])('DOMAIN §4: primary-energy factor at %s is %d MJ/kWh (fiscal year from April 1)', (iso, value) => {
    expect(factorAt(PRIMARY_ENERGY_FACTOR_TABLE, at(iso), TOKYO)).toBe(value);
  });

  it('no factor before the first entry', () => {
    expect(factorAt(PRIMARY_ENERGY_FACTOR_TABLE, at('1990-01-01T00:00:00Z'), TOKYO)).toBeNull();
  });

  it.each([
    ['2018-06-01T00:00:00+09:00', 0.455],
    ['2019-06-01T00:00:00+09:00', 0.441],
    ['2020-06-01T00:00:00+09:00', 0.441],
    ['2029-12-31T00:00:00+09:00', 0.441],
    ['2030-04-01T00:00:00+09:00', 0.25],
  ])('DOMAIN §6: grid emission factor at %s is %d kg/kWh (0.250 is the 2030 target, never earlier)', (iso, value) => {
    expect(factorAt(DEFAULT_GRID_EMISSION_TABLE, at(iso), TOKYO)).toBe(value);
  });

  it('the date is the local date in the site zone: 2023-03-31T15:00Z is April 1 in Tokyo', () => {
    const ts = at('2023-03-31T15:00:00Z');
    expect(factorAt(PRIMARY_ENERGY_FACTOR_TABLE, ts, TOKYO)).toBe(8.64);
    expect(factorAt(PRIMARY_ENERGY_FACTOR_TABLE, ts, 'UTC')).toBe(9.76);
  });

  it('an unsorted table works and the entry carries its source', () => {
    const table = [
      { from_date: '2020-01-01', value: 2, source: 'b' },
      { from_date: '2010-01-01', value: 1, source: 'a' },
    ];
    expect(datedEntryAt(table, at('2015-01-01T00:00:00Z'), 'UTC')?.source).toBe('a');
    expect(factorAt(table, at('2021-01-01T00:00:00Z'), 'UTC')).toBe(2);
  });

  it('a malformed from_date or zone throws RangeError', () => {
    expect(() => factorAt([{ from_date: '2020-1-1', value: 1 }], 0, 'UTC')).toThrow(RangeError);
    expect(() => factorAt(PRIMARY_ENERGY_FACTOR_TABLE, 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('scope-2 electricity', () => {
  it.each([
    [{ grid_import_kwh: 120, consumption_kwh: 500, pv_kwh: 300 }, 120],
    [{ consumption_kwh: 500, pv_kwh: 300 }, 200],
    [{ consumption_kwh: 200, pv_kwh: 300 }, 0],
    [{ consumption_kwh: 200 }, 200],
    [{ pv_kwh: 300 }, null],
  ])('DOMAIN §6: scope-2 of %j is %s (grid import if metered, else consumption − PV ≥ 0)', (input, expected) => {
    expect(scope2Kwh(input)).toBe(expected);
  });

  it('same rule for power', () => {
    expect(scope2Kw({ grid_import_kw: 50, consumption_kw: 80, pv_kw: 10 })).toBe(50);
    expect(scope2Kw({ consumption_kw: 80, pv_kw: 100 })).toBe(0);
    expect(scope2Kw({ consumption_kw: 80, pv_kw: 10 })).toBe(70);
  });
});
