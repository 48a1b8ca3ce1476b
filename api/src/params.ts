/** Reading time parameters of a request: bounds, order and window length, each failure a 400 naming the parameter. */
import { DateTime } from 'luxon';
import { badRequest } from './errors.ts';

/** Instants a request may name: 1970-01-01T00:00Z up to the end of 2100. */
export const EARLIEST_MS = 0;
export const LATEST_MS = Date.UTC(2101, 0, 1);
const DIGITS = /^\d{1,15}$/;

/**
 * UTC milliseconds, or an ISO 8601 date / date-time; without an offset it is read in `zone` (the site's time zone).
 * Impossible dates (2025-02-30) are refused, not rolled over.
 */
export function parseInstant(name: string, text: string, zone: string): number {
  let ms: number;
  if (DIGITS.test(text)) ms = Number(text);
  else {
    const d = DateTime.fromISO(text, { zone, setZone: true });
    if (!d.isValid)
      throw badRequest(
        `The query parameter "${name}" is not a real date and time (${d.invalidExplanation ?? d.invalidReason ?? 'unparsable'}): expected e.g. 2026-10-01T00:00:00+09:00 or UTC milliseconds.`,
      );
    ms = d.toMillis();
  }
  if (!(ms >= EARLIEST_MS && ms < LATEST_MS))
    throw badRequest(`The query parameter "${name}" must lie between 1970-01-01 and 2100-12-31.`);
  return ms;
}

export interface WindowRules {
  zone: string;
  /** Longest window allowed, ms. */
  max_ms: number;
  /** Used when "to" is not given. */
  default_to_ms?: number;
  /** Used when "from" is not given: this long before "to". */
  default_span_ms?: number;
}

/** [from, to) of a request: both within 1970–2100, from before to, at most max_ms long. */
export function parseWindow(
  q: { from?: string | undefined; to?: string | undefined },
  rules: WindowRules,
): { from_ms: number; to_ms: number } {
  const to_ms = q.to !== undefined ? parseInstant('to', q.to, rules.zone) : required('to', rules.default_to_ms);
  const from_ms =
    q.from !== undefined
      ? parseInstant('from', q.from, rules.zone)
      : Math.max(EARLIEST_MS, to_ms - required('from', rules.default_span_ms));
  if (from_ms >= to_ms)
    throw badRequest(
      `The query parameter "from" must be before "to" (got ${new Date(from_ms).toISOString()} and ${new Date(to_ms).toISOString()}).`,
    );
  if (to_ms - from_ms > rules.max_ms)
    throw badRequest(
      `The window from "from" to "to" may span at most ${Math.round(rules.max_ms / 86_400_000)} days; ask for a shorter one.`,
    );
  return { from_ms, to_ms };
}

function required(name: string, fallback: number | undefined): number {
  if (fallback === undefined) throw badRequest(`The query parameter "${name}" is required.`);
  return fallback;
}

const STEP_UNITS_S = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** Widest bucket a series may ask for. */
export const MAX_STEP_S = 366 * 86400;

/** "auto" (null) or a bucket width such as 60s, 5m, 1h, 1d, in seconds, at most 366 days. */
export function parseStep(step: string | undefined): number | null {
  if (step === undefined || step === 'auto') return null;
  const m = /^([1-9]\d{0,6})([smhd])$/.exec(step);
  if (!m) throw badRequest('The query parameter "step" must be "auto" or a width such as 60s, 5m, 1h or 1d.');
  const s = Number(m[1]) * STEP_UNITS_S[m[2] as keyof typeof STEP_UNITS_S];
  if (s > MAX_STEP_S) throw badRequest('The query parameter "step" may be at most 366d.');
  return s;
}
