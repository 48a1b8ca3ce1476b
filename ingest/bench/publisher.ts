/**
 * Benchmark publisher (a child process). Connects, prints `{"event":"ready"}`, waits for a line on stdin, then
 * publishes BENCH_COUNT QoS 1 telemetry messages round-robin over the assets in BENCH_ASSETS (JSON file), with
 * up to BENCH_WINDOW unacknowledged: as fast as the broker acknowledges them, or at BENCH_RATE msg/s (message i
 * is due at start + i / rate; sent in the 1 ms timer tick it falls due). Each payload's `ts` is its publish time
 * in ms (kept unique per asset, so no point overwrites another); the publish times go to BENCH_TIMES_FILE
 * (float64 per message, in publish order). Prints `{"event":"published",…}` when the broker acknowledged all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import mqtt from 'mqtt';
import { payload, type BenchAsset } from './workload.ts';

const env = process.env;
const count = Number(env.BENCH_COUNT);
const window = Number(env.BENCH_WINDOW ?? 2_000);
const rate = Number(env.BENCH_RATE ?? 0);
const assets = JSON.parse(readFileSync(env.BENCH_ASSETS!, 'utf8')) as BenchAsset[];
const times = new Float64Array(count);
const lastTs = new Float64Array(assets.length);

const client = await mqtt.connectAsync(env.BENCH_URL!, { clientId: `bench-pub-${process.pid}`, clean: true });
process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

let inFlight = 0;
let next = 0;
let acked = 0;
const started = Date.now();
await new Promise<void>((resolve) => {
  let waiting = false;
  const pump = (): void => {
    waiting = false;
    const due = rate > 0 ? Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000) + 1) : count;
    while (inFlight < window && next < due) {
      const i = next++;
      const a = i % assets.length;
      const ts = Math.max(Date.now(), lastTs[a]! + 1);
      lastTs[a] = ts;
      times[i] = ts;
      const { topic, type } = assets[a]!;
      inFlight++;
      client.publish(topic, payload(type, i, ts), { qos: 1 }, () => {
        inFlight--;
        acked++;
        if (acked === count) resolve();
        else if (!waiting && rate === 0 && inFlight < window / 2) {
          waiting = true;
          setImmediate(pump);
        }
      });
    }
    // Rate-limited: come back at the next timer tick (also when the window was full).
    if (rate > 0 && next < count && !waiting) {
      waiting = true;
      setTimeout(pump, 1);
    }
  };
  pump();
});
const finished = Date.now();
writeFileSync(env.BENCH_TIMES_FILE!, Buffer.from(times.buffer));
await client.endAsync();
process.stdout.write(JSON.stringify({ event: 'published', count, started, finished }) + '\n');
