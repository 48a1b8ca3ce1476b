/** The reserve sheet's words: local date and time with the date, until-when, and what each figure assumes. */
import { describe, expect, it } from 'vitest';
import {
  electricityAssumption,
  formatLocalDateTime,
  fuelAssumption,
  heatAssumption,
  isoLocalDateTime,
  lastsUntilText,
  levelText,
  measuredAtText,
  untilText,
  wallClockAsUtc,
  waterAssumption,
  type ForecastLike,
} from '../../src/report/index.ts';

const AT = Date.UTC(2026, 11, 3, 5, 0, 5); // 3 Dec 2026 14:00:05 in Tokyo
const TZ = 'Asia/Tokyo';

describe('local date and time (the site’s zone, always with the date)', () => {
  it.each([
    ['ja', {}, '2026年12月3日 14:00'],
    ['en', {}, '3 Dec 2026 14:00'],
    ['ja', { ref_ms: AT }, '12月3日 14:00'],
    ['en', { ref_ms: AT, seconds: true }, '3 Dec 14:00:05'],
    ['en', { year: false }, '3 Dec 14:00'],
  ] as const)('%s %o → %s', (lang, opts, text) => {
    expect(formatLocalDateTime(AT, TZ, lang, opts)).toBe(text);
  });
  it('another zone, another wall time; the year when it is not the current one', () => {
    expect(formatLocalDateTime(AT, 'Europe/London', 'en', { ref_ms: AT })).toBe('3 Dec 05:00');
    expect(formatLocalDateTime(Date.UTC(2027, 0, 2, 3), TZ, 'ja', { ref_ms: AT })).toBe('2027年1月2日 12:00');
    expect(formatLocalDateTime(null, TZ, 'ja')).toBe('—');
  });
  it('until-when: 「12月3日 14:00まで」 / "until 3 Dec 14:00"', () => {
    expect(untilText(AT, TZ, 'ja', AT)).toBe('12月3日 14:00まで');
    expect(untilText(AT, TZ, 'en', AT)).toBe('until 3 Dec 14:00');
  });
  it('exports: sortable wall time, and the date cell a workbook shows as that wall time', () => {
    expect(isoLocalDateTime(AT, TZ)).toBe('2026-12-03 14:00:05');
    expect(wallClockAsUtc(AT, TZ).toISOString()).toBe('2026-12-03T14:00:05.000Z');
    expect(measuredAtText(AT, TZ, 'ja', AT)).toBe('計測 12月3日 14:00:05');
    expect(measuredAtText(null, TZ, 'en')).toBe('never measured');
  });
});

describe('until when a reserve lasts', () => {
  const f = (over: Partial<ForecastLike>): ForecastLike => ({
    quantity: 'water',
    trend: 'falling',
    unknown_reason: null,
    warning: { value: 640, reached: false, at: AT - 3_600_000 },
    critical: { value: 400, reached: false, at: AT },
    zero: { value: 0, reached: false, at: AT + 3_600_000 },
    ...over,
  });
  it('water lasts until the fire reserve is reached (the living water is gone); the others until zero', () => {
    expect(lastsUntilText(f({}), TZ, 'ja', AT)).toBe('12月3日 14:00まで');
    expect(lastsUntilText(f({ quantity: 'fuel', warning: null, critical: null }), TZ, 'en', AT)).toBe(
      'until 3 Dec 15:00',
    );
  });
  it('reached, steady, rising and unknown say so instead of a time', () => {
    expect(lastsUntilText(f({ critical: { value: 400, reached: true, at: null } }), TZ, 'ja')).toBe(
      '消防用水を下回っています',
    );
    const none = { value: 0, reached: false, at: null };
    expect(lastsUntilText(f({ trend: 'steady', critical: none }), TZ, 'en')).toBe('steady (not falling)');
    expect(lastsUntilText(f({ trend: 'rising', critical: none }), TZ, 'ja')).toBe('増加中');
    expect(
      lastsUntilText(f({ trend: 'unknown', unknown_reason: 'too_few_points', critical: none }), TZ, 'en'),
    ).toContain('too little data');
    expect(levelText(f({ warning: null }), 'warning', TZ, 'en')).toBe('n/a');
  });
});

describe('what each autonomy figure assumes', () => {
  it('heat: stored heat + fuel × boiler efficiency at the current demand', () => {
    expect(heatAssumption({ storage: true, boiler_efficiencies: [0.86], heat_demand_kw: 120 }, 'en')).toBe(
      'stored heat + fuel × boiler efficiency 86% at the current heat demand of 120 kW',
    );
    expect(heatAssumption({ storage: true, boiler_efficiencies: [0.86], heat_demand_kw: 120 }, 'ja')).toBe(
      '蓄熱量＋燃料×ボイラ効率 86%を現在の熱需要 120 kW で使い切るまで',
    );
    expect(heatAssumption({ storage: true, boiler_efficiencies: [], heat_demand_kw: null }, 'en')).toContain(
      'no current heat demand',
    );
  });
  it('fuel: the current or else rated fuel rate of what the store feeds', () => {
    const p = { rate_per_h: 40.2, unit: 'L', supplies: ['Kerosene boiler'] };
    expect(fuelAssumption({ ...p, basis: 'current' }, 'en')).toBe(
      'at the current fuel rate of Kerosene boiler: 40.2 L/h',
    );
    expect(fuelAssumption({ ...p, basis: 'rated' }, 'ja')).toBe(
      'Kerosene boilerの定格燃料消費 40.2 L/時 で（現在は停止中）',
    );
    expect(fuelAssumption({ ...p, supplies: [], basis: null }, 'en')).toBe('feeds nothing, so no hours');
  });
  it('electricity: battery + generator fuel × efficiency at the critical load', () => {
    expect(electricityAssumption({ battery: true, generator_efficiencies: [0.33], critical_load_kw: 60 }, 'en')).toBe(
      'battery + generator fuel × efficiency 33% at the critical load of 60 kW',
    );
    expect(
      electricityAssumption({ battery: true, generator_efficiencies: [], critical_load_kw: null }, 'ja'),
    ).toContain('重要負荷が未設定');
  });
  it('water: usable less the fire reserve at L per person per day', () => {
    expect(waterAssumption({ fire_reserve_m3: 400, litres_per_person_day: 20 }, 'ja')).toBe(
      '利用可能水量から消防用水 400 m³ を除き、1人1日 20 L で',
    );
  });
});
