import { connect, connectAsync } from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, waitFor } from '../src/index.ts';
import type { MosquittoHandle } from '../src/index.ts';

const TELEMETRY = 'ems/v1/site-a/hp-1/telemetry';

let broker: MosquittoHandle;
const clients: MqttClient[] = [];

async function client(opts: IClientOptions = {}): Promise<MqttClient> {
  const c = await connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 5_000, ...opts });
  clients.push(c);
  return c;
}

/**
 * A client whose 'message' handler is attached before CONNACK: when a persistent session resumes, the broker
 * sends the queued messages right behind CONNACK, possibly in the same TCP read, so a handler attached after
 * `await connectAsync()` could miss the first ones.
 */
function resumeSession(opts: IClientOptions, onMessage: (topic: string, payload: Buffer) => void): Promise<MqttClient> {
  const c = connect(broker.url, { reconnectPeriod: 0, connectTimeout: 5_000, ...opts });
  clients.push(c);
  c.on('message', onMessage);
  return new Promise((resolve, reject) => {
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

beforeAll(async () => {
  broker = await startMosquitto();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});
afterAll(async () => {
  await broker?.destroy();
});

describe('startMosquitto', () => {
  it('writes a config that raises max_queued_messages and enables persistence in the temp dir', async () => {
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    const conf = await readFile(broker.configFile, 'utf8');
    expect(conf).toContain(`listener ${broker.port} 127.0.0.1`);
    expect(conf).toMatch(/^max_queued_messages 1000000$/m);
    expect(conf).toContain(`persistence_location ${broker.dataDir}/`);
  });

  it('delivers telemetry at QoS 1 from one real client to another', async () => {
    const sub = await client({ clientId: 'tk-sub' });
    const pub = await client({ clientId: 'tk-pub' });
    await sub.subscribeAsync('ems/v1/+/+/telemetry', { qos: 1 });
    const received = new Promise<{ topic: string; payload: string; qos: number }>((resolve) =>
      sub.once('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), qos: packet.qos })),
    );
    const body = { ts: 1763860000000, values: { supply_temp_c: 78.2, return_temp_c: 52.1, flow_m3h: 41.0 } };
    // mqtt.js resolves a QoS 1 publish with the sent PUBLISH packet once the broker's PUBACK has arrived
    const sent = await pub.publishAsync(TELEMETRY, JSON.stringify(body), { qos: 1 });
    expect(sent).toMatchObject({ cmd: 'publish', qos: 1, messageId: expect.any(Number) });
    const msg = await received;
    expect(msg.topic).toBe(TELEMETRY);
    expect(msg.qos).toBe(1);
    expect(JSON.parse(msg.payload)).toEqual(body);
  });

  it('keeps a retained message across a broker restart (persistence)', async () => {
    const pub = await client();
    await pub.publishAsync('ems/v1/site-a/hp-1/status', 'online', { qos: 1, retain: true });
    await pub.endAsync();
    await broker.restart();
    const sub = await client();
    const got = new Promise<{ payload: string; retain: boolean }>((resolve) =>
      sub.once('message', (_t, payload, packet) => resolve({ payload: payload.toString(), retain: packet.retain })),
    );
    await sub.subscribeAsync('ems/v1/site-a/hp-1/status', { qos: 1 });
    expect(await got).toEqual({ payload: 'online', retain: true });
  });

  // 1,500 > mosquitto's default max_queued_messages of 1,000, which would silently drop the last 500.
  const QUEUED = 1_500;
  it.each([
    { protocolVersion: 4 as const, extra: {} },
    { protocolVersion: 5 as const, extra: { properties: { sessionExpiryInterval: 3600 } } },
  ])(
    `a persistent session (MQTT v$protocolVersion) receives all ${QUEUED} messages published while it was away`,
    async ({ protocolVersion, extra }) => {
      const clientId = `tk-persistent-v${protocolVersion}`;
      const topic = `ems/v1/site-p${protocolVersion}/hp-1/telemetry`;
      const opts: IClientOptions = { clientId, clean: false, protocolVersion, ...extra };
      const first = await client(opts);
      await first.subscribeAsync(topic, { qos: 1 });
      await first.endAsync();

      const pub = await client({ protocolVersion });
      await Promise.all(
        Array.from({ length: QUEUED }, (_, i) =>
          pub.publishAsync(topic, JSON.stringify({ ts: 1763860000000 + i, values: { seq: i } }), { qos: 1 }),
        ),
      );

      const seen = new Set<number>();
      const resumed = await resumeSession(opts, (_t, payload) => {
        seen.add((JSON.parse(payload.toString()) as { values: { seq: number } }).values.seq);
      });
      expect(resumed.connected).toBe(true);
      await waitFor(() => seen.size === QUEUED, { timeoutMs: 20_000, description: `${QUEUED} queued messages` });
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: QUEUED }, (_, i) => i));
    },
  );

  it('splits an MQTT 5 shared subscription between two subscribers', async () => {
    const shared = '$share/g/ems/v1/+/+/telemetry';
    const got: Record<string, number[]> = { a: [], b: [] };
    for (const name of ['a', 'b'] as const) {
      const c = await client({ protocolVersion: 5, clientId: `tk-shared-${name}` });
      c.on('message', (_t, payload) => got[name]!.push(Number(payload.toString())));
      await c.subscribeAsync(shared, { qos: 1 });
    }
    const pub = await client({ protocolVersion: 5 });
    const N = 40;
    for (let i = 0; i < N; i++) await pub.publishAsync(`ems/v1/site-${i % 3}/hp-1/telemetry`, String(i), { qos: 1 });
    await waitFor(() => got.a!.length + got.b!.length >= N, { timeoutMs: 10_000 });
    expect(got.a!.length).toBeGreaterThan(0);
    expect(got.b!.length).toBeGreaterThan(0);
    // each message went to exactly one member of the group
    expect([...got.a!, ...got.b!].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
  });
});

describe('startMosquitto failures', () => {
  it('reports a broker that exits during start-up with its own error output', async () => {
    await expect(startMosquitto({ extraConfig: ['no_such_option 1'] })).rejects.toThrow(
      /mosquitto .*exited during start-up.*no_such_option/s,
    );
  });
});

describe('startMosquitto with auth', () => {
  let secured: MosquittoHandle;
  beforeAll(async () => {
    secured = await startMosquitto({
      auth: {
        users: [
          { username: 'device', password: 'dev pass' },
          { username: 'ingest', password: 's3cret' },
        ],
        acl: ['user device', 'topic write ems/v1/+/+/telemetry', '', 'user ingest', 'topic read ems/v1/#'].join('\n'),
      },
    });
  });
  afterAll(async () => {
    await secured?.destroy();
  });

  it('rejects anonymous and wrong passwords, and enforces the ACL', async () => {
    const url = secured.url;
    const base = { reconnectPeriod: 0, connectTimeout: 5_000 };
    await expect(connectAsync(url, base)).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(connectAsync(url, { ...base, username: 'device', password: 'wrong' })).rejects.toThrow(
      /Not authorized|Bad username/i,
    );

    const ingest = await connectAsync(url, { ...base, username: 'ingest', password: 's3cret' });
    const device = await connectAsync(url, { ...base, username: 'device', password: 'dev pass' });
    clients.push(ingest, device);
    const received: string[] = [];
    ingest.on('message', (topic) => received.push(topic));
    await ingest.subscribeAsync('ems/v1/#', { qos: 1 });
    // allowed by the ACL
    await device.publishAsync(TELEMETRY, '{}', { qos: 1 });
    // denied: MQTT 3.1.1 still PUBACKs, the broker just does not deliver it
    await device.publishAsync('ems/v1/site-a/hp-1/state', '{}', { qos: 1 });
    await device.publishAsync(TELEMETRY, '{"last":true}', { qos: 1 });
    await waitFor(() => received.length >= 2);
    expect(received).toEqual([TELEMETRY, TELEMETRY]);
  });
});
