import { InfluxError, RateLimitedLog } from '@ems/runtime';
import type { InfluxClient, Logger } from '@ems/runtime';
import type { DeadLetters } from './dead-letters.ts';
import type { IngestMetrics } from './metrics.ts';
import { lateMarkLine, lineTags } from './points.ts';
import type { Spool, SpoolBatch } from './spool.ts';
import { ASSET_TYPES, hourStart, isLateForRollup, REJECTED_MEASUREMENT } from '@ems/domain';

const SAMPLE_MEASUREMENTS: ReadonlySet<string> = new Set(ASSET_TYPES);
const NEWLINE = 10;
const SPACE = 32;
const ZERO = 48;

/**
 * The time stamp at the end of the line that ends just before `end` (a newline or the end of the data), read
 * from its digits without making a string; NaN when the line does not end in one.
 */
function lineTimestamp(data: Uint8Array, start: number, end: number): number {
  let ts = 0;
  let scale = 1;
  let at = end - 1;
  for (; at >= start; at--) {
    const c = data[at]!;
    if (c === SPACE) break;
    const digit = c - ZERO;
    if (digit < 0 || digit > 9 || scale > 1e16) return NaN;
    ts += digit * scale;
    scale *= 10;
  }
  return at === start - 1 || at === end - 1 ? NaN : ts;
}

/**
 * Marks for the hours that samples among `data`'s lines (each ending in a newline) reach after the api may have
 * rolled them up (DESIGN §4, late data): one per site, type and hour, written in the same request as the
 * samples. Only the time stamps are read; only late lines are decoded.
 */
export function lateMarksOf(data: Uint8Array, now_ms: number): string[] {
  let marks: Map<string, string> | undefined;
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let start = 0; start < buf.length;) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0) end = buf.length;
    const ts = lineTimestamp(buf, start, end);
    if (Number.isFinite(ts) && isLateForRollup(ts, now_ms)) {
      const tags = lineTags(buf.toString('utf8', start, end));
      if (tags.site && SAMPLE_MEASUREMENTS.has(tags.measurement)) {
        const hour = hourStart(ts);
        const key = `${tags.site}|${tags.measurement}|${hour}`;
        marks ??= new Map();
        if (!marks.has(key)) marks.set(key, lateMarkLine(tags.site, tags.measurement, hour, now_ms));
      }
    }
    start = end + 1;
  }
  return marks ? [...marks.values()] : [];
}

/** lateMarksOf for lines given as text. */
export function lateMarks(lines: readonly string[], now_ms: number): string[] {
  return lateMarksOf(Buffer.from(lines.join('\n'), 'utf8'), now_ms);
}

/** Lines to send: their bytes, each line ending in a newline, and how many. */
interface Lines {
  data: Buffer;
  count: number;
}

function linesOf(texts: readonly string[]): Lines {
  return { data: Buffer.from(texts.map((t) => t + '\n').join(''), 'utf8'), count: texts.length };
}

/** Where the first `n` lines of `data` end (just after the n-th newline). */
function afterLines(data: Buffer, n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) at = data.indexOf(NEWLINE, at) + 1;
  return at;
}

/**
 * Whether `data` holds a damaged line (see DAMAGED): a control character other than the newlines, or a line
 * starting with `#`. A byte scan; the lines are only decoded when it finds something.
 */
function looksDamaged(data: Buffer): boolean {
  let lineStart = true;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c < 32) {
      if (c !== NEWLINE) return true;
      lineStart = true;
      continue;
    }
    if (c === 127 || (lineStart && c === 35)) return true;
    lineStart = false;
  }
  return false;
}

