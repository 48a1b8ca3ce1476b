import {
  closeSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
  fstatSync,
} from 'node:fs';
import { join } from 'node:path';
import { LineBuffer } from './line-buffer.ts';

/**
 * Durable on-disk queue of line-protocol lines between the MQTT consumer and the InfluxDB writer.
 *
 * - Segment files `seg-<seq>.lp` hold whole lines, each ending in `\n`; only the newest is appended to,
 *   and a new one is started at every open and when the current one passes `segmentBytes`.
 * - `append()` is one synchronous write(2): when it returns the data is in the OS page cache, which survives a
 *   killed process. An interval timer fsyncs (`fsync: <ms>`) on libuv's thread pool, so that a slow disk does
 *   not stall the event loop and with it the acknowledgements; or every append is fsynced before it returns
 *   (`fsync: 'always'`). A power loss can lose at most the last interval (and what one fsync takes); a process
 *   crash loses nothing. A failed fsync makes every later flush throw: nothing more is acknowledged.
 * - `cursor.json` records how far InfluxDB has accepted (see writeCursor); opening replays everything after it.
 *   Segments wholly before the cursor are deleted.
 * - Back-pressure: `full` turns on when the unwritten size passes `maxBytes` and off below `lowWaterBytes`.
 */
export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  /** Default: half of maxBytes. */
  lowWaterBytes?: number;
  /** fsync interval in ms, or 'always' to fsync inside every append. */
  fsync: number | 'always';
  segmentBytes?: number;
}

export interface SpoolPosition {
  segment: number;
  offset: number;
}

/** What opening the spool set aside or corrected after a crash; the caller logs, counts and dead-letters it. */
export interface SpoolRecovery {
  kind: 'torn_tail' | 'cursor';
  segment: number;
  offset: number;
  /** The bytes cut off (torn tail; at most RECOVERY_KEEP_BYTES of them), empty for cursor corrections. */
  bytes: Buffer;
  /** How many bytes were cut (may exceed bytes.length). */
  cutBytes: number;
  detail: string;
}

/** Read buffers kept for reuse (batches in flight and one being read), and the largest size kept. */
const READ_BUFFERS_KEPT = 4;
const READ_BUFFER_MAX_BYTES = 16 * 1024 * 1024;
const READ_BUFFER_MIN_BYTES = 256 * 1024;

/** How much of a cut tail is kept for its dead letter. */
const RECOVERY_KEEP_BYTES = 4096;

/**
 * Lines handed out to the writer: their bytes as read from the segment, each line ending in `\n`. The bytes are
 * valid until the batch is committed: the spool reuses its read buffers then.
 */
export class SpoolBatch {
  constructor(
    /** The lines, each ending in a newline: the body of an InfluxDB write as it is. */
    readonly data: Buffer,
    /** How many lines. */
    readonly count: number,
    readonly start: SpoolPosition,
    readonly end: SpoolPosition,
    /**
     * False when the lines were appended by this process since it opened the spool (built by ingest, so sound);
     * true when they come from before (a restart replays them: they may hold damage from a crash).
     */
    readonly replayed: boolean = true,
  ) {}

  get bytes(): number {
    return this.data.length;
  }

  /** The lines as text (tests, rare paths); the writer sends `data`. */
  get lines(): string[] {
    return this.count === 0 ? [] : this.data.toString('utf8', 0, this.data.length - 1).split('\n');
  }
}

const SEGMENT = /^seg-(\d{12})\.lp$/;
const CURSOR = 'cursor.json';
/**
 * The cursor record: `{"segment":…,"offset":…,"check":…}` padded with spaces to a fixed width and a newline,
 * so that every update overwrites the same bytes of the file (see writeCursor). `check` guards it against a
 * torn write.
 */
