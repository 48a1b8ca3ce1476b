import { InfluxError, RateLimitedLog } from '@ems/runtime';
import type { InfluxClient, Logger } from '@ems/runtime';
import type { DeadLetters } from './dead-letters.ts';
import type { IngestMetrics } from './metrics.ts';
import { lineTags } from './points.ts';
import type { Spool, SpoolBatch } from './spool.ts';
import { REJECTED_MEASUREMENT } from '@ems/domain';

export interface WriterOptions {
  batchLines: number;
  /** Batches in flight at once (1–2 is plenty for one InfluxDB). */
  concurrency: number;
  retryBaseMs?: number;
  retryMaxMs: number;
}

class Stopped extends Error {}

/** InfluxDB refused the data itself (bad line, field type conflict, too large): retrying cannot help. */
function isBadData(error: unknown): error is InfluxError {
  return error instanceof InfluxError && error.kind === 'rejected' && (error.status === 400 || error.status === 413);
}

/**
 * Moves lines from the spool to InfluxDB. Retries with exponential back-off and full jitter while InfluxDB
 * is down or failing (5xx, timeouts, also 401/403/404: configuration, not data); splits a batch InfluxDB
 * rejects as bad data to find and dead-letter the bad lines. The cursor only passes lines InfluxDB accepted,
 * and batches are committed in the order they were read even when several are in flight.
 */
export class InfluxWriter {
  private readonly inFlight: { batch: SpoolBatch; done: boolean }[] = [];
  private running = false;
  private stopSignal!: Promise<void>;
  private signalStop!: () => void;
  private workers: Promise<void>[] = [];
  private readonly wake = new Set<() => void>();
  private readonly warn: RateLimitedLog;
  lastWriteOkMs: number | null = null;
  lastError: { at: number; message: string } | null = null;

  constructor(
    private readonly spool: Spool,
    private readonly influx: InfluxClient,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: IngestMetrics,
    private readonly log: Logger,
    private readonly options: WriterOptions,
  ) {
    this.warn = new RateLimitedLog(log, 30_000);
  }

  async start(): Promise<void> {
    this.running = true;
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Keeps writing until the spool is empty or `flushMs` passed, then stops (the rest is replayed next start). */
  async stop(flushMs = 0): Promise<void> {
    const deadline = Date.now() + flushMs;
    while (this.running && this.spool.pendingLines > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.running = false;
    this.signalStop();
    for (const wake of [...this.wake]) wake();
    await Promise.race([Promise.all(this.workers), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const batch = this.spool.readBatch(this.options.batchLines);
      if (!batch) {
        await Promise.race([this.spool.waitForData(), this.stopSignal]);
        continue;
      }
      const entry = { batch, done: false };
      this.inFlight.push(entry);
      try {
        await this.write(batch.lines);
      } catch (error) {
        if (error instanceof Stopped) return;
        throw error;
      }
      entry.done = true;
      while (this.inFlight[0]?.done) this.spool.commit(this.inFlight.shift()!.batch);
    }
  }

  /** Writes lines until InfluxDB accepted them all or dead-lettered the bad ones; throws Stopped on stop. */
  private async write(lines: string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (!this.running) throw new Stopped();
      const end = this.metrics.writeDuration.startTimer();
      try {
        await this.influx.write(lines);
        end();
        this.metrics.written.inc(lines.length);
        this.lastWriteOkMs = Date.now();
        this.metrics.lastWriteOk.set(this.lastWriteOkMs / 1000);
        if (attempt > 0) this.log.info({ attempts: attempt + 1 }, 'InfluxDB write succeeded again');
        return;
      } catch (error) {
        if (isBadData(error)) return this.split(lines, error);
        const err = error instanceof InfluxError ? error : new InfluxError('unreachable', String(error));
        this.lastError = { at: Date.now(), message: err.message };
        this.metrics.recordWriteError(err.kind, err.message);
        this.warn.warn(
          `write-${err.kind}`,
          { kind: err.kind, status: err.status, attempt, lines: lines.length },
          `InfluxDB write failed, retrying: ${err.message}`,
        );
        const base = this.options.retryBaseMs ?? 100;
        await this.sleep(Math.random() * Math.min(this.options.retryMaxMs, base * 2 ** Math.min(attempt, 20)));
      }
    }
  }

  /** Halves a rejected batch until the bad lines stand alone; those go to the dead-letter store. */
  private async split(lines: string[], error: InfluxError): Promise<void> {
    if (lines.length === 1) {
      const line = lines[0]!;
      const tags = lineTags(line);
      this.metrics.recordWriteError('rejected', error.message);
      if (tags.measurement === REJECTED_MEASUREMENT) {
        // Never dead-letter a dead letter (it could loop): count and log it only.
        this.deadLetters.countOnly('influx_rejected', { line: line.slice(0, 300), error: error.message });
        return;
      }
      this.spool.append([
        this.deadLetters.record(
          { site: tags.site, asset: tags.asset, reason: 'influx_rejected', payload: line, detail: error.message },
          Date.now(),
        ),
      ]);
      return;
    }
    const mid = lines.length >> 1;
    await this.write(lines.slice(0, mid));
    await this.write(lines.slice(mid));
  }

  /** A pause that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }
}
