import { InfluxError, RateLimitedLog } from '@ems/runtime';
import type { InfluxClient, Logger } from '@ems/runtime';
import type { DeadLetters } from './dead-letters.ts';
import type { IngestMetrics } from './metrics.ts';
import { lateMarkLine, lineTags } from './points.ts';
import type { Spool, SpoolBatch } from './spool.ts';
import { ASSET_TYPES, hourStart, isLateForRollup, REJECTED_MEASUREMENT } from '@ems/domain';

const SAMPLE_MEASUREMENTS: ReadonlySet<string> = new Set(ASSET_TYPES);

/**
 * Marks for the hours that samples among `lines` reach after the api may have rolled them up (DESIGN §4, late
 * data): one per site, type and hour, written in the same request as the samples. Only late lines are parsed.
 */
export function lateMarks(lines: readonly string[], now_ms: number): string[] {
  let marks: Map<string, string> | undefined;
  for (const line of lines) {
    const ts = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (!Number.isFinite(ts) || !isLateForRollup(ts, now_ms)) continue;
    const tags = lineTags(line);
    if (!tags.site || !SAMPLE_MEASUREMENTS.has(tags.measurement)) continue;
    const hour = hourStart(ts);
    const key = `${tags.site}|${tags.measurement}|${hour}`;
    marks ??= new Map();
    if (!marks.has(key)) marks.set(key, lateMarkLine(tags.site, tags.measurement, hour, now_ms));
  }
  return marks ? [...marks.values()] : [];
}

export interface WriterOptions {
  batchLines: number;
  /** Batches in flight at once (1–2 is plenty for one InfluxDB). */
  concurrency: number;
  retryBaseMs?: number;
  retryMaxMs: number;
}

class Stopped extends Error {}

/**
 * 4xx answers that say nothing about the lines: wrong credentials (401, 403), no such database (404), slow
 * down (408, 429). They hold for every line alike, so they are retried; splitting would dead-letter everything.
 */
const NOT_ABOUT_THE_DATA = new Set([401, 403, 404, 407, 408, 429]);

/** InfluxDB refused the data itself (4xx: bad line, field type conflict, too large; or an unparseable answer). */
export function refusedData(error: unknown): error is InfluxError {
  if (!(error instanceof InfluxError)) return false;
  if (error.kind === 'unparseable') return true;
  return error.kind === 'rejected' && !NOT_ABOUT_THE_DATA.has(error.status ?? 0);
}

/**
 * Lines ingest builds never hold raw control characters (Point and storableText escape them) and never start
 * with `#`: such a line is a damaged spool (a crash, a zero-filled block). InfluxDB would answer a control
 * character with a header HTTP cannot carry, and skip a `#` line as a comment without a word.
 */
// eslint-disable-next-line no-control-regex
const DAMAGED = /^#|[\u0000-\u001f\u007f]/;

/**
 * Moves lines from the spool to InfluxDB, with marks for late samples (see lateMarks). Retries with exponential back-off and full jitter only while InfluxDB
 * is away or failing (no connection, timeouts, 5xx) or refuses every line alike (see NOT_ABOUT_THE_DATA); a
 * batch InfluxDB refuses (other 4xx, or an answer that cannot be parsed) is split to find the lines it refuses,
 * which go to the dead-letter store with InfluxDB's reason while the rest is written. Damaged lines are
 * dead-lettered before they are sent. The cursor only passes lines InfluxDB accepted or that were
 * dead-lettered, and batches are committed in the order they were read even when several are in flight.
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
        await this.write(this.withoutDamagedLines(batch.lines));
      } catch (error) {
        if (error instanceof Stopped) return;
        throw error;
      }
      entry.done = true;
      while (this.inFlight[0]?.done) this.spool.commit(this.inFlight.shift()!.batch);
    }
  }

  /** The lines to send; damaged ones are dead-lettered (reason spool_corrupt) instead. */
  private withoutDamagedLines(lines: string[]): string[] {
    let kept: string[] | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const damage = DAMAGED.exec(line);
      if (!damage) {
        kept?.push(line);
        continue;
      }
      kept ??= lines.slice(0, i);
      const code = damage[0].charCodeAt(0).toString(16).padStart(2, '0');
      const what =
        damage[0] === '#' ? 'starting with #' : `with control character 0x${code} at column ${damage.index + 1}`;
      this.spool.append([
        this.deadLetters.recordAlways(
          { payload: line },
          'spool_corrupt',
          `damaged spool line ${what}: not written to InfluxDB`,
          Date.now(),
        ),
      ]);
    }
    return kept ?? lines;
  }

  /** Writes lines until InfluxDB accepted them all or dead-lettered the bad ones; throws Stopped on stop. */
  private async write(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      if (!this.running) throw new Stopped();
      const end = this.metrics.writeDuration.startTimer();
      try {
        const marks = lateMarks(lines, Date.now());
        await this.influx.write(marks.length ? lines.concat(marks) : lines);
        if (marks.length) this.metrics.lateMarks.inc(marks.length);
        end();
        this.metrics.written.inc(lines.length);
        this.lastWriteOkMs = Date.now();
        this.metrics.lastWriteOk.set(this.lastWriteOkMs / 1000);
        if (attempt > 0) this.log.info({ attempts: attempt + 1 }, 'InfluxDB write succeeded again');
        return;
      } catch (error) {
        end();
        if (refusedData(error)) return this.split(lines, error);
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
        this.deadLetters.recordAlways(
          { site: tags.site, asset: tags.asset, payload: line },
          'influx_rejected',
          error.message,
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
