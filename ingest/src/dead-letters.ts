import type { Logger } from '@ems/runtime';
import { RateLimitedLog } from '@ems/runtime';
import type { IngestMetrics } from './metrics.ts';
import { rejectedPointLine } from './points.ts';

/** The rejections found in one message: counts per reason and the first few details. */
export class RejectionTally {
  readonly counts = new Map<string, number>();
  private readonly details: string[] = [];
  private more = 0;

  add(reason: string, detail: string, count = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + count);
    if (this.details.length < 5) this.details.push(detail);
    else this.more++;
  }

  get empty(): boolean {
    return this.counts.size === 0;
  }

  /** The most frequent reason (the first one on a tie). */
  mainReason(): string {
    let main = '';
    let most = 0;
    for (const [reason, n] of this.counts)
      if (n > most) {
        main = reason;
        most = n;
      }
    return main;
  }

  detail(): string {
    return this.details.join('; ') + (this.more > 0 ? `; … and ${this.more} more` : '');
  }
}

export interface RejectedMessage {
  site?: string | undefined;
  asset?: string | undefined;
  topic?: string | undefined;
  payload: string;
}

export interface DeadLetterOptions {
  /** Dead-letter bytes one device may write per minute; beyond it its rejections are counted only. */
  bytesPerMinute: number;
  logIntervalMs?: number;
}

interface Budget {
  windowStart: number;
  bytes: number;
  over: boolean;
}

/** Budget key of senders that are not registry devices (unknown site/asset, bad topic): they share one. */
const UNREGISTERED = '(unregistered)';
const WINDOW_MS = 60_000;

/**
 * Bad input is never dropped silently: each rejection is counted by reason, logged once per kind and
 * interval, and each rejected message becomes one `rejected` point (returned, for the caller to spool together
 * with its message) with its counts per reason and its payload once. A device that sends more rejected bytes
 * per minute than its budget gets one note that its budget is spent, and the rest of its rejections that minute
 * are counted (ingest_rejected_unrecorded_total) but not stored.
 */
export class DeadLetters {
  private readonly warn: RateLimitedLog;
  private lastTs = 0;
  /** One entry per registry device that sent something bad, plus the shared one: bounded by the registry. */
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly metrics: IngestMetrics,
    log: Logger,
    private readonly options: DeadLetterOptions,
  ) {
    this.warn = new RateLimitedLog(log, options.logIntervalMs ?? 60_000);
  }

  /**
   * A unique time stamp per record of this process (`rejected` points of one series at the same ms would
   * overwrite each other); it runs ahead of the clock only while records exceed 1,000/s.
   */
  private nextTs(now: number): number {
    this.lastTs = Math.max(now, this.lastTs + 1);
    return this.lastTs;
  }

  /**
   * Counts the rejections of one message and returns its record, or (over the device's budget) nothing or the
   * one note that the budget is spent. `device` is the registry key of the sender; undefined for senders that
   * are not registry devices.
   */
  record(message: RejectedMessage, tally: RejectionTally, now: number, device: string | undefined): string[] {
    if (tally.empty) return [];
    const reason = tally.mainReason();
    for (const [r, n] of tally.counts) this.metrics.rejected.inc({ reason: r }, n);
    this.warn.warn(
      reason,
      { reason, site: message.site, asset: message.asset, topic: message.topic, detail: tally.detail() },
      `rejected input: ${reason}`,
      now,
    );
    const line = this.line(message, reason, tally.counts, tally.detail(), now);
    const key = device ?? UNREGISTERED;
    let budget = this.budgets.get(key);
    if (!budget || now - budget.windowStart >= WINDOW_MS) {
      budget = { windowStart: now, bytes: 0, over: false };
      this.budgets.set(key, budget);
    }
    if (budget.bytes + line.length <= this.options.bytesPerMinute) {
      budget.bytes += line.length;
      return [line];
    }
    for (const [r, n] of tally.counts) this.metrics.rejectedUnrecorded.inc({ reason: r }, n);
    if (budget.over) return [];
    budget.over = true;
    this.warn.warn(
      `budget:${key}`,
      { device: key, bytes_per_minute: this.options.bytesPerMinute },
      'dead-letter budget spent: further rejections of this sender this minute are counted only',
      now,
    );
    const note = `${key} sent more than ${this.options.bytesPerMinute} bytes of rejected input within a minute; until ${new Date(budget.windowStart + WINDOW_MS).toISOString()} its rejections are counted (ingest_rejected_unrecorded_total) but not stored`;
    return [this.line({ ...message, payload: '' }, 'dead_letter_budget_spent', new Map(), note, now)];
  }

  /** A record outside any budget (lines InfluxDB refused, bytes cut from the spool): these are never many. */
  recordAlways(message: RejectedMessage, reason: string, detail: string, now: number, count = 1): string {
    this.metrics.rejected.inc({ reason }, count);
    this.warn.warn(reason, { reason, site: message.site, asset: message.asset, detail }, `rejected: ${reason}`, now);
    return this.line(message, reason, new Map([[reason, count]]), detail, now);
  }

  /** Counts and logs without a record (a `rejected` point InfluxDB itself refused). */
  countOnly(reason: string, fields: Record<string, unknown>, now = Date.now()): void {
    this.metrics.rejected.inc({ reason });
    this.metrics.rejectedUnrecorded.inc({ reason });
    this.warn.warn(reason, fields, `rejected input: ${reason}`, now);
  }

  private line(
    message: RejectedMessage,
    reason: string,
    counts: ReadonlyMap<string, number>,
    detail: string,
    now: number,
  ): string {
    return rejectedPointLine({
      reason,
      counts,
      payload: message.payload,
      detail,
      ts_ms: this.nextTs(now),
      ...(message.site ? { site: message.site } : {}),
      ...(message.asset ? { asset: message.asset } : {}),
      ...(message.topic !== undefined ? { topic: message.topic } : {}),
    });
  }
}
