/**
 * Full batches (WRITE_BATCH_WAIT_MS): the writer lets lines wait a little for a batch to fill, sends full
 * batches at once, never lets a line wait much longer than the setting, and drains without waiting on stop.
 * InfluxDB is a stand-in that records the request bodies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type InfluxClient } from '@ems/runtime';
import { waitFor } from '@ems/testkit';
import { DeadLetters } from '../src/dead-letters.ts';
import { IngestMetrics } from '../src/metrics.ts';
import { Spool } from '../src/spool.ts';
import { InfluxWriter, type WriterOptions } from '../src/writer.ts';
import { metricValue } from './helpers.ts';

const T0 = Date.now();
const line = (i: number): string => `battery,asset=a,site=s soc_pct=${i % 100} ${T0 + i}`;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(options: Partial<WriterOptions>) {
  const dir = mkdtempSync(join(tmpdir(), 'ems-writer-test-'));
  const spool = new Spool({ dir, maxBytes: 1 << 30, fsync: 1_000 });
  await spool.start();
  const metrics = new IngestMetrics(
    { spoolLines: () => spool.pendingLines, spoolBytes: () => 0, spoolFull: () => false, mqttConnected: () => true },
    false,
  );
  const log = createLogger('test', 'silent');
  const bodies: { at: number; lines: string[] }[] = [];
  const influx = {
    async write(body: Uint8Array | readonly string[]) {
      const text = body instanceof Uint8Array ? Buffer.from(body).toString() : body.join('\n');
      bodies.push({ at: Date.now(), lines: text.split('\n').filter(Boolean) });
    },
  } as unknown as InfluxClient;
  const deadLetters = new DeadLetters(metrics, log, { bytesPerMinute: 65_536 });
  const writer = new InfluxWriter(spool, influx, deadLetters, metrics, log, {
    batchLines: 100,
    concurrency: 2,
    retryMaxMs: 100,
    ...options,
  });
  await writer.start();
  cleanups.push(async () => {
    await writer.stop(0);
    await spool.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { spool, writer, bodies, metrics };
}

describe('full batches', () => {
  it('waits up to WRITE_BATCH_WAIT_MS for lines to gather, then writes them in one request', async () => {
    const { spool, bodies, metrics } = await setup({ batchWaitMs: 1_000 });
    const start = Date.now();
    for (let i = 0; i < 3; i++) {
      spool.append(Array.from({ length: 10 }, (_, k) => line(10 * i + k)));
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(async () => spool.pendingLines === 0, { timeoutMs: 5_000 });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.lines).toHaveLength(30);
    expect(bodies[0]!.at - start).toBeGreaterThanOrEqual(990);
    expect(bodies[0]!.at - start).toBeLessThan(3_000);
    const text = await metrics.text();
    expect(metricValue(text, 'ingest_write_requests_total')).toBe(1);
    expect(metricValue(text, 'ingest_write_lines_sum')).toBe(30);
  });

  it('writes a full batch at once, without waiting', async () => {
    const { spool, bodies } = await setup({ batchWaitMs: 5_000 });
    const start = Date.now();
    spool.append(Array.from({ length: 250 }, (_, i) => line(i)));
    await waitFor(async () => bodies.length >= 2, { timeoutMs: 2_000 });
    expect(bodies.slice(0, 2).map((b) => b.lines.length)).toEqual([100, 100]);
    expect(bodies[1]!.at - start).toBeLessThan(1_000);
    // the rest (50) waits for more, up to the wait
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies).toHaveLength(2);
    spool.append(Array.from({ length: 50 }, (_, i) => line(1000 + i)));
    await waitFor(async () => bodies.length === 3, { timeoutMs: 2_000 });
    expect(bodies[2]!.lines).toHaveLength(100);
    expect(spool.pendingLines).toBe(0);
  });

  it('with WRITE_BATCH_WAIT_MS 0 writes whatever is there at once', async () => {
    const { spool, bodies } = await setup({ batchWaitMs: 0 });
    spool.append([line(1)]);
    await waitFor(async () => bodies.length === 1, { timeoutMs: 1_000 });
    expect(bodies[0]!.lines).toEqual([line(1)]);
  });

  it('writes what is left on stop without waiting for a full batch', async () => {
    const { spool, writer, bodies } = await setup({ batchWaitMs: 10_000 });
    spool.append([line(1), line(2)]);
    await new Promise((r) => setTimeout(r, 50));
    expect(bodies).toHaveLength(0);
    const start = Date.now();
    await writer.stop(5_000);
    expect(Date.now() - start).toBeLessThan(1_000);
    expect(bodies.flatMap((b) => b.lines)).toEqual([line(1), line(2)]);
    expect(spool.pendingLines).toBe(0);
  });
});
