/**
 * The ceiling: an MQTT.js QoS 1 subscriber that does no work but count (a child process). Prints when
 * BENCH_COUNT messages arrived, with receive latencies (receive time − ts embedded by the publisher).
 */
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';

const count = Number(process.env.BENCH_COUNT);
const latencies = new Float64Array(count);
let received = 0;
let first = 0;
const client = await mqtt.connectAsync(process.env.BENCH_URL!, { clientId: `bench-bare-${process.pid}`, clean: true });
client.handleMessage = (packet, callback) => {
  const now = Date.now();
  if (received === 0) first = now;
  const payload = packet.payload as Buffer;
  // {"ts":1763860000000,… : the 13 digits after `{"ts":`
  if (received < count) latencies[received] = now - Number(payload.toString('latin1', 6, 19));
  received++;
  if (received === count) {
    const peakRss = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    process.stdout.write(
      JSON.stringify({
        event: 'received',
        count,
        first,
        last: now,
        peakRssKb: Number(peakRss),
        latencies: [...latencies],
      }) + '\n',
    );
  }
  callback();
};
await client.subscribeAsync('ems/v1/+/+/telemetry', { qos: 1 });
process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n');
