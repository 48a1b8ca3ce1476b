/**
 * Time modes. realtime: simulated time is the wall clock. accelerated (×N): simulated time runs N times faster
 * but never ahead of the wall clock — it starts in the past (default: 24 h ago, or `from`, or now − duration)
 * and, once it has caught up, continues in real time. backfill: a period generated as fast as possible.
 */
export const TIME_MODES = ['realtime', 'accelerated', 'backfill'] as const;
export type TimeMode = (typeof TIME_MODES)[number];

export interface ClockOptions {
  mode: TimeMode;
  /** Simulated step, ms (default 10 s; 60 s in backfill). */
  stepMs?: number;
  /** Simulated seconds per wall-clock second in accelerated mode (default 60). */
  speed?: number;
  fromMs?: number;
  toMs?: number;
  /** Simulated span, ms: accelerated starts at now − duration unless `from` is given; ends after it. */
  durationMs?: number;
}

export interface ClockPlan {
  mode: TimeMode;
  startMs: number;
  /** Where the run ends; undefined: runs until stopped. */
  endMs: number | undefined;
  stepMs: number;
  speed: number;
  /** Set when the requested end lay in the future and was capped to now. */
  cappedEnd: boolean;
}

export const DEFAULT_ACCELERATED_LOOKBACK_MS = 24 * 3_600_000;

export function planClock(opts: ClockOptions, nowMs: number): ClockPlan {
  const stepMs = opts.stepMs ?? (opts.mode === 'backfill' ? 60_000 : 10_000);
  if (!(stepMs > 0)) throw new RangeError(`step must be positive, got ${stepMs} ms`);
  const floor = (t: number) => Math.floor(t / stepMs) * stepMs;
  switch (opts.mode) {
    case 'realtime': {
      const startMs = floor(nowMs);
      return {
        mode: 'realtime',
        startMs,
        endMs: opts.durationMs ? startMs + opts.durationMs : opts.toMs,
        stepMs,
        speed: 1,
        cappedEnd: false,
      };
    }
    case 'accelerated': {
      const speed = opts.speed ?? 60;
      if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
      const startMs = floor(
        opts.fromMs ??
          (opts.toMs !== undefined && opts.durationMs
            ? opts.toMs - opts.durationMs
            : nowMs - (opts.durationMs ?? DEFAULT_ACCELERATED_LOOKBACK_MS)),
      );
      const endMs = opts.toMs ?? (opts.durationMs ? startMs + opts.durationMs : undefined);
      return { mode: 'accelerated', startMs, endMs, stepMs, speed, cappedEnd: false };
    }
    case 'backfill': {
      if (opts.fromMs === undefined && !opts.durationMs) throw new RangeError('backfill needs --from (or --duration)');
      const wanted =
        opts.toMs ?? (opts.fromMs !== undefined && opts.durationMs ? opts.fromMs + opts.durationMs : nowMs);
      const endMs = Math.min(wanted, nowMs);
      const startMs = opts.fromMs ?? endMs - opts.durationMs!;
      if (!(endMs > startMs)) throw new RangeError('backfill period is empty (is --from in the future?)');
      return { mode: 'backfill', startMs, endMs, stepMs, speed: Number.POSITIVE_INFINITY, cappedEnd: wanted > nowMs };
    }
  }
}

/** Paces simulated steps against the wall clock. */
export class Pacer {
  private readonly wallStartMs: number;

  constructor(
    readonly plan: ClockPlan,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.wallStartMs = wallNow();
  }

  /** Wall-clock ms to wait before simulating up to simNextMs (≤ 0: now). Never lets simulated time pass the wall clock. */
  delayBefore(simNextMs: number): number {
    const now = this.wallNow();
    const bySpeed = Number.isFinite(this.plan.speed)
      ? this.wallStartMs + (simNextMs - this.plan.startMs) / this.plan.speed
      : Number.NEGATIVE_INFINITY;
    return Math.max(bySpeed, simNextMs) - now;
  }
}

/** Parses a duration: `90` (seconds), `90s`, `15m`, `6h`, `7d`. */
export function parseDurationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new RangeError(`invalid duration "${text}" (use e.g. 90s, 15m, 6h, 7d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    (m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * unit;
}

/** Parses a time: RFC 3339 / ISO 8601 (a bare date is midnight UTC) or UTC milliseconds. */
export function parseTimeMs(text: string): number {
  if (/^\d{10,}$/.test(text)) return Number(text);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms))
    throw new RangeError(`invalid time "${text}" (use 2026-01-01 or 2026-01-01T09:00:00+09:00)`);
  return ms;
}
