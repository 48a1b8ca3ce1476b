import type { Logger } from '@ems/runtime';
import { RateLimitedLog } from '@ems/runtime';
import type { IngestMetrics } from './metrics.ts';
import { rejectedPointLine, type RejectedRecord } from './points.ts';

/**
 * Bad input is never dropped silently: each rejection is counted by reason, logged once per kind and
 * interval, and becomes a `rejected` point (returned, for the caller to spool together with its message).
 */
export class DeadLetters {
  private readonly warn: RateLimitedLog;
  private lastTs = 0;

  constructor(
    private readonly metrics: IngestMetrics,
    log: Logger,
    logIntervalMs = 60_000,
  ) {
    this.warn = new RateLimitedLog(log, logIntervalMs);
  }

  /**
   * A unique time stamp per record of this process (`rejected` points of one series at the same ms would
   * overwrite each other); it runs ahead of the clock only while rejects exceed 1,000/s.
   */
  private nextTs(now: number): number {
    this.lastTs = Math.max(now, this.lastTs + 1);
    return this.lastTs;
  }

  /** Counts `count` rejections of one reason and builds their record. */
  record(record: Omit<RejectedRecord, 'ts_ms'>, now: number, count = 1): string {
    this.metrics.rejected.inc({ reason: record.reason }, count);
    this.warn.warn(
      record.reason,
      { reason: record.reason, site: record.site, asset: record.asset, topic: record.topic, detail: record.detail },
      `rejected input: ${record.reason}`,
      now,
    );
    return rejectedPointLine({ ...record, ts_ms: this.nextTs(now) });
  }

  /** Counts and logs without a record (a `rejected` point InfluxDB itself refused). */
  countOnly(reason: string, fields: Record<string, unknown>, now = Date.now()): void {
    this.metrics.rejected.inc({ reason });
    this.warn.warn(reason, fields, `rejected input: ${reason}`, now);
  }
}
