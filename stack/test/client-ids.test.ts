/**
 * No device can hurt another (DESIGN §9): a device account that connects with ingest's client id and a clean
 * start, in the middle of another device's stream, neither takes over ingest's session nor loses a message —
 * on Mosquitto (use_username_as_clientid) and on the embedded broker (refuses the id).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopic, deviceUsername } from '@ems/domain';
import { startIngest, type IngestHandle } from '@ems/ingest';
import { loadRegistry } from '@ems/runtime';
import { influxQuery, startInflux, startMosquitto, waitFor, type InfluxHandle } from '@ems/testkit';
import { aclForRegistry, passwordFileFor, SERVICE_ACCOUNTS, startEmbeddedBroker } from '../src/index.ts';

const REGISTRY = resolve(import.meta.dirname, '../../config/sites.yaml');
const registry = loadRegistry(REGISTRY);
const DEVICE = deviceUsername('minato-dhc', 'hp-1');
const ATTACKER = deviceUsername('minato-dhc', 'pv-roof');
const passwords = new Map([
  [SERVICE_ACCOUNTS.ingest, 'ingest-secret'],
  [DEVICE, 'hp1-secret'],
  [ATTACKER, 'pv-secret'],
  [SERVICE_ACCOUNTS.api, 'api-secret'],
]);
const TOTAL = 2_000;

let influx: InfluxHandle;
beforeAll(async () => {
  influx = await startInflux();
});
afterAll(async () => {
  await influx?.destroy();
});

async function count(db: string): Promise<number> {
  const series = await influxQuery(influx.url, db, 'SELECT COUNT(power_kw) FROM heat_pump WHERE asset = $a', {
    a: 'hp-1',
  });
  return Number(series[0]?.values[0]?.[1] ?? 0);
}

describe.each([
  ['mosquitto 2.0', 'mosquitto'],
  ['the embedded broker', 'embedded'],
] as const)('client ids bound to accounts on %s', (_name, kind) => {
  let url = '';
  let close: () => Promise<void> = async () => {};
  let ingest: IngestHandle | undefined;
  const clients: MqttClient[] = [];
  const db = `takeover_${kind}`;

  beforeAll(async () => {
    const acl = aclForRegistry(registry);
    const passwordFileText = passwordFileFor(passwords);
    if (kind === 'mosquitto') {
      const broker = await startMosquitto({ auth: { users: [], acl, passwordFileText } });
      url = broker.url;
      close = () => broker.destroy();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'ems-client-ids-'));
      writeFileSync(join(dir, 'passwd'), passwordFileText);
      writeFileSync(join(dir, 'acl'), acl);
      const broker = await startEmbeddedBroker({
        port: 0,
        passwordFile: join(dir, 'passwd'),
        aclFile: join(dir, 'acl'),
      });
      url = broker.url;
      close = () => broker.close();
    }
    ingest = await startIngest({
      registryFile: REGISTRY,
      env: {
        MQTT_URL: url,
        MQTT_USERNAME: SERVICE_ACCOUNTS.ingest,
        MQTT_PASSWORD: passwords.get(SERVICE_ACCOUNTS.ingest)!,
        MQTT_PROTOCOL_VERSION: kind === 'embedded' ? '4' : '5',
        INFLUX_URL: influx.url,
        INFLUX_DB: db,
        INGEST_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'ems-client-ids-spool-')),
        INGEST_HTTP_PORT: '0',
        LOG_LEVEL: 'error',
      },
    });
  });
  afterAll(async () => {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    await ingest?.stop(2_000);
    await close();
  });

  const connect = (username: string, clientId: string, clean = true) =>
    mqtt.connectAsync(url, {
      username,
      password: passwords.get(username)!,
      clientId,
      clean,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
    });

  it(`a device connecting with ingest's client id during a ${TOTAL}-message stream: no takeover, all stored`, async () => {
    const device = await connect(DEVICE, DEVICE);
    clients.push(device);
    const topic = buildTopic('minato-dhc', 'hp-1', 'telemetry');
    const t0 = Date.now() - 3_600_000;
    let attack: Promise<MqttClient | Error> | undefined;
    for (let i = 0; i < TOTAL; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          device.publishAsync(topic, JSON.stringify({ ts: t0 + (i + j) * 1000, values: { power_kw: 100 + j } }), {
            qos: 1,
          }),
        ),
      );
      if (i === 500)
        attack = connect(ATTACKER, SERVICE_ACCOUNTS.ingest, true).then(
          (c) => (clients.push(c), c),
          (e: Error) => e,
        );
      await new Promise((r) => setTimeout(r, 50)); // a stream, not a burst: ingest would miss the rest if kicked off
    }
    const attacker = await attack!;
    if (kind === 'embedded') {
      // refused before the broker looks at the session of that id
      expect(attacker).toBeInstanceOf(Error);
      expect(String((attacker as Error).message)).toMatch(/identifier rejected/i);
    } else {
      // Mosquitto takes it under the attacker's own id (its user name): ingest's session is not touched
      expect(attacker).not.toBeInstanceOf(Error);
    }
    await waitFor(async () => (await count(db)) === TOTAL, {
      timeoutMs: 30_000,
      description: `all ${TOTAL} messages stored`,
    });
    const metrics = await ingest!.metrics();
    expect(metrics).toMatch(/^ingest_mqtt_connects_total 1$/m); // never kicked off
    expect(metrics).toMatch(/^ingest_mqtt_connected 1$/m);
  });

  it('only ingest publishes state, and ingest reads it back', async () => {
    const reader = await connect(SERVICE_ACCOUNTS.api, SERVICE_ACCOUNTS.api);
    clients.push(reader);
    const seen: string[] = [];
    reader.on('message', (topic) => seen.push(topic));
    await reader.subscribeAsync('ems/v1/+/+/state', { qos: 1 });
    const forged = JSON.stringify({
      ts: Date.now() + 100 * 365 * 86_400_000,
      received_ms: Date.now(),
      type: 'pv',
      values: { power_kw: 999 },
      derived: {},
      rejected: {},
      faults: [],
    });
    const attacker = await connect(ATTACKER, ATTACKER);
    attacker.on('error', () => {});
    // Mosquitto drops it silently; the embedded broker closes the connection (MQTT-3.3.5-2 allows both)
    await Promise.race([
      attacker.publishAsync(buildTopic('minato-dhc', 'pv-roof', 'state'), forged, { qos: 1 }).catch(() => {}),
      new Promise((r) => setTimeout(r, 1_000)),
    ]);
    await attacker.endAsync(true).catch(() => {});
    await waitFor(() => seen.includes(buildTopic('minato-dhc', 'hp-1', 'state')), {
      timeoutMs: 10_000,
      description: "ingest's retained state of hp-1",
    });
    expect(seen).not.toContain(buildTopic('minato-dhc', 'pv-roof', 'state'));
    const received = /^ingest_messages_received_total\{kind="state"\} (\d+)$/m.exec(await ingest!.metrics());
    expect(Number(received?.[1] ?? 0)).toBeGreaterThan(0);
  });
});
