/**
 * Benchmark publisher (a child process): publishes BENCH_COUNT QoS 1 telemetry messages round-robin over the
 * assets in BENCH_ASSETS (JSON file) as fast as the broker acknowledges them, with up to BENCH_WINDOW in flight.
 * Each ts is the publish time in ms (kept unique per asset). Writes the publish times to BENCH_TIMES_FILE.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import type { AssetType } from '@ems/domain';
import { sampleValues } from '../test/fixtures.ts';

const env = process.env;
const count = Number(env.BENCH_COUNT);
const window = Number(env.BENCH_WINDOW ?? 2_000);
const assets = JSON.parse(readFileSync(env.BENCH_ASSETS!, 'utf8')) as { topic: string; type: AssetType }[];
const times = new Float64Array(count);
const lastTs = new Float64Array(assets.length);

const client = await mqtt.connectAsync(env.BENCH_URL!, { clientId: `bench-pub-${process.pid}`, clean: true });
let inFlight = 0;
let next = 0;
let acked = 0;
const started = Date.now();
await new Promise<void>((resolve) => {
  const pump = (): void => {
    while (inFlight < window && next < count) {
      const i = next++;
      const a = i % assets.length;
      const now = Date.now();
      const ts = Math.max(now, lastTs[a]! + 1);
      lastTs[a] = ts;
      times[i] = ts;
      const { topic, type } = assets[a]!;
      inFlight++;
      client.publish(topic, JSON.stringify({ ts, values: sampleValues(type, i) }), { qos: 1 }, () => {
        inFlight--;
        acked++;
        if (acked === count) resolve();
        else if (inFlight < window / 2) setImmediate(pump);
      });
    }
  };
  pump();
});
const finished = Date.now();
writeFileSync(env.BENCH_TIMES_FILE!, Buffer.from(times.buffer));
await client.endAsync();
process.stdout.write(JSON.stringify({ event: 'published', count, started, finished }) + '\n');
