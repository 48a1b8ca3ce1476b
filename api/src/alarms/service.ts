import { EventEmitter } from 'node:events';
import { Point } from '@influxdata/influxdb-client';
import {
  ALARM_MEASUREMENT,
  AlarmEngine,
  DEFAULT_BUILTIN_RULES,
  siteConditions,
  type Alarm,
  type AlarmState,
  type AlarmTransition,
  type BuiltinRuleSettings,
  type RegistryIndex,
} from '@ems/domain';
import { InfluxError, quoteIdent, RateLimitedLog, type InfluxClient, type Logger } from '@ems/runtime';
import type { LiveModel } from '../live/model.ts';

export interface AlarmServiceEvents {
  /** An alarm changed state (raised, acknowledged, cleared — here or, via history sync, elsewhere). */
  alarm: [alarm: Alarm];
}

export interface AlarmServiceOptions {
  registry: RegistryIndex;
  live: LiveModel;
  influx: InfluxClient;
  log: Logger;
  builtin?: Partial<BuiltinRuleSettings>;
  historyDays?: number;
  /** How often to re-read alarm history (acknowledgements from other API processes), ms; 0 = never. */
  syncIntervalMs?: number;
}

export interface AlarmFilter {
  state?: AlarmState | 'all' | undefined;
  site?: string | undefined;
  severity?: 'warning' | 'critical' | undefined;
}

/**
 * Evaluates alarm rules on every asset update and once a second (staleness), keeps active and recent alarms in
 * memory, writes each transition to InfluxDB (`alarm`, time = trigger time, so every process writes the same
 * point) and reloads history at start-up so acknowledgements survive restarts.
 */
export class AlarmService extends EventEmitter<AlarmServiceEvents> {
  readonly engine = new AlarmEngine();
  private readonly settings: BuiltinRuleSettings;
  private timer: NodeJS.Timeout | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly unwritten = new Map<string, Alarm>();
  private writing = false;
  private readonly limitedLog: RateLimitedLog;
  private readonly onAsset = (site: string) => this.evaluateSite(site);
  /** When this process began watching: its stale rule waits one stale period from here. */
  private watchingSince: number | undefined;
  readonly counts = { transitions: { active: 0, acknowledged: 0, cleared: 0 } as Record<AlarmState, number> };

  constructor(private readonly opts: AlarmServiceOptions) {
    super();
    this.settings = { ...DEFAULT_BUILTIN_RULES, ...opts.builtin };
    this.limitedLog = new RateLimitedLog(opts.log, 60_000);
  }

