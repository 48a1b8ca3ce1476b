import { describe, expect, it } from 'vitest';
import { asset } from '../../../test/fixtures.ts';
import {
  DEFAULT_HEARTBEAT_MS,
  freshness,
  indicator,
  MAX_SILENCE_MS,
  serverSilent,
  silenceLimitMs,
  type SocketState,
} from './connection.ts';

const T0 = Date.UTC(2026, 10, 23, 3, 0, 0);

describe('a silent server', () => {
  it('is silent after three heartbeat intervals without a word, never later than 9 s', () => {
    expect(silenceLimitMs(2_000)).toBe(6_000);
    expect(silenceLimitMs(300)).toBe(900);
    expect(silenceLimitMs(3_000)).toBe(MAX_SILENCE_MS);
    expect(silenceLimitMs(60_000)).toBe(MAX_SILENCE_MS);
    expect(silenceLimitMs(Number.NaN)).toBe(3 * DEFAULT_HEARTBEAT_MS);
    expect(silenceLimitMs(0)).toBe(3 * DEFAULT_HEARTBEAT_MS);
  });

  it('counts from the last time it was heard', () => {
    expect(serverSilent(T0, T0 + 5_999, 2_000)).toBe(false);
    expect(serverSilent(T0, T0 + 6_000, 2_000)).toBe(false);
    expect(serverSilent(T0, T0 + 6_001, 2_000)).toBe(true);
    // never heard yet (no connection): the socket state says so, not the silence
    expect(serverSilent(null, T0 + 60_000, 2_000)).toBe(false);
  });
});

describe('freshness by the server’s flags', () => {
  it('is fresh while one asset is live and before its stale_at at the server’s time', () => {
    const a = asset('s', 'a', T0 - 5_000); // stale_at T0 + 25 s
    const b = asset('s', 'b', T0 - 60_000, {}, { data_state: 'stale', stale_at: T0 - 30_000 });
    expect(freshness([a, b], T0)).toEqual({ fresh: true, newestMs: T0 - 5_000 });
    // the server's clock reached a's stale_at: nothing fresh is left, the newest measurement is a's
    expect(freshness([a, b], T0 + 25_000)).toEqual({ fresh: false, newestMs: T0 - 5_000 });
  });

  it('a stale flag, an offline device or no measurement at all is not fresh', () => {
    const offline = asset('s', 'a', T0, {}, { data_state: 'offline' });
    const stale = asset('s', 'b', T0 - 1_000, {}, { data_state: 'stale' });
    const never = asset('s', 'c', null, {}, { data_state: 'no_data' });
    expect(freshness([offline, stale, never], T0)).toEqual({ fresh: false, newestMs: T0 });
    expect(freshness([never], T0)).toEqual({ fresh: false, newestMs: null });
    expect(freshness([], T0)).toEqual({ fresh: false, newestMs: null });
  });
});

describe('the indicator', () => {
  const fresh = { fresh: true, newestMs: T0 };
  const stale = { fresh: false, newestMs: T0 - 600_000 };

  it('says live only when connected, the snapshot came and data is fresh', () => {
    expect(indicator({ socket: 'connected', snapshot: true, freshness: fresh })).toEqual({
      state: 'live',
      sinceMs: T0,
    });
    expect(indicator({ socket: 'connected', snapshot: false, freshness: fresh }).state).toBe('connecting');
  });

  it('says since when nothing fresh came when every figure is stale', () => {
    expect(indicator({ socket: 'connected', snapshot: true, freshness: stale })).toEqual({
      state: 'stale',
      sinceMs: T0 - 600_000,
    });
  });

  it('a silent server, a lost connection or an offline browser is never live, whatever the data', () => {
    for (const socket of ['unresponsive', 'reconnecting', 'offline', 'connecting'] as SocketState[])
      for (const f of [fresh, stale])
        expect(indicator({ socket, snapshot: true, freshness: f })).toEqual({ state: socket, sinceMs: f.newestMs });
  });
});
