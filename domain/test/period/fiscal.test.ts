import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex } from '../../src/index.ts';
import {
  compareFigures,
  computePeriod,
  computePeriodByMonth,
  fiscalYearMonths,
  fiscalYearOfMonth,
  fiscalYearRange,
  lastCompleteMonth,
  sameMonthPreviousYear,
  sumFigures,
  type Bucket,
  type SiteFigures,
} from '../../src/period/index.ts';

describe('fiscal year (April–March, the Japanese municipal year)', () => {
  it.each([
    ['2026-03', 2025],
    ['2026-04', 2026],
    ['2025-12', 2025],
    ['2026-01', 2025],
    ['1970-01', 1969],
  ])('%s belongs to FY%i', (month, fy) => expect(fiscalYearOfMonth(month)).toBe(fy));

  it('FY2025 is 2025-04 … 2026-03', () => {
    expect(fiscalYearMonths(2025)).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('FY2025 in Tokyo is 2025-03-31T15:00Z … 2026-03-31T15:00Z', () => {
    expect(fiscalYearRange(2025, 'Asia/Tokyo')).toEqual({
      from_ms: Date.parse('2025-03-31T15:00:00Z'),
      to_ms: Date.parse('2026-03-31T15:00:00Z'),
    });
  });

  it.each([
    ['2026-10', '2025-10'],
    ['2000-02', '1999-02'],
    ['2100-12', '2099-12'],
  ])('the same month a year earlier than %s is %s', (m, p) => expect(sameMonthPreviousYear(m)).toBe(p));

  it.each([
    // Tokyo is UTC+9: 2026-11-30T15:00Z is already December 1 there
    ['2026-11-30T15:00:00Z', 'Asia/Tokyo', '2026-11'],
    ['2026-11-30T14:59:59Z', 'Asia/Tokyo', '2026-10'],
    ['2027-01-05T00:00:00Z', 'Asia/Tokyo', '2026-12'],
    ['2026-12-01T03:00:00Z', 'America/New_York', '2026-10'],
  ])('at %s in %s the last complete month is %s', (iso, zone, month) =>
    expect(lastCompleteMonth(Date.parse(iso), zone)).toBe(month),
  );
});

const H = 3_600_000;
const M = 60_000;

/** A one-hour bucket with a reading at its start and one at +50 min. */
function bucket(start: number, counters: Record<string, [number, number]>): Bucket {
  return {
    start_ms: start,
    end_ms: start + H,
    samples: 2,
    slots: 2,
    counters: Object.fromEntries(
      Object.entries(counters).map(([k, [a, b]]) => [
        k,
        { first: a, first_ms: start, last: b, last_ms: start + 50 * M, increase: b - a, resets: 0, count: 2 },
      ]),
    ),
    gauges: {},
  };
}

describe('computePeriodByMonth', () => {
  const reg = new RegistryIndex(
    parseRegistry(
      `version: 1
sites:
  - id: s
    name: { ja: 試験, en: Test }
    time_zone: Asia/Tokyo
    location: { lat: 35, lon: 139 }
    population_served: 1
    assets:
      - { id: hp, type: heat_pump, name: { ja: HP, en: HP }, rated_power_kw: 100, rated_heat_kw: 300, expected_interval_s: 600 }`,
      't.yaml',
    ),
  );
  const from = Date.parse('2026-03-31T00:00:00+09:00');
  const to = Date.parse('2026-04-02T00:00:00+09:00');
  const input = {
    site: reg.site('s')!,
    fuel: (id: string) => reg.fuel(id),
    from_ms: from,
    to_ms: to,
    assets: {
      hp: {
        buckets: [
          bucket(Date.parse('2026-03-31T22:00:00+09:00'), { energy_kwh: [0, 10], heat_kwh: [0, 40] }),
          bucket(Date.parse('2026-04-01T01:00:00+09:00'), { energy_kwh: [20, 30], heat_kwh: [80, 130] }),
        ],
      },
    },
  };

  // The step from 22:50 (10 kWh, 40 kWh heat) to 01:00 (20, 80) lasts 130 min: 70 in March, 60 in April (DOMAIN §1).
  const MARCH_ELEC = 10 + (10 * 70) / 130;
  const MARCH_HEAT = 40 + (40 * 70) / 130;
  const APRIL_ELEC = (10 * 60) / 130 + 10;
  const APRIL_HEAT = (40 * 60) / 130 + 50;

  it('one row per local month, the counter step across the month edge split linearly', () => {
    const { months } = computePeriodByMonth(input);
    expect(months.map((m) => [m.month, m.from_ms, m.to_ms])).toEqual([
      ['2026-03', from, Date.parse('2026-03-31T15:00:00Z')],
      ['2026-04', Date.parse('2026-03-31T15:00:00Z'), to],
    ]);
    expect(months[0]!.electricity_used_kwh).toBeCloseTo(MARCH_ELEC, 9);
    expect(months[1]!.electricity_used_kwh).toBeCloseTo(APRIL_ELEC, 9);
    expect(months[0]!.cop_total).toBeCloseTo(MARCH_HEAT / MARCH_ELEC, 9); // 4.0
    expect(months[1]!.cop_total).toBeCloseTo(APRIL_HEAT / APRIL_ELEC, 9); // 4.684…
  });

  it('the totals come from the whole period: COP 130/30, not the mean of the months’ COPs', () => {
    const { result, months } = computePeriodByMonth(input);
    expect(result.totals.electricity_used_kwh).toBeCloseTo(30, 9);
    expect(result.totals.cop_total).toBeCloseTo(130 / 30, 9);
    const meanOfMonths = (months[0]!.cop_total! + months[1]!.cop_total!) / 2;
    expect(Math.abs(result.totals.cop_total! - meanOfMonths)).toBeGreaterThan(0.005);
    expect(result.totals).toEqual(computePeriod(input).totals);
  });
});

describe('compareFigures', () => {
  const base = computePeriod({
    site: new RegistryIndex(
      parseRegistry(
        `version: 1
sites:
  - id: s
    name: { ja: 試験, en: Test }
    location: { lat: 35, lon: 139 }
    population_served: 1
    assets:
      - { id: m, type: heat_meter, name: { ja: M, en: M } }`,
        't.yaml',
      ),
    ).site('s')!,
    fuel: () => ({ unit: 'L', hhv_mj_per_unit: 1, co2_kg_per_unit: 1, biogenic: false }),
    from_ms: 0,
    to_ms: H,
    assets: {},
  }).totals;
  const fig = (o: Partial<SiteFigures>): SiteFigures => ({ ...base, ...o });

  it.each([
    ['heat_produced_kwh', 1200, 1000, 200, 0.2],
    ['cop_total', 3, 2.5, 0.5, 0.2],
    ['completeness', 0.9, 1, -0.1, -0.1],
    ['pv_kwh', null, 50, null, null],
    ['fuel_gj', 5, 0, 5, null],
    ['co2_total_kg', 80, 100, -20, -0.2],
  ] as const)('%s: %s against %s → change %s, ratio %s', (key, cur, prev, change, ratio) => {
    const [c] = compareFigures(fig({ [key]: cur }), fig({ [key]: prev }), [key]);
    expect(c).toMatchObject({ figure: key, current: cur, previous: prev });
    if (change === null) expect(c!.change).toBeNull();
    else expect(c!.change).toBeCloseTo(change, 12);
    if (ratio === null) expect(c!.change_ratio).toBeNull();
    else expect(c!.change_ratio).toBeCloseTo(ratio, 12);
  });
});

describe('sumFigures', () => {
  it('adds energies, fuel and CO2 over the sites that have them; null where none has', () => {
    const a = { heat_produced_kwh: 100, pv_kwh: null, co2_total_kg: 10, alarms_total: 1 } as unknown as SiteFigures;
    const b = { heat_produced_kwh: 50.5, pv_kwh: null, co2_total_kg: 2, alarms_total: 0 } as unknown as SiteFigures;
    const c = { heat_produced_kwh: 0, pv_kwh: 7, co2_total_kg: 0, alarms_total: 2 } as unknown as SiteFigures;
    const s = sumFigures([a, b, c]);
    expect(s.heat_produced_kwh).toBe(150.5);
    expect(s.pv_kwh).toBe(7);
    expect(s.co2_total_kg).toBe(12);
    expect(s.alarms_total).toBe(3);
    expect(sumFigures([a, b]).pv_kwh).toBeNull();
  });
});