  async start(): Promise<void> {
    await this.loadHistory().catch((err: unknown) =>
      this.opts.log.warn({ err: (err as Error).message }, 'alarm history not loaded; starting without it'),
    );
    this.watchingSince = this.opts.live.now();
    this.opts.live.on('asset', this.onAsset);
    this.timer = setInterval(() => this.tick(), 1_000);
    this.timer.unref();
    const sync = this.opts.syncIntervalMs ?? 15_000;
    if (sync > 0) {
      this.syncTimer = setInterval(() => void this.loadHistory().catch(() => undefined), sync);
      this.syncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.opts.live.off('asset', this.onAsset);
    clearInterval(this.timer);
    clearInterval(this.syncTimer);
    await this.flush();
  }

  tick(now = this.opts.live.now()): void {
    for (const site of this.opts.registry.allSites()) this.evaluateSite(site.id, now);
    void this.flush();
  }

  evaluateSite(siteId: string, now = this.opts.live.now()): void {
    const live = this.opts.live.site(siteId, now);
    if (!live) return;
    const conditions = siteConditions(live, this.settings, {
      stuck: (a) => this.opts.live.stuck(siteId, a),
      ...(this.watchingSince === undefined ? {} : { watching_since_ms: this.watchingSince }),
    });
    const transitions = this.engine.evaluate(conditions, now);
    for (const t of transitions) this.record(t);
    if (transitions.length) void this.flush();
  }

  acknowledge(id: string, user: string, now = Date.now()): ReturnType<AlarmEngine['acknowledge']> {
    const result = this.engine.acknowledge(id, user, now);
    if (result.ok && result.transition) {
      this.record(result.transition);
      void this.flush();
    }
    return result;
  }

  list(filter: AlarmFilter = {}): Alarm[] {
    const state = filter.state ?? 'active';
    return this.engine
      .list()
      .filter(
        (a) =>
          (state === 'all' || a.state === state) &&
          (!filter.site || a.site === filter.site) &&
          (!filter.severity || a.severity === filter.severity),
      );
  }

  activeCount(siteId: string): number {
    return this.engine.openAlarms().filter((a) => a.site === siteId).length;
  }

  /** Writes what is not yet in InfluxDB; keeps it for the next attempt when the database does not answer. */
  async flush(): Promise<void> {
    if (this.writing || this.unwritten.size === 0) return;
    this.writing = true;
    const batch = [...this.unwritten.values()];
    try {
      await this.opts.influx.write(batch.map(toLine));
      for (const a of batch) if (this.unwritten.get(a.id) === a) this.unwritten.delete(a.id);
    } catch (err) {
      this.limitedLog.warn(
        'alarm_write',
        { err: (err as Error).message, pending: this.unwritten.size },
        'alarm history write failed; will retry',
      );
      if (err instanceof InfluxError && err.kind === 'rejected') for (const a of batch) this.unwritten.delete(a.id);
    } finally {
      this.writing = false;
    }
  }

  /** Reads the alarm history of the last days and merges it (newer state wins). */
  async loadHistory(): Promise<number> {
    const days = this.opts.historyDays ?? 7;
    const rows = await this.opts.influx.rows(
      `SELECT * FROM ${quoteIdent(ALARM_MEASUREMENT)} WHERE time > now() - ${Math.round(days * 24)}h`,
    );
    let changed = 0;
    for (const row of rows) {
      const alarm = fromRow(row);
      if (!alarm || !this.opts.registry.site(alarm.site)) continue;
      if (this.engine.restore(alarm)) {
        changed++;
        const now = this.engine.get(alarm.id);
        if (now) this.emit('alarm', now);
      }
    }
    return changed;
  }

  private record(t: AlarmTransition): void {
    this.counts.transitions[t.to]++;
    this.unwritten.set(t.alarm.id, t.alarm);
    this.opts.log.info({ alarm: t.alarm.id, from: t.from, to: t.to, severity: t.alarm.severity }, 'alarm transition');
    this.emit('alarm', t.alarm);
  }
}

function toLine(a: Alarm): string {
  const p = new Point(ALARM_MEASUREMENT)
    .tag('site', a.site)
    .tag('asset', a.asset)
    .tag('rule', a.rule)
    .tag('severity', a.severity)
    .stringField('state', a.state)
    .stringField('message', a.message.en)
    .stringField('message_ja', a.message.ja)
    .timestamp(a.triggered_at);
  if (a.value !== null && Number.isFinite(a.value)) p.floatField('value', a.value);
  if (a.acknowledged_by) p.stringField('acknowledged_by', a.acknowledged_by);
  if (a.acknowledged_at !== null) p.intField('acknowledged_at', a.acknowledged_at);
  if (a.cleared_at !== null) p.intField('cleared_at', a.cleared_at);
  const line = p.toLineProtocol();
  if (!line) throw new Error(`alarm ${a.id} has no fields`);
  return line;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function fromRow(row: Record<string, unknown> & { time: number }): Alarm | null {
  const site = str(row.site);
  const asset = str(row.asset);
  const rule = str(row.rule);
  const severity = str(row.severity);
  const state = str(row.state);
  if (!site || !asset || !rule || (severity !== 'warning' && severity !== 'critical')) return null;
  if (state !== 'active' && state !== 'acknowledged' && state !== 'cleared') return null;
  return {
    id: `${site}.${asset}.${rule}.${row.time}`,
    site,
    asset,
    rule,
    severity,
    state,
    value: numOrNull(row.value),
    message: { en: str(row.message) ?? rule, ja: str(row.message_ja) ?? str(row.message) ?? rule },
    triggered_at: row.time,
    acknowledged_by: str(row.acknowledged_by),
    acknowledged_at: numOrNull(row.acknowledged_at),
    cleared_at: numOrNull(row.cleared_at),
  };
}
