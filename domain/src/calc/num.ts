/** Numeric helpers: results are finite numbers or null, never NaN or ±Infinity. */

/** a / b, or null when b is 0 (or, with `positiveDenominator`, ≤ 0) or the result is not finite. */
export function safeRatio(a: number, b: number, positiveDenominator = true): number | null {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0 || (positiveDenominator && b < 0)) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/** x when finite, else null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
