import { describe, expect, it } from 'vitest';
import {
  alignComparison,
  comparisonWindow,
  customRange,
  parseRange,
  rangeQuery,
  rangeWindow,
  shiftDays,
  type RangeState,
} from './range.ts';
import { withQuery } from '../stores/router.ts';

const TOKYO = 'Asia/Tokyo';
const BERLIN = 'Europe/Berlin';
const H = 3_600_000;
// 2026-12-02 20:00 in Tokyo
const NOW = Date.UTC(2026, 11, 2, 11, 0, 0);

const preset = (p: RangeState['preset'], compare: RangeState['compare'] = null): RangeState => ({
  preset: p,
  from: '',
  to: '',
  compare,
});

describe('range presets', () => {
  it('end now and reach back their hours or calendar days', () => {
    expect(rangeWindow(preset('1h'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - H, to: NOW });
    expect(rangeWindow(preset('6h'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - 6 * H, to: NOW });
    expect(rangeWindow(preset('24h'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - 24 * H, to: NOW });
    expect(rangeWindow(preset('7d'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - 7 * 24 * H, to: NOW });
    expect(rangeWindow(preset('30d'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - 30 * 24 * H, to: NOW });
    expect(rangeWindow(preset('1y'), NOW, TOKYO)).toEqual({ ok: true, from: NOW - 365 * 24 * H, to: NOW });
  });
  it('count days at the site: 7 days over the end of summer time in Berlin are 169 hours', () => {
    // 2026-10-29 12:00 in Berlin (CET, UTC+1); summer time ended on 2026-10-25
    const now = Date.UTC(2026, 9, 29, 11, 0, 0);
    const w = rangeWindow(preset('7d'), now, BERLIN);
    expect(w.ok && w.to - w.from).toBe(7 * 24 * H + H);
  });
});

describe('custom ranges', () => {
  const custom = (from: string, to: string): RangeState => ({ preset: 'custom', from, to, compare: null });
  it('are wall time at the site', () => {
    expect(rangeWindow(custom('2026-12-01T08:00', '2026-12-02T08:00'), NOW, TOKYO)).toEqual({
      ok: true,
      from: Date.UTC(2026, 10, 30, 23, 0),
      to: Date.UTC(2026, 11, 1, 23, 0),
    });
  });
  it('say what is wrong', () => {
    expect(rangeWindow(custom('', '2026-12-02T08:00'), NOW, TOKYO)).toEqual({ ok: false, reason: 'invalid' });
    expect(rangeWindow(custom('2026-12-02T08:00', '2026-12-02T08:00'), NOW, TOKYO)).toEqual({
      ok: false,
      reason: 'order',
    });
    expect(rangeWindow(custom('2023-01-01T00:00', '2026-12-02T00:00'), NOW, TOKYO)).toEqual({
      ok: false,
      reason: 'tooLong',
    });
    expect(rangeWindow(custom('2026-12-02T00:00', '2026-12-05T00:00'), NOW, TOKYO)).toEqual({
      ok: false,
      reason: 'future',
    });
  });
  it('start from the window shown', () => {
    expect(customRange({ from: NOW - 6 * H, to: NOW }, TOKYO, 'day')).toEqual({
      preset: 'custom',
      from: '2026-12-02T14:00',
      to: '2026-12-02T20:00',
      compare: 'day',
    });
  });
});

describe('ranges in the URL', () => {
  it('round-trip through the query', () => {
    const cases: RangeState[] = [
      preset('24h'),
      preset('7d', 'week'),
      { preset: 'custom', from: '2026-12-01T08:00', to: '2026-12-02T08:00', compare: 'day' },
    ];
    for (const r of cases) {
      const q = new URLSearchParams(withQuery('', rangeQuery(r)).replace(/^\?/, ''));
      expect(parseRange(q, '6h')).toEqual(r);
    }
    expect(withQuery('/sites/a', rangeQuery(preset('24h', 'day')))).toBe('/sites/a?range=24h&compare=day');
  });
  it('fall back to the page default on anything else', () => {
    expect(parseRange(new URLSearchParams(''), '6h')).toEqual(preset('6h'));
    expect(parseRange(new URLSearchParams('range=2w&compare=month'), '24h')).toEqual(preset('24h'));
    expect(parseRange(new URLSearchParams('from=yesterday&to=2026-12-02T08:00&range=7d'), '6h')).toEqual(preset('7d'));
    expect(parseRange(new URLSearchParams('range=constructor'), '6h')).toEqual(preset('6h'));
  });
});

describe('comparison', () => {
  it('reads the same hours a day or a week earlier', () => {
    const w = { from: NOW - 6 * H, to: NOW };
    expect(comparisonWindow(w, 'day', TOKYO)).toEqual({ from: w.from - 24 * H, to: w.to - 24 * H });
    expect(comparisonWindow(w, 'week', TOKYO)).toEqual({ from: w.from - 168 * H, to: w.to - 168 * H });
  });
  it('moves the earlier points onto the shown time axis', () => {
    const points = [
      [NOW - 25 * H, 1],
      [NOW - 24 * H, 2],
    ];
    expect(alignComparison(points, 'day', TOKYO)).toEqual([
      [NOW - H, 1],
      [NOW, 2],
    ]);
    expect(alignComparison([[NOW - 168 * H, 5]], 'week', TOKYO)).toEqual([[NOW, 5]]);
  });
  it('keeps the wall time across a daylight-saving change', () => {
    // Sunday 2026-10-25 08:00 CET (07:00 UTC) compared with Saturday 08:00 CEST (06:00 UTC): 25 hours apart
    const sat = Date.UTC(2026, 9, 24, 6, 0);
    const sun = Date.UTC(2026, 9, 25, 7, 0);
    expect(shiftDays(sat, 1, BERLIN)).toBe(sun);
    expect(shiftDays(sun, -1, BERLIN)).toBe(sat);
    expect(alignComparison([[sat, 3]], 'day', BERLIN)).toEqual([[sun, 3]]);
  });
});
