/**
 * The Japanese municipal (fiscal) year, April 1 – March 31 local: FY2025 is 2025-04-01 … 2026-03-31 at the site.
 * Factor tables change on the same date (DOMAIN §1).
 */
import { localMonth, monthRange, parseMonth, type TimeRange } from '../calc/time.ts';

/** First calendar month of a fiscal year. */
export const FISCAL_YEAR_FIRST_MONTH = 4;

/** The fiscal year a month 'YYYY-MM' belongs to: 2026-03 → 2025, 2026-04 → 2026. */
export function fiscalYearOfMonth(month: string): number {
  const { year, month: mo } = parseMonth(month);
  return mo >= FISCAL_YEAR_FIRST_MONTH ? year : year - 1;
}

/** The twelve months 'YYYY-MM' of a fiscal year, April first. */
export function fiscalYearMonths(fiscalYear: number): string[] {
  if (!Number.isInteger(fiscalYear)) throw new RangeError(`fiscal year must be an integer, got ${fiscalYear}`);
  return Array.from({ length: 12 }, (_, i) => {
    const index = fiscalYear * 12 + (FISCAL_YEAR_FIRST_MONTH - 1) + i;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** [from, to) of a fiscal year in a zone: local midnight of April 1 to local midnight of the next April 1. */
export function fiscalYearRange(fiscalYear: number, timeZone: string): TimeRange {
  const months = fiscalYearMonths(fiscalYear);
  return { from_ms: monthRange(months[0]!, timeZone).from_ms, to_ms: monthRange(months[11]!, timeZone).to_ms };
}

/** The same month a year earlier: 2026-10 → 2025-10. */
export function sameMonthPreviousYear(month: string): string {
  const { year, month: mo } = parseMonth(month);
  return `${String(year - 1).padStart(4, '0')}-${String(mo).padStart(2, '0')}`;
}

/** The last month that has fully passed at the site at now_ms (the month before the current local month). */
export function lastCompleteMonth(now_ms: number, timeZone: string): string {
  const { year, month } = parseMonth(localMonth(now_ms, timeZone));
  return month === 1 ? `${String(year - 1).padStart(4, '0')}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