export interface WriterOptions {
  batchLines: number;
  /**
   * How long lines may wait in the spool for a batch to fill (WRITE_BATCH_WAIT_MS): a write goes out when
   * `batchLines` are there or the oldest has waited this long. 0: write whatever is there at once.
   */
  batchWaitMs?: number;
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
  /** Set by stop(): write what is there without waiting for full batches. */
  private draining = false;
  private drainSignal!: Promise<void>;
  private signalDrain!: () => void;
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
    this.draining = false;
    this.stopSignal = new Promise((resolve) => (this.signalStop = resolve));
    this.drainSignal = new Promise((resolve) => (this.signalDrain = resolve));
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Keeps writing until the spool is empty or `flushMs` passed, then stops (the rest is replayed next start). */
  async stop(flushMs = 0): Promise<void> {
    const deadline = Date.now() + flushMs;
    this.draining = true;
    this.signalDrain();
    while (this.running && this.spool.pendingLines > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.running = false;
    this.signalStop();
    for (const wake of [...this.wake]) wake();
    await Promise.race([Promise.all(this.workers), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }

  private async work(): Promise<void> {
    const { batchLines, batchWaitMs = 0 } = this.options;
    while (this.running) {
      if (!this.spool.hasUnread()) {
        await Promise.race([this.spool.waitForData(), this.stopSignal]);
        continue;
      }
      // Full batches: under load they fill at once; otherwise the oldest line waits at most batchWaitMs.
      const wait = this.spool.unreadSinceMs + batchWaitMs - Date.now();
      if (!this.draining && wait > 0 && this.spool.unreadLines < batchLines) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          this.spool.waitForUnread(batchLines),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, wait))),
          this.drainSignal,
          this.stopSignal,
        ]);
        clearTimeout(timer);
        continue;
      }
      const batch = this.spool.readBatch(batchLines);
      if (!batch) continue;
      const entry = { batch, done: false };
      this.inFlight.push(entry);
      try {
        await this.write(this.withoutDamagedLines(batch));
      } catch (error) {
        if (error instanceof Stopped) return;
        throw error;
      }
      entry.done = true;
      while (this.inFlight[0]?.done) this.spool.commit(this.inFlight.shift()!.batch);
    }
  }

  /**
   * The lines to send; damaged ones are dead-lettered (reason spool_corrupt) instead. Only lines from before
   * this process opened the spool are looked at: damage comes from a crash, and what this process appended it
   * built itself (a line InfluxDB refuses all the same is dead-lettered by split()).
   */
  private withoutDamagedLines(batch: SpoolBatch): Lines {
    if (!batch.replayed || !looksDamaged(batch.data)) return { data: batch.data, count: batch.count };
    const lines = batch.lines;
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
    return linesOf(kept ?? lines);
  }

  /** Writes lines until InfluxDB accepted them all or dead-lettered the bad ones; throws Stopped on stop. */
  private async write(lines: Lines): Promise<void> {
    if (lines.count === 0) return;
    for (let attempt = 0; ; attempt++) {
      if (!this.running) throw new Stopped();
      const end = this.metrics.writeDuration.startTimer();
      try {
        const marks = lateMarksOf(lines.data, Date.now());
        const body = marks.length ? Buffer.concat([lines.data, linesOf(marks).data]) : lines.data;
        this.metrics.writeRequests.inc();
        await this.influx.write(body);
        if (marks.length) this.metrics.lateMarks.inc(marks.length);
        end();
        this.metrics.written.inc(lines.count);
        this.metrics.writeLines.observe(lines.count);
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
          { kind: err.kind, status: err.status, attempt, lines: lines.count },
          `InfluxDB write failed, retrying: ${err.message}`,
        );
        const base = this.options.retryBaseMs ?? 100;
        await this.sleep(Math.random() * Math.min(this.options.retryMaxMs, base * 2 ** Math.min(attempt, 20)));
      }
    }
  }

  /** Halves a rejected batch until the bad lines stand alone; those go to the dead-letter store. */
  private async split(lines: Lines, error: InfluxError): Promise<void> {
    if (lines.count === 1) {
      const line = lines.data.toString('utf8', 0, lines.data.length - 1);
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
    const mid = lines.count >> 1;
    const at = afterLines(lines.data, mid);
    await this.write({ data: lines.data.subarray(0, at), count: mid });
    await this.write({ data: lines.data.subarray(at), count: lines.count - mid });
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
