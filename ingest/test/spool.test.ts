import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, type SpoolOptions } from '../src/spool.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ems-spool-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(dir: string, options: Partial<SpoolOptions> = {}): Promise<Spool> {
  const spool = new Spool({ dir, maxBytes: 1 << 20, fsync: 50, ...options });
  await spool.start();
  return spool;
}

const segments = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.lp'));
const line = (i: number): string => `m,site=s,asset=a v=${i} ${1_700_000_000_000 + i}`;

describe('Spool', () => {
  it('appends lines and reads them back in batches, in order', async () => {
    const spool = await open(tempDir());
    spool.append([line(1), line(2)]);
    spool.append([line(3)]);
    expect(spool.pendingLines).toBe(3);
    const a = spool.readBatch(2)!;
    expect(a.lines).toEqual([line(1), line(2)]);
    const b = spool.readBatch(10)!;
    expect(b.lines).toEqual([line(3)]);
    expect(spool.readBatch(10)).toBeNull();
    expect(spool.hasUnread()).toBe(false);
    spool.commit(a);
    spool.commit(b);
    expect(spool.pendingLines).toBe(0);
    expect(spool.pendingBytes).toBe(0);
    await spool.stop();
  });

  it('stages lines in memory and writes them with flush(); stop() drops what was never flushed', async () => {
    const dir = tempDir();
    const spool = await open(dir);
    spool.stage([line(1)]);
    spool.stage([line(2), line(3)]);
    expect(spool.pendingLines).toBe(0);
    expect(spool.readBatch(10)).toBeNull();
    spool.flush();
    expect(spool.pendingLines).toBe(3);
    spool.stage([line(4)]); // never flushed, so never acknowledged: the broker delivers it again
    await spool.stop();
    const reopened = await open(dir);
    expect(reopened.readBatch(10)!.lines).toEqual([line(1), line(2), line(3)]);
    await reopened.stop();
  });

  it('keeps UTF-8 and escaped line protocol intact', async () => {
    const spool = await open(tempDir());
    const text = 'rejected,reason=x payload="熱 \\"q\\" \\\\ é" 1';
    spool.append([text]);
    expect(spool.readBatch(10)!.lines).toEqual([text]);
    await spool.stop();
  });

  it('rejects commits out of order', async () => {
    const spool = await open(tempDir());
    spool.append([line(1)]);
    spool.append([line(2)]);
    spool.readBatch(1);
    const second = spool.readBatch(1)!;
    expect(() => spool.commit(second)).toThrow(/out of order/);
    await spool.stop();
  });

  it('replays everything after the cursor when reopened', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2)]);
    first.append([line(3), line(4)]);
    first.commit(first.readBatch(2)!);
    first.readBatch(2); // handed out but never committed: must come back
    await first.stop();
    expect(JSON.parse(readFileSync(join(dir, 'cursor.json'), 'utf8'))).toMatchObject({ offset: expect.any(Number) });

    const second = await open(dir);
    expect(second.pendingLines).toBe(2);
    const replayed = second.readBatch(10)!;
    expect(replayed.lines).toEqual([line(3), line(4)]);
    expect(replayed.replayed).toBe(true); // from before this open: the writer checks it for crash damage
    second.append([line(5)]); // goes to a new segment
    const own = second.readBatch(10)!;
    expect(own.lines).toEqual([line(5)]);
    expect(own.replayed).toBe(false);
    await second.stop();
  });

  it('replays from the start without a cursor, and drops a torn last line', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2)]);
    await first.stop();
    const [segment] = segments(dir);
    appendFileSync(join(dir, segment!), 'm,site=s v=9 17000'); // a write cut short by a power loss
    writeFileSync(join(dir, 'cursor.json'), '{"segm'); // a torn cursor is ignored
    const second = await open(dir);
    expect(second.pendingLines).toBe(2);
    expect(second.readBatch(10)!.lines).toEqual([line(1), line(2)]);
    // what was cut and corrected is reported, never silent
    expect(second.recovered.map((r) => r.kind).sort()).toEqual(['cursor', 'torn_tail']);
    const torn = second.recovered.find((r) => r.kind === 'torn_tail')!;
    expect(torn.bytes.toString()).toBe('m,site=s v=9 17000');
    expect(torn.cutBytes).toBe(18);
    expect(second.recovered.find((r) => r.kind === 'cursor')!.detail).toMatch(/cursor file is damaged/);
    await second.stop();
  });

  it('never trusts a cursor that names a missing segment: replays everything, deletes nothing', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2)]);
    first.commit(first.readBatch(1)!);
    await first.stop();
    writeFileSync(join(dir, 'cursor.json'), JSON.stringify({ segment: 999_999, offset: 0 }));
    const second = await open(dir);
    expect(second.readBatch(10)!.lines).toEqual([line(1), line(2)]);
    expect(second.recovered).toMatchObject([{ kind: 'cursor', detail: expect.stringMatching(/does not exist/) }]);
    await second.stop();
  });

  it('moves a cursor that points into the middle of a line back to the start of that line', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2), line(3)]);
    await first.stop();
    const [segment] = segments(dir);
    const seq = Number(/\d+/.exec(segment!)![0]);
    writeFileSync(join(dir, 'cursor.json'), JSON.stringify({ segment: seq, offset: line(1).length + 5 }));
    const second = await open(dir);
    expect(second.readBatch(10)!.lines).toEqual([line(2), line(3)]);
    expect(second.pendingLines).toBe(2);
    expect(second.recovered).toMatchObject([{ kind: 'cursor', detail: expect.stringMatching(/middle of a line/) }]);
    await second.stop();
  });

  it('rolls segments and deletes the ones wholly written to InfluxDB', async () => {
    const dir = tempDir();
    const spool = await open(dir, { segmentBytes: 200 });
    for (let i = 0; i < 20; i++) spool.append([line(i)]);
    expect(segments(dir).length).toBeGreaterThan(3);
    const seen: string[] = [];
    for (let batch = spool.readBatch(3); batch; batch = spool.readBatch(3)) {
      seen.push(...batch.lines);
      spool.commit(batch);
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => line(i)));
    expect(segments(dir)).toHaveLength(1); // only the one open for appends
    expect(spool.pendingBytes).toBe(0);
    await spool.stop();
    const reopened = await open(dir, { segmentBytes: 200 });
    expect(reopened.pendingLines).toBe(0);
    expect(reopened.readBatch(10)).toBeNull();
    await reopened.stop();
  });

  it('skips empty segments left by restarts', async () => {
    const dir = tempDir();
    for (let i = 0; i < 3; i++) await (await open(dir)).stop();
    const spool = await open(dir);
    spool.append([line(1)]);
    const batch = spool.readBatch(10)!;
    spool.commit(batch);
    expect(segments(dir)).toHaveLength(1);
    await spool.stop();
  });

  it('signals back-pressure above maxBytes until drained below the low-water mark', async () => {
    const spool = await open(tempDir(), { maxBytes: 1_000, lowWaterBytes: 400 });
    const lineBytes = Buffer.byteLength(line(1000)) + 1;
    let n = 0;
    while (!spool.full) spool.append([line(1000 + n++)]);
    expect(spool.pendingBytes).toBeGreaterThan(1_000);
    expect(n).toBe(Math.floor(1_000 / lineBytes) + 1);
    let drained = false;
    void spool.whenDrained().then(() => (drained = true));
    // Writing some out but staying above the low-water mark keeps it full.
    spool.commit(spool.readBatch(2)!);
    await new Promise((r) => setTimeout(r, 10));
    expect(spool.full).toBe(true);
    expect(drained).toBe(false);
    for (let b = spool.readBatch(2); b && spool.full; b = spool.readBatch(2)) spool.commit(b);
    await new Promise((r) => setTimeout(r, 10));
    expect(spool.full).toBe(false);
    expect(spool.pendingBytes).toBeLessThan(400);
    expect(drained).toBe(true);
    await spool.stop();
  });

  it('hands out batches as the bytes of whole lines, each ending in a newline', async () => {
    const spool = await open(tempDir());
    spool.append([line(1), 'rejected payload="熱"', line(3)]);
    const batch = spool.readBatch(2)!;
    expect(batch.count).toBe(2);
    expect(batch.data.toString()).toBe(`${line(1)}\nrejected payload="熱"\n`);
    expect(batch.bytes).toBe(batch.data.length);
    expect(spool.readBatch(10)!.data.toString()).toBe(`${line(3)}\n`);
    await spool.stop();
  });

  it('reuses the read buffer of a committed batch, never one still in flight', async () => {
    const spool = await open(tempDir());
    spool.append(Array.from({ length: 10 }, (_, i) => line(i)));
    const first = spool.readBatch(5)!;
    const second = spool.readBatch(5)!;
    expect(second.data.buffer).not.toBe(first.data.buffer);
    spool.commit(first);
    spool.append(Array.from({ length: 5 }, (_, i) => line(10 + i)));
    const third = spool.readBatch(5)!;
    expect(third.data.buffer).toBe(first.data.buffer);
    expect(second.lines).toEqual([5, 6, 7, 8, 9].map(line));
    expect(third.lines).toEqual([10, 11, 12, 13, 14].map(line));
    await spool.stop();
  });

  it('stages lines built in place, and drops a half-built message truncated back', async () => {
    const spool = await open(tempDir());
    const out = spool.staging();
    out.line(line(1));
    const mark = out.length;
    out.utf8('half a line');
    out.truncate(mark, 1);
    spool.stage([line(2)]);
    spool.flush();
    expect(spool.pendingLines).toBe(2);
    expect(spool.readBatch(10)!.lines).toEqual([line(1), line(2)]);
    await spool.stop();
    expect(() => spool.staging()).toThrow(/closed/);
  });

  it('rewrites the cursor in place: one fixed-size record with a check, no temporary file', async () => {
    const dir = tempDir();
    const spool = await open(dir);
    const cursorFile = join(dir, 'cursor.json');
    const inode = statSync(cursorFile).ino;
    for (let i = 0; i < 5; i++) {
      spool.append([line(i)]);
      spool.commit(spool.readBatch(10)!);
      expect(statSync(cursorFile)).toMatchObject({ ino: inode, size: 96 });
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('cursor'))).toEqual(['cursor.json']);
    const record = JSON.parse(readFileSync(cursorFile, 'utf8')) as { segment: number; offset: number; check: number };
    expect(record).toMatchObject({ offset: 5 * (line(0).length + 1), check: expect.any(Number) });
    await spool.stop();
    const reopened = await open(dir);
    expect(reopened.pendingLines).toBe(0);
    expect(reopened.recovered).toEqual([]);
    await reopened.stop();
  });

  it('never trusts a cursor record whose check fails (a torn write): replays every segment', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2)]);
    first.commit(first.readBatch(1)!);
    await first.stop();
    const cursorFile = join(dir, 'cursor.json');
    const record = JSON.parse(readFileSync(cursorFile, 'utf8')) as { segment: number; offset: number; check: number };
    // a torn record that still parses, with an offset further on than the truth
    writeFileSync(cursorFile, JSON.stringify({ ...record, offset: record.offset + line(2).length + 1 }));
    const second = await open(dir);
    expect(second.readBatch(10)!.lines).toEqual([line(1), line(2)]);
    expect(second.recovered).toMatchObject([{ kind: 'cursor', detail: expect.stringMatching(/torn write/) }]);
    await second.stop();
  });

  it('takes over the cursor of an earlier version (JSON without a check)', async () => {
    const dir = tempDir();
    const first = await open(dir);
    first.append([line(1), line(2)]);
    await first.stop();
    const [segment] = segments(dir);
    const seq = Number(/\d+/.exec(segment!)![0]);
    writeFileSync(join(dir, 'cursor.json'), JSON.stringify({ segment: seq, offset: line(1).length + 1 }));
    const second = await open(dir);
    expect(second.recovered).toEqual([]);
    expect(second.readBatch(10)!.lines).toEqual([line(2)]);
    expect(statSync(join(dir, 'cursor.json')).size).toBe(96);
    await second.stop();
  });

  it('counts unread lines and wakes a reader waiting for a full batch', async () => {
    const spool = await open(tempDir());
    expect(spool.unreadLines).toBe(0);
    let woken = false;
    void spool.waitForUnread(3).then(() => (woken = true));
    const before = Date.now();
    spool.append([line(1), line(2)]);
    expect(spool.unreadSinceMs).toBeGreaterThanOrEqual(before);
    await new Promise((r) => setTimeout(r, 5));
    expect(woken).toBe(false);
    spool.append([line(3)]);
    await new Promise((r) => setTimeout(r, 5));
    expect(woken).toBe(true);
    expect(spool.unreadLines).toBe(3);
    spool.readBatch(2);
    expect(spool.unreadLines).toBe(1);
    spool.readBatch(2);
    expect(spool.unreadLines).toBe(0);
    spool.rewind();
    expect(spool.unreadLines).toBe(3);
    await spool.stop();
  });

  it('fsyncs on an interval in the background, through segment rolls, and stops cleanly', async () => {
    const dir = tempDir();
    const spool = await open(dir, { fsync: 1, segmentBytes: 300 });
    for (let i = 0; i < 60; i++) {
      spool.append([line(i)]);
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    spool.commit(spool.readBatch(5)!);
    await spool.stop();
    const reopened = await open(dir);
    const lines: string[] = [];
    for (let batch = reopened.readBatch(100); batch; batch = reopened.readBatch(100)) lines.push(...batch.lines);
    expect(lines).toEqual(Array.from({ length: 55 }, (_, i) => line(i + 5)));
    expect(reopened.recovered).toEqual([]);
    await reopened.stop();
  });

  it('wakes a waiting reader on append', async () => {
    const spool = await open(tempDir(), { fsync: 'always' });
    const waiting = spool.waitForData();
    spool.append([line(1)]);
    await waiting;
    expect(spool.readBatch(10)!.lines).toEqual([line(1)]);
    await spool.stop();
  });
});
