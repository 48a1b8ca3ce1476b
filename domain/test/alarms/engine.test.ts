import { describe, expect, it } from 'vitest';
import { AlarmEngine, thresholdVerdict, type AlarmCondition, type Verdict } from '../../src/alarms/index.ts';

const cond = (
  verdict: Verdict,
  observed_at: number,
  min_duration_ms = 10_000,
  value: number | null = 1,
): AlarmCondition => ({
  site: 's',
  asset: 'a',
  rule: 'r',
  severity: 'critical',
  verdict,
  value,
  observed_at,
  min_duration_ms,
  message: { ja: 'j', en: 'e' },
});

describe('AlarmEngine', () => {
  it('raises only after the minimum duration, with the first observation as trigger time', () => {
    const e = new AlarmEngine();
    expect(e.evaluate([cond('raise', 1_000)], 1_000)).toEqual([]);
    expect(e.evaluate([cond('raise', 5_000)], 10_999)).toEqual([]);
    const [t] = e.evaluate([cond('raise', 11_000)], 11_000);
    expect(t).toMatchObject({
      from: null,
      to: 'active',
      alarm: { id: 's.a.r.1000', triggered_at: 1_000, state: 'active' },
    });
    expect(e.evaluate([cond('raise', 12_000)], 12_000)).toEqual([]); // once
  });

  it('hold inside the hysteresis band restarts a pending alarm; unknown changes nothing', () => {
    const e = new AlarmEngine();
    e.evaluate([cond('raise', 0)], 0);
    e.evaluate([cond('unknown', 5_000)], 5_000);
    expect(e.evaluate([cond('raise', 10_000)], 10_000)).toHaveLength(1); // unknown kept the pending start
    const f = new AlarmEngine();
    f.evaluate([cond('raise', 0)], 0);
    f.evaluate([cond('hold', 5_000)], 5_000);
    expect(f.evaluate([cond('raise', 10_000)], 10_000)).toEqual([]);
  });

  it('active → acknowledged → cleared, recording who and when', () => {
    const e = new AlarmEngine();
    const [t] = e.evaluate([cond('raise', 0, 0)], 0);
    const ack = e.acknowledge(t!.alarm.id, 'op', 50);
    expect(ack).toMatchObject({
      ok: true,
      alarm: { state: 'acknowledged', acknowledged_by: 'op', acknowledged_at: 50 },
    });
    expect(e.evaluate([cond('hold', 60, 0)], 60)).toEqual([]);
    const [c] = e.evaluate([cond('clear', 70, 0)], 70);
    expect(c).toMatchObject({ from: 'acknowledged', to: 'cleared', alarm: { cleared_at: 70, acknowledged_by: 'op' } });
    expect(e.acknowledge(t!.alarm.id, 'op', 80)).toEqual({ ok: false, reason: 'cleared' });
    expect(e.acknowledge('nope', 'op', 80)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('restores history: acknowledged survives, a newer state wins, the earliest trigger is kept', () => {
    const e = new AlarmEngine();
    const base = {
      site: 's',
      asset: 'a',
      rule: 'r',
      severity: 'critical' as const,
      value: 1,
      message: { ja: 'j', en: 'e' },
      cleared_at: null,
    };
    e.restore({
      ...base,
      id: 's.a.r.100',
      state: 'acknowledged',
      triggered_at: 100,
      acknowledged_by: 'op',
      acknowledged_at: 150,
    });
    expect(e.evaluate([cond('raise', 500, 0)], 500)).toEqual([]); // already open
    expect(e.get('s.a.r.100')?.state).toBe('acknowledged');
    expect(
      e.restore({
        ...base,
        id: 's.a.r.100',
        state: 'active',
        triggered_at: 100,
        acknowledged_by: null,
        acknowledged_at: null,
      }),
    ).toBe(false);
    e.restore({
      ...base,
      id: 's.a.r.100',
      state: 'cleared',
      triggered_at: 100,
      acknowledged_by: 'op',
      acknowledged_at: 150,
      cleared_at: 900,
    });
    expect(e.openAlarms()).toEqual([]);
  });
});

describe('thresholdVerdict', () => {
  it('below with hysteresis', () => {
    expect(thresholdVerdict(39, { below: 40 }, 2)).toBe('raise');
    expect(thresholdVerdict(41, { below: 40 }, 2)).toBe('hold');
    expect(thresholdVerdict(42, { below: 40 }, 2)).toBe('clear');
  });
  it('above with hysteresis', () => {
    expect(thresholdVerdict(91, { above: 90 }, 5)).toBe('raise');
    expect(thresholdVerdict(88, { above: 90 }, 5)).toBe('hold');
    expect(thresholdVerdict(85, { above: 90 }, 5)).toBe('clear');
  });
});
