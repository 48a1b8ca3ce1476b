/**
 * How a number is shown: the one rounding and grouping rule of the screen and of every export (DOMAIN §1: the
 * numbers on screen and in every export are the same numbers). Pure; Intl only.
 */

/** The languages of the product. */
export type Lang = 'ja' | 'en';

/** What an unknown value is shown as. */
export const DASH = '—';

const numberLocale = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-US');

const nfCache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, digits: number, grouping: boolean): Intl.NumberFormat {
  const key = `${lang}|${digits}|${grouping}`;
  let f = nfCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(numberLocale(lang), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: grouping,
    });
    nfCache.set(key, f);
  }
  return f;
}

/** Decimals that keep 3 significant digits for small numbers and none for large ones. */
export function autoDigits(v: number): number {
  const a = Math.abs(v);
  if (a === 0 || a >= 100) return 0;
  if (a >= 10) return 1;
  return 2;
}

/**
 * v rounded to `digits` decimals as the screen rounds it: the decimal text of the double (toFixed), never "-0".
 * This is the value a workbook cell holds, so that the cell shows what the screen shows.
 */
export function roundTo(v: number, digits: number): number {
  const r = Number(v.toFixed(digits));
  return r === 0 ? 0 : r;
}

export interface NumberFormatOptions {
  /** Fixed number of decimals (default: autoDigits). */
  digits?: number;
  /** Thousands separators (default true); CSV turns them off so that the cell stays a number. */
  grouping?: boolean;
}

/** A number as shown: rounded (roundTo), with thousands separators; null, undefined and non-finite are "—". */
export function formatNumber(v: number | null | undefined, lang: Lang, opts: NumberFormatOptions = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const d = opts.digits ?? autoDigits(v);
  return nf(lang, d, opts.grouping ?? true).format(roundTo(v, d));
}

/** The Excel number format that shows a cell as formatNumber does: "#,##0.0" for one decimal. */
export function excelNumberFormat(digits: number): string {
  return digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
}
