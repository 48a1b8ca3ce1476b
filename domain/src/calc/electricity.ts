/** Electricity: dated factor tables and scope-2 electricity (DOMAIN §4, §6). */
import { localDate } from './time.ts';

/** A value in force from a local date on (primary-energy factor, grid emission factor). */
export interface DatedValue {
  /** YYYY-MM-DD, local to the site's time zone */
  from_date: string;
  value: number;
  /** where the value comes from: one text, or one per language */
  source?: string | { ja: string; en: string };
}

/**
 * Japan's primary-energy factor for grid electricity, MJ/kWh (DOMAIN §4, reference 002).
 * DOMAIN gives only years ("from 2023", "2006–2022", …); the factors are set by the Energy Conservation Act
 * and apply per Japanese fiscal year, so each entry starts on April 1 of that year (fiscal-year start).
 */
export const PRIMARY_ENERGY_FACTOR_TABLE: readonly DatedValue[] = [
  {
    from_date: '1999-04-01',
    value: 10.25,
    source: { ja: '省エネ法 1999年度から（002）', en: 'Japan, Energy Conservation Act, from FY1999 (002)' },
  },
  {
    from_date: '2003-04-01',
    value: 9.83,
    source: { ja: '省エネ法 2003年度から（002）', en: 'Japan, Energy Conservation Act, from FY2003 (002)' },
  },
  {
    from_date: '2006-04-01',
    value: 9.76,
    source: { ja: '省エネ法 2006〜2022年度（002）', en: 'Japan, Energy Conservation Act, FY2006–FY2022 (002)' },
  },
  {
    from_date: '2023-04-01',
    value: 8.64,
    source: { ja: '省エネ法 2023年度から（002）', en: 'Japan, Energy Conservation Act, from FY2023 (002)' },
  },
];

/**
 * Default grid emission factors, kg-CO2/kWh (DOMAIN §6, reference 003), per Japanese fiscal year (from April 1).
 * 0.441 covers FY2019 and FY2020 and stays in force until a newer entry is configured. 0.250 is the national
 * 2030 *target*, not a measured factor: it is placed at 2030-04-01 so it never applies to earlier dates.
 */
export const DEFAULT_GRID_EMISSION_TABLE: readonly DatedValue[] = [
  {
    from_date: '2018-04-01',
    value: 0.455,
    source: { ja: '電気事業者別排出係数 2018年度（003）', en: 'utility factor FY2018 (003)' },
  },
  {
    from_date: '2019-04-01',
    value: 0.441,
    source: { ja: '電気事業者別排出係数 2019・2020年度（003）', en: 'utility factor FY2019, FY2020 (003)' },
  },
  {
    from_date: '2030-04-01',
    value: 0.25,
    source: {
      ja: '2030年度 国の目標値（003）— 実績値ではなく目標値',
      en: 'national 2030 target (003) — a target, not a measured factor',
    },
  },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The table entry in force on the local date of ts_ms in timeZone: the entry with the latest from_date on or
 * before that date. Null when the date is before the first entry. Throws RangeError for a bad zone or a
 * malformed from_date. The table need not be sorted.
 */
export function datedEntryAt(table: readonly DatedValue[], ts_ms: number, timeZone: string): DatedValue | null {
  const date = localDate(ts_ms, timeZone);
  let best: DatedValue | null = null;
  for (const entry of table) {
    if (!ISO_DATE.test(entry.from_date)) {
      throw new RangeError(`from_date must be YYYY-MM-DD, got ${JSON.stringify(entry.from_date)}`);
    }
    if (entry.from_date <= date && (best === null || entry.from_date >= best.from_date)) best = entry;
  }
  return best;
}

/** The value in force on the local date of ts_ms in timeZone (see datedEntryAt); null before the first entry. */
export function factorAt(table: readonly DatedValue[], ts_ms: number, timeZone: string): number | null {
  return datedEntryAt(table, ts_ms, timeZone)?.value ?? null;
}

function known(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x);
}

/**
 * Scope-2 electricity in kWh: grid import where a grid meter exists, otherwise the plant's consumption minus PV
 * generation, floored at 0. Null when neither grid import nor consumption is known.
 */
export function scope2Kwh(input: {
  grid_import_kwh?: number;
  consumption_kwh?: number;
  pv_kwh?: number;
}): number | null {
  if (known(input.grid_import_kwh)) return Math.max(0, input.grid_import_kwh);
  if (!known(input.consumption_kwh)) return null;
  const pv = known(input.pv_kwh) ? input.pv_kwh : 0;
  return Math.max(0, input.consumption_kwh - pv);
}

/** Scope-2 electric power in kW, same rule as scope2Kwh. */
export function scope2Kw(input: { grid_import_kw?: number; consumption_kw?: number; pv_kw?: number }): number | null {
  if (known(input.grid_import_kw)) return Math.max(0, input.grid_import_kw);
  if (!known(input.consumption_kw)) return null;
  const pv = known(input.pv_kw) ? input.pv_kw : 0;
  return Math.max(0, input.consumption_kw - pv);
}
