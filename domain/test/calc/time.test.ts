import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dayRanges, localDate, localMonth, monthRange, nextMonth, parseMonth } from '../../src/calc/time.ts';

const ZONES = ['Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'];
const HOUR = 3_600_000;

describe('calendar periods', () => {
  it('DOMAIN §1: October 2026 at a Tokyo site is 2026-09-30T15:00Z … 2026-10-31T15:00Z', () => {
    expect(monthRange('2026-10', 'Asia/Tokyo')).toEqual({
      from_ms: Date.parse('2026-09-30T15:00:00Z'),
      to_ms: Date.parse('2026-10-31T15:00:00Z'),
    });
  });

  it('DOMAIN §1: local days follow the calendar: 23 h and 25 h days in Europe/Berlin 2026', () => {
    const march = monthRange('2026-03', 'Europe/Berlin');
    const days = dayRanges(march.from_ms, march.to_ms, 'Europe/Berlin');
    expect(days).toHaveLength(31);
    const mar29 = days.find((d) => d.date === '2026-03-29')!;
    expect((mar29.to_ms - mar29.from_ms) / HOUR).toBe(23);
    const oct = monthRange('2026-10', 'Europe/Berlin');
    const oct25 = dayRanges(oct.from_ms, oct.to_ms, 'Europe/Berlin').find((d) => d.date === '2026-10-25')!;
    expect((oct25.to_ms - oct25.from_ms) / HOUR).toBe(25);
  });

  it('Lord Howe shifts by 30 minutes: a 23.5 h day', () => {
    const oct = monthRange('2026-10', 'Australia/Lord_Howe');
    const lengths = dayRanges(oct.from_ms, oct.to_ms, 'Australia/Lord_Howe').map((d) => (d.to_ms - d.from_ms) / HOUR);
    expect(lengths).toContain(23.5);
  });

  it('a month that begins where local midnight does not exist starts at the first instant of the 1st', () => {
    // Lord Howe moved from +10:00 to +10:30 at 1981-03-01 00:00: that day begins at 00:30.
    const feb = monthRange('1981-02', 'Australia/Lord_Howe');
    expect(feb.to_ms).toBe(Date.parse('1981-02-28T14:00:00Z'));
    expect(monthRange('1981-03', 'Australia/Lord_Howe').from_ms).toBe(feb.to_ms);
  });

  it('dayRanges clips the first and last day to the requested range', () => {
    const from = Date.parse('2026-10-01T12:00:00+09:00');
    const to = Date.parse('2026-10-03T06:00:00+09:00');
    expect(dayRanges(from, to, 'Asia/Tokyo')).toEqual([
      { date: '2026-10-01', from_ms: from, to_ms: Date.parse('2026-10-02T00:00:00+09:00') },
      {
        date: '2026-10-02',
        from_ms: Date.parse('2026-10-02T00:00:00+09:00'),
        to_ms: Date.parse('2026-10-03T00:00:00+09:00'),
      },
      { date: '2026-10-03', from_ms: Date.parse('2026-10-03T00:00:00+09:00'), to_ms: to },
    ]);
    expect(dayRanges(to, from, 'Asia/Tokyo')).toEqual([]);
  });

  it('localDate and localMonth use the zone', () => {
    const ts = Date.parse('2026-09-30T15:00:00Z');
    expect(localDate(ts, 'Asia/Tokyo')).toBe('2026-10-01');
    expect(localDate(ts, 'UTC')).toBe('2026-09-30');
    expect(localMonth(ts, 'Asia/Tokyo')).toBe('2026-10');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it.each(['2026-13', '2026-1', '26-01', '2026-00', 'October', ''])('invalid month %j throws RangeError', (m) => {
    expect(() => parseMonth(m)).toThrow(RangeError);
    expect(() => monthRange(m, 'Asia/Tokyo')).toThrow(/YYYY-MM/);
  });

  it.each(['Asia/Tokio', 'Mars/Olympus', ''])('invalid zone %j throws RangeError', (z) => {
    expect(() => monthRange('2026-10', z)).toThrow(RangeError);
    expect(() => localDate(0, z)).toThrow(/time zone/);
    expect(() => dayRanges(0, 1, z)).toThrow(RangeError);
  });

  const monthArb = fc
    .tuple(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);

  it('property: monthRange boundaries are local midnight on the 1st, and consecutive months tile without gaps', () => {
    fc.assert(
      fc.property(monthArb, fc.constantFrom(...ZONES), (month, zone) => {
        const r = monthRange(month, zone);
        // The first instant of the 1st: local midnight, or where midnight does not exist (a zone that moved its
        // clock at midnight, e.g. Lord Howe 1981-03-01 00:00 → 00:30), the first instant that does.
        for (const edge of [r.from_ms, r.to_ms]) {
          const at = DateTime.fromMillis(edge, { zone });
          const before = DateTime.fromMillis(edge - 1, { zone });
          expect(at.day).toBe(1);
          expect(before.day).not.toBe(1);
          expect(at.startOf('day').toMillis()).toBe(edge);
        }
        expect(localMonth(r.from_ms, zone)).toBe(month);
        expect(monthRange(nextMonth(month), zone).from_ms).toBe(r.to_ms);
        const days = (r.to_ms - r.from_ms) / (24 * HOUR);
        expect(days).toBeGreaterThan(27.9);
        expect(days).toBeLessThan(31.1);
      }),
    );
  });

  it('property: the local days of a month tile it, start at local midnight and number the days of the month', () => {
    fc.assert(
      fc.property(monthArb, fc.constantFrom(...ZONES), (month, zone) => {
        const r = monthRange(month, zone);
        const days = dayRanges(r.from_ms, r.to_ms, zone);
        expect(days[0]!.from_ms).toBe(r.from_ms);
        expect(days[days.length - 1]!.to_ms).toBe(r.to_ms);
        for (let i = 1; i < days.length; i++) expect(days[i]!.from_ms).toBe(days[i - 1]!.to_ms);
        const first = DateTime.fromMillis(r.from_ms, { zone });
        expect(days).toHaveLength(first.daysInMonth!);
        for (const d of days) {
          const start = DateTime.fromMillis(d.from_ms, { zone });
          expect(start.hour).toBe(0);
          expect(localDate(d.from_ms, zone)).toBe(d.date);
        }
      }),
      { numRuns: 50 },
    );
  });
});
