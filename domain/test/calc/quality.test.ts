import { describe, expect, it } from 'vitest';
import { assetDataState, completeness, expectedSamples } from '../../src/calc/quality.ts';

const NOW = 1_763_860_000_000;

describe('data state', () => {
  it.each([
    [
      { last_ts_ms: NOW - 5_000, now_ms: NOW },
      { state: 'live', age_s: 5 },
    ],
    [
      { last_ts_ms: NOW - 29_000, now_ms: NOW },
      { state: 'live', age_s: 29 },
    ],
    [
      { last_ts_ms: NOW - 30_000, now_ms: NOW },
      { state: 'stale', age_s: 30 },
    ],
    [
      { last_ts_ms: NOW - 100_000, now_ms: NOW, expected_interval_s: 60 },
      { state: 'live', age_s: 100 },
    ],
    [
      { last_ts_ms: NOW - 5_000, now_ms: NOW, status: 'offline' as const },
      { state: 'offline', age_s: 5 },
    ],
    [
      { last_ts_ms: null, now_ms: NOW },
      { state: 'no_data', age_s: null },
    ],
    [
      { last_ts_ms: NOW + 5_000, now_ms: NOW },
      { state: 'live', age_s: 0 },
    ],
  ])('DOMAIN §10: stale after 3 × expected interval (default 10 s): %j → %j', (input, expected) => {
    expect(assetDataState(input)).toEqual(expected);
  });

  it('DOMAIN §10: completeness = received / expected, clamped to [0, 1]', () => {
    const expected = expectedSamples(0, 3_600_000, 10);
    expect(expected).toBe(360);
    expect(completeness(342, expected)).toBeCloseTo(0.95, 12);
    expect(completeness(400, expected)).toBe(1);
    expect(completeness(5, 0)).toBeNull();
  });
});
