/**
 * Alarm engine: conditions in, transitions out. Hysteresis lives in the rules (they say raise / clear / hold),
 * the minimum duration and the states active → acknowledged → cleared live here. Pure: time is passed in.
 */
import type { LocalisedName } from '../registry/schema.ts';
import type { Alarm, AlarmSeverity, AlarmState } from './schemas.ts';

/**
 * raise: the limit is crossed; clear: back beyond the hysteresis band; hold: inside the band (no change, a
 * pending alarm restarts its minimum duration); unknown: no usable data (no change at all).
 */
export type Verdict = 'raise' | 'clear' | 'hold' | 'unknown';

export interface AlarmCondition {
  site: string;
  /** Asset id, or `site` for site-wide rules. */
  asset: string;
  rule: string;
  severity: AlarmSeverity;
  verdict: Verdict;
  value: number | null;
  message: LocalisedName;
  /**
   * Data time (UTC ms) of the observation behind the verdict. The first raising observation becomes the
   * alarm's trigger time, so every API process watching the same retained state names the alarm alike.
   */
  observed_at: number;
  min_duration_ms: number;
}

export interface AlarmTransition {
  alarm: Alarm;
  from: AlarmState | null;
  to: AlarmState;
}

export function alarmKey(a: { site: string; asset: string; rule: string }): string {
  return `${a.site}/${a.asset}/${a.rule}`;
}

export function alarmId(a: { site: string; asset: string; rule: string; triggered_at: number }): string {
  return `${a.site}.${a.asset}.${a.rule}.${a.triggered_at}`;
}

export type AckResult =
  { ok: true; transition: AlarmTransition | null; alarm: Alarm } | { ok: false; reason: 'not_found' | 'cleared' };

export class AlarmEngine {
  private readonly pending = new Map<string, number>();
  private readonly open = new Map<string, Alarm>();
  private readonly byId = new Map<string, Alarm>();
  private closed: Alarm[] = [];

  constructor(private readonly keepCleared = 500) {}

  /** Applies verdicts at time now_ms; returns the transitions (new alarms, clearances). */
  evaluate(conditions: readonly AlarmCondition[], now_ms: number): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    for (const c of conditions) {
      const key = alarmKey(c);
      const open = this.open.get(key);
      switch (c.verdict) {
        case 'unknown':
          break;
        case 'hold':
          this.pending.delete(key);
          if (open && c.value !== null) open.value = c.value;
          break;
        case 'clear':
          this.pending.delete(key);
          if (open) {
            const from = open.state;
            open.state = 'cleared';
            open.cleared_at = Math.max(now_ms, open.triggered_at);
            if (c.value !== null) open.value = c.value;
            this.open.delete(key);
            this.remember(open);
            out.push({ alarm: { ...open }, from, to: 'cleared' });
          }
          break;
        case 'raise': {
          if (open) {
            if (c.value !== null) open.value = c.value;
            break;
          }
          let since = this.pending.get(key);
          if (since === undefined) {
            since = c.observed_at;
            this.pending.set(key, since);
          }
          if (now_ms - since >= c.min_duration_ms) {
            this.pending.delete(key);
            const alarm: Alarm = {
              id: alarmId({ ...c, triggered_at: since }),
              site: c.site,
              asset: c.asset,
              rule: c.rule,
              severity: c.severity,
              state: 'active',
              value: c.value,
              message: c.message,
              triggered_at: since,
              acknowledged_by: null,
              acknowledged_at: null,
              cleared_at: null,
            };
            this.open.set(key, alarm);
            this.byId.set(alarm.id, alarm);
            out.push({ alarm: { ...alarm }, from: null, to: 'active' });
          }
          break;
        }
      }
    }
    return out;
  }

  acknowledge(id: string, user: string, now_ms: number): AckResult {
    const alarm = this.byId.get(id);
    if (!alarm) return { ok: false, reason: 'not_found' };
    if (alarm.state === 'cleared') return { ok: false, reason: 'cleared' };
    if (alarm.state === 'acknowledged') return { ok: true, transition: null, alarm: { ...alarm } };
    alarm.state = 'acknowledged';
    alarm.acknowledged_by = user;
    alarm.acknowledged_at = now_ms;
    return { ok: true, transition: { alarm: { ...alarm }, from: 'active', to: 'acknowledged' }, alarm: { ...alarm } };
  }

  /**
   * Restores an alarm from history (start-up, or another process's record). A newer state wins: cleared
   * beats acknowledged beats active. Returns true when it changed what the engine holds.
   */
  restore(record: Alarm): boolean {
    const rank: Record<AlarmState, number> = { active: 0, acknowledged: 1, cleared: 2 };
    const known = this.byId.get(record.id);
    if (known) {
      if (rank[record.state] <= rank[known.state]) return false;
      Object.assign(known, {
        state: record.state,
        acknowledged_by: record.acknowledged_by ?? known.acknowledged_by,
        acknowledged_at: record.acknowledged_at ?? known.acknowledged_at,
        cleared_at: record.cleared_at ?? known.cleared_at,
      });
      if (known.state === 'cleared') {
        const key = alarmKey(known);
        if (this.open.get(key) === known) this.open.delete(key);
        this.remember(known);
      }
      return true;
    }
    const alarm = { ...record };
    this.byId.set(alarm.id, alarm);
    if (alarm.state === 'cleared') {
      this.remember(alarm);
      return true;
    }
    const key = alarmKey(alarm);
    const open = this.open.get(key);
    // The same rule open twice (another process saw it first): the earliest trigger is the one on record.
    if (open && open.triggered_at <= alarm.triggered_at) return true;
    if (open) this.byId.delete(open.id);
    this.open.set(key, alarm);
    this.pending.delete(key);
    return true;
  }

  get(id: string): Alarm | undefined {
    const a = this.byId.get(id);
    return a ? { ...a } : undefined;
  }

  /** Open alarms (active, acknowledged) and the most recently cleared ones, newest first. */
  list(): Alarm[] {
    return [...this.open.values(), ...this.closed]
      .map((a) => ({ ...a }))
      .sort((a, b) => b.triggered_at - a.triggered_at);
  }

  openAlarms(): Alarm[] {
    return [...this.open.values()].map((a) => ({ ...a }));
  }

  private remember(alarm: Alarm): void {
    if (!this.closed.includes(alarm)) this.closed.unshift(alarm);
    if (this.closed.length > this.keepCleared) {
      for (const old of this.closed.splice(this.keepCleared)) this.byId.delete(old.id);
    }
  }
}
