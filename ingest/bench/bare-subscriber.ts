/**
 * The ceiling (a child process): an MQTT.js QoS 1 subscriber (MQTT 5, like ingest) that does nothing but count
 * and note the receive time of each message. Prints `{"event":"ready"}` once subscribed; when BENCH_COUNT messages
 * arrived, writes the receive times (float64 ms, in arrival order) to BENCH_TIMES_FILE and prints
 * `{"event":"received"}` (the bench reads its CPU time and peak RSS from /proc).
 */
import { writeFileSync } from 'node:fs';
import mqtt from 'mqtt';

const count = Number(process.env.BENCH_COUNT);
const received = new Float64Array(count);
let n = 0;
const client = await mqtt.connectAsync(process.env.BENCH_URL!, {
  clientId: `bench-bare-${process.pid}`,
  clean: true,
  protocolVersion: 5,
});
client.handleMessage = (_packet, callback) => {
  if (n < count) received[n] = Date.now();
  n++;
  if (n === count) {
    writeFileSync(process.env.BENCH_TIMES_FILE!, Buffer.from(received.buffer));
    process.stdout.write(JSON.stringify({ event: 'received', count }) + '\n');
  }
  callback();
};
await client.subscribeAsync('ems/v1/+/+/telemetry', { qos: 1 });
process.stdout.write(JSON.stringify({ event: 'ready' }) + '\n');
