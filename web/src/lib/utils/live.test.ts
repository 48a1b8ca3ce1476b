import { describe, expect, it } from 'vitest';
import { alarm, asset, kpis, m, reserve } from '../../../test/fixtures.ts';
import {
  applyAlarm,
  applyKpi,
  applyReserve,
  applyServerTime,
  applySnapshot,
  applyState,
  assetIsStale,
  emptyLive,
  isStaleAt,
  newestMeasuredAt,
  siteDataState,
  siteStatus,
} from './live.ts';

const T0 = Date.UTC(2026, 10, 23, 3, 0, 0);

function snapshot(at: number) {
  return {
    generated_at: at,
    sites: [
      {
        site: 'a',
        assets: [asset('a', 'hp-1', at - 1000, { power_kw: 10 })],
        kpis: kpis('a', at - 1000, 100),
        reserve: reserve('a', at - 1000),
        alarms: [alarm('a', 'a.tank-1.r.1', 'active', at - 5000)],
      },
    ],
  };
}

describe('live store state', () => {
  it('applies the snapshot, then events', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    expect(s.sites['a']?.assets['hp-1']?.values['power_kw']).toBe(10);
    expect(s.lastUpdate).toBe(T0);
    s = applyState(s, asset('a', 'hp-1', T0 + 10_000, { power_kw: 12 }), T0 + 10_500);
    expect(s.sites['a']?.assets['hp-1']?.values['power_kw']).toBe(12);
    s = applyKpi(s, kpis('a', T0 + 10_000, 150), T0 + 10_600);
    expect(s.sites['a']?.kpis?.heat_delivered_kw.value).toBe(150);
    s = applyReserve(s, reserve('a', T0 + 10_000, 'critical', 300), T0 + 10_700);
    expect(s.sites['a']?.reserve?.status).toBe('critical');
    expect(s.lastUpdate).toBe(T0 + 10_700);
  });

  it('ignores an older asset state arriving late (newer ts wins)', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    s = applyState(s, asset('a', 'hp-1', T0 + 20_000, { power_kw: 20 }), T0 + 20_100);
    s = applyState(s, asset('a', 'hp-1', T0 + 10_000, { power_kw: 99 }), T0 + 20_200);
    expect(s.sites['a']?.assets['hp-1']?.values['power_kw']).toBe(20);
  });

  it('applies a data-state change of the same sample', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    const held = s.sites['a']!.assets['hp-1']!;
    s = applyState(s, { ...held, data_state: 'stale', received_ms: held.received_ms }, T0 + 40_000);
    expect(s.sites['a']?.assets['hp-1']?.data_state).toBe('stale');
  });

  it('ignores older kpis and reserves', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    s = applyKpi(s, kpis('a', T0 + 30_000, 300), T0 + 30_100);
    s = applyKpi(s, kpis('a', T0 + 20_000, 200), T0 + 30_200);
    expect(s.sites['a']?.kpis?.heat_delivered_kw.value).toBe(300);
    s = applyReserve(s, reserve('a', T0 + 30_000, 'warning'), T0 + 30_300);
    s = applyReserve(s, reserve('a', T0 + 5_000, 'ok'), T0 + 30_400);
    expect(s.sites['a']?.reserve?.status).toBe('warning');
  });

  it('keeps newer data when a snapshot after reconnect is older than an event', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    s = applyState(s, asset('a', 'hp-1', T0 + 60_000, { power_kw: 60 }), T0 + 60_000);
    s = applySnapshot(s, snapshot(T0 + 30_000), T0 + 61_000);
    expect(s.sites['a']?.assets['hp-1']?.values['power_kw']).toBe(60);
  });

  it('learns the server clock offset from the snapshot', () => {
    const s = applySnapshot(emptyLive(), snapshot(T0 + 2_000), T0);
    expect(s.clockOffsetMs).toBe(2_000);
  });

  it('tracks alarm transitions and drops cleared alarms', () => {
    let s = applySnapshot(emptyLive(), snapshot(T0), T0);
    const id = 'a.tank-1.r.1';
    s = applyAlarm(s, alarm('a', id, 'acknowledged', T0 - 5000), T0 + 1);
    expect(s.sites['a']?.alarms[id]?.state).toBe('acknowledged');
    // a late "active" must not undo the acknowledgement
    s = applyAlarm(s, alarm('a', id, 'active', T0 - 5000), T0 + 2);
    expect(s.sites['a']?.alarms[id]?.state).toBe('acknowledged');
    s = applyAlarm(s, alarm('a', id, 'cleared', T0 - 5000), T0 + 3);
    expect(s.sites['a']?.alarms[id]).toBeUndefined();
  });

  it('creates a site it did not know from an event', () => {
    const s = applyState(emptyLive(), asset('b', 'pv', T0), T0);
    expect(Object.keys(s.sites)).toEqual(['b']);
  });
});