const CURSOR_RECORD_BYTES = 96;
const cursorCheck = (segment: number, offset: number): number => {
  // FNV-1a over the two numbers' digits
  let h = 0x811c9dc5;
  const text = `${segment}:${offset}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};
const segmentName = (seq: number): string => `seg-${String(seq).padStart(12, '0')}.lp`;
const NEWLINE = 10;

export class Spool {
  /** Segment sequence number → size in bytes, oldest first; the last one is open for appends. */
  private readonly segments = new Map<number, number>();
  private fd = -1;
  private writeSeq = 0;
  /** The first segment this process wrote; older ones were there when it opened the spool. */
  private firstOwnSeq = 0;
  private cursor: SpoolPosition = { segment: 0, offset: 0 };
  private readPos: SpoolPosition = { segment: 0, offset: 0 };
  private unwrittenBytes = 0;
  private unwrittenLines = 0;
  /** Lines appended and not yet handed out by readBatch. */
  private unread = 0;
  /** When the unread lines started to wait (about: see unreadSinceMs). */
  private unreadSince = 0;
  private dirty = false;
  private cursorFd = -1;
  private cursorDirty = false;
  /** The interval fsync running on the thread pool, if any. */
  private background: Promise<void> | undefined;
  private syncError: Error | undefined;
  /** Descriptors of rolled segments whose close waits for the running background fsync. */
  private readonly retiredFds: number[] = [];
  private readonly staged = new LineBuffer();
  /** Read buffers of committed batches, reused by readBatch (no new ~1 MB allocation per batch). */
  private readonly readBuffers: Buffer[] = [];
  private isFull = false;
  private closed = true;
  private fsyncTimer: NodeJS.Timeout | undefined;
  private dataWaiter: { promise: Promise<void>; resolve: () => void } | undefined;
  private linesWaiter: { lines: number; promise: Promise<void>; resolve: () => void } | undefined;
  private drainWaiters: (() => void)[] = [];
  /** Filled by start(): torn tails cut and cursor corrections. */
  readonly recovered: SpoolRecovery[] = [];
  readonly segmentBytes: number;
  readonly lowWaterBytes: number;

  constructor(private readonly options: SpoolOptions) {
    this.segmentBytes = options.segmentBytes ?? 32 * 1024 * 1024;
    this.lowWaterBytes = options.lowWaterBytes ?? Math.floor(options.maxBytes / 2);
  }

  /**
   * Opens the directory: reads the cursor, cuts a torn last line, counts what is still to be written. What it cut
   * or corrected is listed in `recovered`. A cursor that names no segment, or that points into the middle of a
   * line, is not trusted: replaying from an earlier line is harmless (writes are idempotent), skipping is not.
   */
  async start(): Promise<void> {
    const { dir } = this.options;
    mkdirSync(dir, { recursive: true });
    const seqs = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let saved = this.readCursor();
    if (saved && !seqs.includes(saved.segment)) {
      this.recovered.push({
        kind: 'cursor',
        segment: saved.segment,
        offset: saved.offset,
        bytes: Buffer.alloc(0),
        cutBytes: 0,
        detail: `the cursor names segment ${saved.segment}, which does not exist: replaying every segment`,
      });
      saved = null;
    }
    for (const seq of seqs) {
      if (saved && seq < saved.segment) {
        unlinkSync(join(dir, segmentName(seq)));
        continue;
      }
      this.segments.set(seq, this.openExisting(seq));
    }
    const first = this.segments.keys().next();
    if (saved && this.segments.has(saved.segment))
      this.cursor = { segment: saved.segment, offset: this.lineStart(saved, this.segments.get(saved.segment)!) };
    else this.cursor = { segment: first.done ? 0 : first.value, offset: 0 };
    this.readPos = { ...this.cursor };
    for (const [seq, size] of this.segments) {
      const from = seq === this.cursor.segment ? this.cursor.offset : 0;
      this.unwrittenBytes += size - from;
      this.unwrittenLines += this.countLines(seq, from, size);
    }
    this.unread = this.unwrittenLines;
    this.unreadSince = 0; // what a restart replays has waited long enough
    this.closed = false;
    this.openSegment((seqs.at(-1) ?? 0) + 1);
    this.firstOwnSeq = this.writeSeq;
    if (this.segments.size === 1) this.cursor = this.readPos = { segment: this.writeSeq, offset: 0 };
    this.openCursor();
    this.updateFull();
    if (this.options.fsync !== 'always') {
      this.fsyncTimer = setInterval(() => this.syncInBackground(), this.options.fsync);
      this.fsyncTimer.unref();
    }
  }

  /** Fsyncs and closes; pending waiters are released. */
  async stop(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.fsyncTimer);
    this.staged.clear(); // never flushed means never acknowledged: the broker still has them
    await this.background; // its descriptors stay open until it is done
    this.sync();
    closeSync(this.fd);
    closeSync(this.cursorFd);
    this.closed = true;
    this.fd = -1;
    this.cursorFd = -1;
    this.dataWaiter?.resolve();
    this.dataWaiter = undefined;
    this.linesWaiter?.resolve();
    this.linesWaiter = undefined;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /** Appends lines (each without a trailing newline) in one write; durable against a process crash on return. */
  append(lines: readonly string[]): void {
    this.stage(lines);
    this.flush();
  }

  /**
   * Queues lines in memory for the next flush(). The consumer stages every message of one network read and
   * flushes them with one write before any of their acknowledgements leaves the process.
   */
  stage(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const out = this.staging();
    for (const line of lines) out.line(line);
  }

  /**
   * The staging buffer, for building lines in place (each ending in `\n`; see LineBuffer). Whatever is in it
   * is written by the next flush(), so a caller that gives up on a half-built message truncates it back.
   */
  staging(): LineBuffer {
    if (this.closed) throw new Error('spool is closed');
    return this.staged;
  }

  /** Writes the staged lines in one write(2) (fsync too with `fsync: 'always'`); durable against a crash on return. */
  flush(): void {
    const staged = this.staged;
    if (staged.length === 0) return;
    if (this.closed) throw new Error('spool is closed');
    if (this.syncError) throw new Error(`the spool could not be fsynced: ${this.syncError.message}`);
    const buf = staged.view();
    const lines = staged.lines;
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(this.fd, buf, written);
    } finally {
      staged.clear();
    }
    const size = this.segments.get(this.writeSeq)! + buf.length;
    this.segments.set(this.writeSeq, size);
    this.unwrittenBytes += buf.length;
    this.unwrittenLines += lines;
    if (this.unread === 0) this.unreadSince = Date.now();
    this.unread += lines;
    this.dirty = true;
    if (this.options.fsync === 'always') this.sync();
    if (size >= this.segmentBytes) this.roll();
    this.updateFull();
    const waiter = this.dataWaiter;
    if (waiter) {
      this.dataWaiter = undefined;
      waiter.resolve();
    }
    const linesWaiter = this.linesWaiter;
    if (linesWaiter && this.unread >= linesWaiter.lines) {
      this.linesWaiter = undefined;
      linesWaiter.resolve();
    }
  }

  /**
   * The interval fsync, on libuv's thread pool: what was appended (and the cursor) since the last one. One at a
   * time; an error is kept for flush() to throw.
   */
  private syncInBackground(): void {
    if (this.background || this.closed) return;
    const fds: number[] = [];
    if (this.dirty) fds.push(this.fd);
    if (this.cursorDirty) fds.push(this.cursorFd);
    if (fds.length === 0) return;
    this.dirty = false;
    this.cursorDirty = false;
    this.background = (async () => {
      for (const fd of fds)
        await new Promise<void>((resolve) =>
          fsync(fd, (error) => {
            if (error) this.syncError ??= error;
            resolve();
          }),
        );
      this.background = undefined;
      for (const fd of this.retiredFds.splice(0)) closeSync(fd);
    })();
  }

  /** Forces appended data (and the cursor) to the disk now. */
  sync(): void {
    if (this.cursorDirty && this.cursorFd >= 0) {
      fsyncSync(this.cursorFd);
      this.cursorDirty = false;
    }
    if (!this.dirty || this.fd < 0) return;
    fsyncSync(this.fd);
    this.dirty = false;
  }

  /**
   * The next up to `maxLines` lines not yet handed out (never across a segment boundary), or null.
   * Batches must be committed in the order they were read.
   */
  readBatch(maxLines: number, maxBytes = 8 * 1024 * 1024): SpoolBatch | null {
    if (this.closed) return null;
    let size = this.segments.get(this.readPos.segment);
    while (size !== undefined && this.readPos.offset >= size && this.readPos.segment < this.writeSeq) {
      this.readPos = { segment: this.nextSegment(this.readPos.segment), offset: 0 };
      size = this.segments.get(this.readPos.segment);
    }
    if (size === undefined || this.readPos.offset >= size) return null;
    const start = this.readPos;
    // Read about what maxLines need (by the average line so far), not maxBytes every time.
    const average = this.unwrittenLines > 0 ? this.unwrittenBytes / this.unwrittenLines : 256;
    let want = Math.min(size - start.offset, maxBytes, Math.ceil(maxLines * average * 1.25) + 4096);
    for (;;) {
      const buf = this.readRange(start.segment, start.offset, want, this.readBuffer(want));
      let end = 0;
      let count = 0;
      while (count < maxLines) {
        const nl = buf.indexOf(NEWLINE, end);
        if (nl < 0) break;
        end = nl + 1;
        count++;
      }
      if (count === 0) {
        // A line longer than maxBytes: read more (a line is never split).
        this.recycle(buf);
        if (want >= size - start.offset) return null;
        want = Math.min(size - start.offset, want * 2);
        continue;
      }
      this.readPos = { segment: start.segment, offset: start.offset + end };
      this.unread -= count;
      if (this.unread > 0) this.unreadSince = Date.now();
      return new SpoolBatch(buf.subarray(0, end), count, start, this.readPos, start.segment < this.firstOwnSeq);
    }
  }

  /** Bytes staged for the next flush(). */
  get stagedBytes(): number {
    return this.staged.length;
  }

  /** Lines appended and not yet handed out by readBatch(). */
  get unreadLines(): number {
    return this.unread;
  }

  /**
   * Since when the unread lines have been waiting: the time of the append that ended a moment without unread
   * lines, or of the last readBatch() that left some (their exact age is not tracked, so it is underestimated
   * by at most one batch's wait); 0 after opening (a replay waits for nothing).
   */
  get unreadSinceMs(): number {
    return this.unreadSince;
  }

  /** Resolves when at least `lines` lines are unread (or the spool closes); callers share one promise. */
  waitForUnread(lines: number): Promise<void> {
    if (this.unread >= lines || this.closed) return Promise.resolve();
    if (!this.linesWaiter || this.linesWaiter.lines !== lines) {
      const previous = this.linesWaiter;
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.linesWaiter = { lines, promise, resolve };
      previous?.resolve(); // a caller that wanted another count looks again
    }
    return this.linesWaiter.promise;
  }

  /** Whether readBatch() would return something. */
  hasUnread(): boolean {
    return (
      !this.closed && (this.readPos.segment < this.writeSeq || this.readPos.offset < this.segments.get(this.writeSeq)!)
    );
  }

  /** Hands out again everything after the cursor (after a writer gave up on read but uncommitted batches). */
  rewind(): void {
    this.readPos = { ...this.cursor };
    this.unread = this.unwrittenLines;
  }

  /** Records that InfluxDB accepted a batch: advances the cursor atomically and deletes finished segments. */
  commit(batch: SpoolBatch): void {
    if (this.closed) return;
    const at = this.normalise(this.cursor);
    const from = this.normalise(batch.start);
    if (at.segment !== from.segment || at.offset !== from.offset)
      throw new Error(
        `spool commit out of order: cursor ${this.cursor.segment}:${this.cursor.offset}, batch ${batch.start.segment}:${batch.start.offset}`,
      );
    this.cursor = batch.end;
    this.unwrittenBytes -= batch.bytes;
    this.unwrittenLines -= batch.count;
    this.writeCursor();
    this.recycle(batch.data);
    for (const seq of this.segments.keys()) {
      if (seq >= this.cursor.segment) break;
      this.segments.delete(seq);
      unlinkSync(join(this.options.dir, segmentName(seq)));
    }
    this.updateFull();
  }

  /** Resolves when something is appended (or the spool closes); callers share one promise. */
  waitForData(): Promise<void> {
    if (this.hasUnread() || this.closed) return Promise.resolve();
    if (!this.dataWaiter) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.dataWaiter = { promise, resolve };
    }
    return this.dataWaiter.promise;
  }

  /** Resolves once the unwritten size is below the low-water mark (or the spool closes). */
  whenDrained(): Promise<void> {
    if (!this.isFull || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** True between passing maxBytes and falling below the low-water mark: stop acknowledging. */
  get full(): boolean {
    return this.isFull;
  }
  /** Bytes appended but not yet accepted by InfluxDB. */
  get pendingBytes(): number {
    return this.unwrittenBytes;
  }
  /** Lines appended but not yet accepted by InfluxDB. */
  get pendingLines(): number {
    return this.unwrittenLines;
  }
  get segmentCount(): number {
    return this.segments.size;
  }

  private updateFull(): void {
    if (!this.isFull && this.unwrittenBytes > this.options.maxBytes) this.isFull = true;
    else if (this.isFull && this.unwrittenBytes < this.lowWaterBytes) {
      this.isFull = false;
      for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }

  private readCursor(): SpoolPosition | null {
    let text: string;
    try {
      text = readFileSync(join(this.options.dir, CURSOR), 'utf8');
    } catch {
      return null; // no cursor yet: replay from the oldest segment
    }
    let why = 'damaged';
    try {
      const raw = JSON.parse(text) as Partial<SpoolPosition> & { check?: unknown };
      if (Number.isSafeInteger(raw.segment) && Number.isSafeInteger(raw.offset) && raw.offset! >= 0) {
        // Without `check`: a cursor of an earlier version (written by temp file + rename), trusted as it is.
        if (raw.check === undefined || raw.check === cursorCheck(raw.segment!, raw.offset!))
          return { segment: raw.segment!, offset: raw.offset! };
        why = 'damaged (its check does not match: a torn write)';
      }
    } catch {
      // torn or damaged: handled below
    }
    this.recovered.push({
      kind: 'cursor',
      segment: 0,
      offset: 0,
      bytes: Buffer.alloc(0),
      cutBytes: 0,
      detail: `the cursor file is ${why} (${JSON.stringify(text.trimEnd().slice(0, 80))}): replaying every segment`,
    });
    return null;
  }

  /** Opens cursor.json for updates in place and writes the cursor as a fixed-width record. */
  private openCursor(): void {
    const path = join(this.options.dir, CURSOR);
    try {
      this.cursorFd = openSync(path, 'r+');
    } catch {
      this.cursorFd = openSync(path, 'w+');
    }
    this.writeCursor();
    ftruncateSync(this.cursorFd, CURSOR_RECORD_BYTES); // a cursor of an earlier version may have been longer
    fsyncSync(this.cursorFd);
  }

  /**
   * Durability of the cursor, written after every committed batch. It is one fixed-width record overwritten in
   * place by one pwrite(2) at offset 0: no temporary file, no rename, no change of the file's size or metadata.
   * It is fsynced with the segments (SPOOL_FSYNC_MS, and at stop), not on every commit, because it may be stale
   * but never ahead of InfluxDB:
   * - It only ever moves to lines InfluxDB accepted (or that were dead-lettered), so a cursor that is read back
   *   can at worst be older than the truth: the lines after it are written again, and InfluxDB keeps one point
   *   per series and time stamp, so a replay overwrites points with themselves (duplicates are harmless).
   * - A killed process loses nothing: the pwrite is in the page cache. A power loss can leave the record of the
   *   last fsync (a replay of at most one interval of batches), or a record torn mid-write: its `check` then
   *   fails and the spool replays every segment it still has (more duplicates, still no loss). A cursor naming a
   *   segment deleted after it, or pointing past a segment's surviving end, is handled by start() likewise.
   * - Segments are deleted only after the cursor passed them; a deletion that reaches the disk before the cursor
   *   leaves a cursor naming a missing segment: every remaining segment is replayed.
   * So no line InfluxDB has not accepted is ever skipped; losing one would need a cursor ahead of InfluxDB.
   */
  private writeCursor(): void {
    const { segment, offset } = this.cursor;
    const record = JSON.stringify({ segment, offset, check: cursorCheck(segment, offset) });
    const buf = Buffer.alloc(CURSOR_RECORD_BYTES, 0x20);
    buf.write(record, 0, 'latin1');
    buf[CURSOR_RECORD_BYTES - 1] = NEWLINE;
    let written = 0;
    while (written < buf.length) written += writeSync(this.cursorFd, buf, written, buf.length - written, written);
    this.cursorDirty = true;
  }

  /**
   * The cursor as a line start: a cursor only ever points just after a newline, so one that does not is
   * damaged and moves back to the start of its line. Past the end (the tail was lost with the power) it is the end.
   */
  private lineStart(saved: SpoolPosition, size: number): number {
    if (saved.offset >= size) return size;
    if (saved.offset === 0) return 0;
    let at = saved.offset;
    while (at > 0) {
      const from = Math.max(0, at - 64 * 1024);
      const nl = this.readRange(saved.segment, from, at - from).lastIndexOf(NEWLINE);
      if (nl >= 0) {
        at = from + nl + 1;
        break;
      }
      at = from;
    }
    if (at !== saved.offset)
      this.recovered.push({
        kind: 'cursor',
        segment: saved.segment,
        offset: saved.offset,
        bytes: Buffer.alloc(0),
        cutBytes: 0,
        detail: `the cursor points into the middle of a line (segment ${saved.segment}, offset ${saved.offset}): replaying from offset ${at}`,
      });
    return at;
  }

  /** Size of an existing segment after cutting a torn last line (a crash during a write after power loss). */
  private openExisting(seq: number): number {
    const fd = openSync(join(this.options.dir, segmentName(seq)), 'r+');
    try {
      const size = fstatSync(fd).size;
      let end = size;
      const chunk = Buffer.allocUnsafe(64 * 1024);
      while (end > 0) {
        const from = Math.max(0, end - chunk.length);
        const n = readSync(fd, chunk, 0, end - from, from);
        const nl = chunk.subarray(0, n).lastIndexOf(NEWLINE);
        if (nl >= 0) {
          end = from + nl + 1;
          break;
        }
        end = from;
      }
      if (end < size) {
        const keep = Math.min(size - end, RECOVERY_KEEP_BYTES);
        const bytes = Buffer.alloc(keep);
        readSync(fd, bytes, 0, keep, end);
        this.recovered.push({
          kind: 'torn_tail',
          segment: seq,
          offset: end,
          bytes,
          cutBytes: size - end,
          detail: `cut ${size - end} bytes without a final newline from the end of spool segment ${seq} (a write torn by a crash)`,
        });
        ftruncateSync(fd, end);
      }
      return end;
    } finally {
      closeSync(fd);
    }
  }

  private countLines(seq: number, from: number, to: number): number {
    let count = 0;
    for (let at = from; at < to;) {
      const buf = this.readRange(seq, at, Math.min(to - at, 4 * 1024 * 1024));
      for (let i = buf.indexOf(NEWLINE); i >= 0; i = buf.indexOf(NEWLINE, i + 1)) count++;
      at += buf.length;
    }
    return count;
  }

  /** A buffer of at least `length` bytes for readBatch: a recycled one, or a new one. */
  private readBuffer(length: number): Buffer | undefined {
    if (length > READ_BUFFER_MAX_BYTES) return undefined;
    const i = this.readBuffers.findIndex((b) => b.length >= length);
    if (i >= 0) return this.readBuffers.splice(i, 1)[0];
    return Buffer.allocUnsafeSlow(Math.max(length, READ_BUFFER_MIN_BYTES));
  }

  /** Takes back the buffer under a batch's bytes once nothing reads them any more. */
  private recycle(data: Buffer): void {
    const whole = Buffer.from(data.buffer, 0, data.buffer.byteLength);
    if (whole.length < READ_BUFFER_MIN_BYTES || whole.length > READ_BUFFER_MAX_BYTES) return;
    if (this.readBuffers.some((b) => b.buffer === whole.buffer)) return;
    if (this.readBuffers.length >= READ_BUFFERS_KEPT) this.readBuffers.shift();
    this.readBuffers.push(whole);
  }

  private readRange(seq: number, offset: number, length: number, into?: Buffer): Buffer {
    const buf = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
    const fd =
      seq === this.writeSeq && this.fd >= 0 ? this.fd : openSync(join(this.options.dir, segmentName(seq)), 'r');
    try {
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === length ? buf : buf.subarray(0, got);
    } finally {
      if (fd !== this.fd) closeSync(fd);
    }
  }

  /** The same place in the stream: the end of a finished segment is the start of the next one. */
  private normalise(pos: SpoolPosition): SpoolPosition {
    let p = pos;
    while (p.segment < this.writeSeq && p.offset >= (this.segments.get(p.segment) ?? 0))
      p = { segment: this.nextSegment(p.segment), offset: 0 };
    return p;
  }

  private nextSegment(seq: number): number {
    for (const s of this.segments.keys()) if (s > seq) return s;
    return this.writeSeq;
  }

  private openSegment(seq: number): void {
    this.fd = openSync(join(this.options.dir, segmentName(seq)), 'a+');
    this.writeSeq = seq;
    this.segments.set(seq, 0);
  }

  private roll(): void {
    this.sync();
    fsyncSync(this.fd); // complete on disk, even while a background fsync of it still runs
    if (this.background) this.retiredFds.push(this.fd);
    else closeSync(this.fd);
    this.openSegment(this.writeSeq + 1);
  }
}
