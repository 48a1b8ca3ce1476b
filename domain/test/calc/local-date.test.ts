import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/index.ts';

const ZONES = ['Asia/Tokyo', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Europe/Berlin', 'UTC'];

describe('localDate (remembered per quarter hour)', () => {
  it('property: equals the calendar date luxon computes, in zones with 15/30/45-minute offsets and DST', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }),
        fc.constantFrom(...ZONES),
        (ts, zone) => {
          // twice: the second answer comes from the memo
          const expected = DateTime.fromMillis(ts, { zone }).toISODate();
          expect(localDate(ts, zone)).toBe(expected);
          expect(localDate(ts, zone)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gets the minutes around local midnight right (Kathmandu +05:45)', () => {
    const midnight = DateTime.fromISO('2026-10-01T00:00', { zone: 'Asia/Kathmandu' }).toMillis();
    expect(localDate(midnight - 1, 'Asia/Kathmandu')).toBe('2026-09-30');
    expect(localDate(midnight, 'Asia/Kathmandu')).toBe('2026-10-01');
  });
});
