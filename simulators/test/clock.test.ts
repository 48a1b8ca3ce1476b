import { describe, expect, it } from 'vitest';
import { Pacer, parseDurationMs, parseTimeMs, planClock } from '../src/index.ts';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('clock', () => {
  it('starts accelerated runs in the past and never lets simulated time pass the wall clock', () => {
    const plan = planClock({ mode: 'accelerated', speed: 3600 }, NOW);
    expect(plan.startMs).toBe(NOW - 24 * 3_600_000);
    let wall = NOW;
    const pacer = new Pacer(plan, () => wall);
    // after 30 s of wall time at ×3600 the simulation would be 6 h ahead: it is capped to the wall clock
    wall = NOW + 30_000;
    expect(pacer.delayBefore(NOW + 40_000)).toBe(10_000);
    expect(pacer.delayBefore(NOW + 30_000)).toBeLessThanOrEqual(0);
    expect(pacer.delayBefore(plan.startMs + 3_600_000)).toBeLessThanOrEqual(0);
  });

  it('caps a backfill that reaches into the future and rejects an empty one', () => {
    const plan = planClock({ mode: 'backfill', fromMs: NOW - 86_400_000, toMs: NOW + 86_400_000 }, NOW);
    expect(plan).toMatchObject({ endMs: NOW, cappedEnd: true, stepMs: 60_000 });
    expect(() => planClock({ mode: 'backfill', fromMs: NOW + 1 }, NOW)).toThrow(/empty/);
    expect(() => planClock({ mode: 'backfill' }, NOW)).toThrow(/--from/);
  });

  it('parses durations and times', () => {
    expect(parseDurationMs('90')).toBe(90_000);
    expect(parseDurationMs('15m')).toBe(900_000);
    expect(parseDurationMs('6h')).toBe(21_600_000);
    expect(parseDurationMs('30d')).toBe(30 * 86_400_000);
    expect(() => parseDurationMs('soon')).toThrow();
    expect(parseTimeMs('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimeMs('2026-01-01T09:00:00+09:00')).toBe(Date.UTC(2026, 0, 1));
    expect(parseTimeMs('1767225600000')).toBe(1767225600000);
  });
});
