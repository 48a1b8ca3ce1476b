/**
 * Live fan-out latency: MQTT state publish → a socket.io client receiving the update, with 200 clients connected.
 * `npm run bench:api` (real Mosquitto and InfluxDB from @ems/testkit on free ports). Prints p50/p99/max.
 */
import { buildTopic, deriveSample, parseRegistry, RegistryIndex } from '@ems/domain';
import { readSettings } from '@ems/runtime';
import { createDatabase, startInflux, startMosquitto } from '@ems/testkit';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../src/app.ts';
import { hashToken } from '../src/auth/password.ts';
import { parseUsers } from '../src/auth/users.ts';
import { ApiSettingsSchema } from '../src/settings.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 200);
const INTERVAL_MS = 300; // slower than the 250 ms coalescing window: every update is delivered
const TOKEN = 'bench-token-0123456789';

const REGISTRY = `version: 1
sites:
  - id: bench
    name: { ja: ベンチ, en: Bench }
    location: { lat: 35, lon: 139 }
    population_served: 1000
    assets:
      - { id: meter, type: heat_meter, name: { ja: 熱量計, en: Heat meter } }
      - { id: tank, type: storage_tank, name: { ja: 槽, en: Tank }, area_m2: 100, height_m: 10, dead_volume_m3: 50, fire_reserve_m3: 200 }
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 100 }
`;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const [broker, influx] = await Promise.all([startMosquitto(), startInflux()]);
try {
  await createDatabase(influx.url, 'ems');
  const registry = new RegistryIndex(parseRegistry(REGISTRY, 'bench'));
  const users = parseUsers(
    `tokens:\n  - { name: bench, scopes: [read], token_hash: ${hashToken(TOKEN)} }\n`,
    'bench-users',
  );
  const settings = readSettings(ApiSettingsSchema, {
    MQTT_URL: broker.url,
    INFLUX_URL: influx.url,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    WEB_DIST: '/nonexistent',
    LOG_LEVEL: 'warn',
  });
  const app = await buildApp({ settings, registry, users, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const sockets: Socket[] = [];
  const latencies: number[] = [];
  const sentAt = new Map<number, number>();
  const received = new Map<number, number>();
  for (let i = 0; i < CLIENTS; i++) {
    const s = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token: TOKEN } });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    await new Promise((resolve) => s.emit('subscribe', ['bench'], resolve));
    s.on('state', (st: { asset: string; values: { heat_kw?: number } }) => {
      if (st.asset !== 'meter' || typeof st.values.heat_kw !== 'number') return;
      const t = sentAt.get(st.values.heat_kw);
      if (t === undefined) return;
      latencies.push(performance.now() - t);
      received.set(st.values.heat_kw, (received.get(st.values.heat_kw) ?? 0) + 1);
    });
    sockets.push(s);
  }
  const pub = mqtt.connect(broker.url);
  await new Promise((r) => pub.once('connect', r));
  const ref = registry.asset('bench', 'meter')!;
  console.log(
    `bench: ${CLIENTS} socket.io clients connected; publishing ${UPDATES} state updates every ${INTERVAL_MS} ms`,
  );
  for (let i = 1; i <= UPDATES; i++) {
    const ts = Date.now();
    const values = { heat_kw: i };
    const d = deriveSample({ site: ref.site, asset: ref.asset, fuel: (f) => registry.fuel(f) }, ts, values);
    const payload = JSON.stringify({
      ts,
      received_ms: ts,
      type: 'heat_meter',
      values,
      derived: d.derived,
      rejected: {},
      faults: [],
    });
    sentAt.set(i, performance.now());
    pub.publish(buildTopic('bench', 'meter', 'state'), payload, { qos: 1, retain: true });
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  await new Promise((r) => setTimeout(r, 1_000));
  const sorted = [...latencies].sort((a, b) => a - b);
  const expected = CLIENTS * UPDATES;
  console.log(`deliveries: ${latencies.length} of ${expected} (${((100 * latencies.length) / expected).toFixed(1)} %)`);
  console.log(
    `fan-out latency MQTT publish → socket.io client (ms): p50 ${pct(sorted, 50).toFixed(1)}  p90 ${pct(sorted, 90).toFixed(1)}  p99 ${pct(sorted, 99).toFixed(1)}  max ${sorted.at(-1)!.toFixed(1)}`,
  );
  for (const s of sockets) s.close();
  await pub.endAsync();
  await app.close();
} finally {
  await Promise.all([broker.destroy(), influx.destroy()]);
}