describe('stale detection', () => {
  it('flips to stale when the server clock reaches stale_at, with no rule of its own', () => {
    const fig = m(100, 'kW', T0, false, T0 + 30_000);
    expect(isStaleAt(fig, T0 + 5_000)).toBe(false);
    expect(isStaleAt(fig, T0 + 29_999)).toBe(false);
    expect(isStaleAt(fig, T0 + 30_000)).toBe(true);
    // an asset with a long expected interval: the server says so through stale_at
    const slow = m(100, 'kW', T0, false, T0 + 90_000);
    expect(isStaleAt(slow, T0 + 60_000)).toBe(false);
    expect(isStaleAt(slow, T0 + 90_000)).toBe(true);
  });
  it('trusts the server stale flag and treats never-measured as stale', () => {
    expect(isStaleAt(m(100, 'kW', T0, true), T0)).toBe(true);
    expect(isStaleAt(m(null, 'kW', null), T0)).toBe(true);
    expect(isStaleAt(undefined, T0)).toBe(true);
    // measured, not stale, and no time at which it turns stale: current
    expect(isStaleAt(m(0.441, 'kg/kWh', T0, false, null), T0 + 3_600_000)).toBe(false);
  });
  it('compares stale_at with the server clock, not the browser clock', () => {
    // the browser runs 2 min behind the server: the snapshot teaches the offset
    const browser = T0 - 120_000;
    let s = applySnapshot(emptyLive(), snapshot(T0), browser);
    const fig = m(100, 'kW', T0 - 1000, false, T0 + 29_000);
    expect(isStaleAt(fig, browser + 30_000 + s.clockOffsetMs)).toBe(true);
    expect(isStaleAt(fig, browser + 10_000 + s.clockOffsetMs)).toBe(false);
    // a REST answer's generated_at teaches it too
    s = applyServerTime(emptyLive(), T0, browser);
    expect(s.clockOffsetMs).toBe(120_000);
    expect(applyServerTime(s, Number.NaN, browser)).toBe(s);
  });
  it('uses the asset stale_at and data state for assets', () => {
    const a = asset('a', 'fuel', T0, {}, { stale_at: T0 + 90_000 });
    expect(assetIsStale(a, T0 + 89_000)).toBe(false);
    expect(assetIsStale(a, T0 + 90_000)).toBe(true);
    expect(assetIsStale({ ...a, data_state: 'offline' }, T0)).toBe(true);
    expect(assetIsStale({ ...a, data_state: 'stale' }, T0)).toBe(true);
    expect(assetIsStale(asset('a', 'x', null), T0)).toBe(true);
    expect(assetIsStale(undefined, T0)).toBe(true);
  });
  it('finds the newest measurement time in nested figures', () => {
    expect(newestMeasuredAt(kpis('a', T0))).toBe(T0);
    expect(newestMeasuredAt({})).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('site status', () => {
  it('combines reserve status and active alarms', () => {
    expect(siteStatus('ok', [])).toBe('ok');
    expect(siteStatus('ok', [alarm('a', 'x', 'active', T0, 'warning')])).toBe('warning');
    expect(siteStatus('warning', [alarm('a', 'x', 'active', T0, 'critical')])).toBe('critical');
    expect(siteStatus('unknown', [])).toBe('unknown');
    expect(siteStatus(undefined, [])).toBe('unknown');
    expect(siteStatus('critical', [])).toBe('critical');
  });
});

describe("a site's data state now", () => {
  it('is the worst of its assets, with a live asset past its stale_at counted as stale', () => {
    const a = asset('s', 'a', T0); // stale_at T0 + 30 s
    const b = asset('s', 'b', T0 + 10_000);
    expect(siteDataState([a, b], T0 + 20_000)).toBe('live');
    expect(siteDataState([a, b], T0 + 30_000)).toBe('stale');
    expect(siteDataState([a, asset('s', 'c', T0, {}, { data_state: 'offline' })], T0)).toBe('offline');
    expect(siteDataState([a, asset('s', 'd', null, {}, { data_state: 'no_data' })], T0)).toBe('stale');
    expect(siteDataState([asset('s', 'd', null, {}, { data_state: 'no_data' })], T0)).toBe('no_data');
    expect(siteDataState([], T0)).toBeNull();
  });
});
