import { resolve } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceUsername, MQTT_MAX_PACKET_BYTES } from '@ems/domain';
import { loadRegistry } from '@ems/runtime';
import { startMosquitto, type MosquittoHandle } from '@ems/testkit';
import {
  aclForRegistry,
  hashMqttPassword,
  MqttAcl,
  parsePasswordFile,
  passwordFileFor,
  serviceAccounts,
  startEmbeddedBroker,
  verifyMqttPassword,
  type EmbeddedBroker,
} from '../src/index.ts';

const registry = loadRegistry(resolve(import.meta.dirname, '../../config/sites.yaml'));
const acl = aclForRegistry(registry);
const passwords = new Map([
  [deviceUsername('minato-dhc', 'hp-1'), 'hp1-secret'],
  ['ems-ingest', 'ingest-secret'],
  ['ems-api', 'api-secret'],
]);
const passwordFileText = passwordFileFor(passwords);

async function connect(url: string, username?: string, password?: string, protocolVersion: 4 | 5 = 4) {
  return mqtt.connectAsync(url, {
    username,
    password,
    protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    clientId: username ?? `t-${Math.random().toString(16).slice(2)}`, // client ids are bound to accounts
  });
}

describe('mosquitto-compatible password hashes and ACL', () => {
  it('hashes and verifies like mosquitto_passwd ($7$, PBKDF2-SHA512)', () => {
    const hash = hashMqttPassword('s3cret');
    expect(hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{88}$/);
    expect(verifyMqttPassword('s3cret', hash)).toBe(true);
    expect(verifyMqttPassword('wrong', hash)).toBe(false);
    expect(verifyMqttPassword('s3cret', 'plain')).toBe(false);
  });

  it('refuses a password file with a plain password, naming the file and line', () => {
    expect(() => parsePasswordFile('# c\nalice:secret\n', 'passwd')).toThrow(/^passwd:2: expected "username:\$7\$…"/);
  });

  it('lets a device write only under its own prefix, and services read what they need', () => {
    const policy = MqttAcl.parse(acl, 'acl');
    const dev = deviceUsername('minato-dhc', 'hp-1');
    expect(policy.canPublish(dev, 'c', 'ems/v1/minato-dhc/hp-1/telemetry')).toBe(true);
    expect(policy.canPublish(dev, 'c', 'ems/v1/minato-dhc/hp-1/status')).toBe(true);
    expect(policy.canPublish(dev, 'c', 'ems/v1/minato-dhc/hp-2/telemetry')).toBe(false);
    expect(policy.canPublish(dev, 'c', 'ems/v1/minato-dhc/hp-1/state')).toBe(false);
    expect(policy.canSubscribe(dev, 'c', 'ems/v1/#')).toBe(false);
    expect(policy.canSubscribe('ems-ingest', 'c', '$share/ingest/ems/v1/+/+/telemetry')).toBe(true);
    expect(policy.canPublish('ems-ingest', 'c', 'ems/v1/minato-dhc/hp-1/state')).toBe(true);
    expect(policy.canSubscribe('ems-ingest', 'c', 'ems/v1/+/+/state')).toBe(true); // learns what it published
    expect(policy.canPublish('ems-api', 'c', 'ems/v1/minato-dhc/hp-1/state')).toBe(false);
    // one account per process: a second ingest gets the same rights under its own name
    const two = MqttAcl.parse(aclForRegistry(registry, 2), 'acl');
    expect(serviceAccounts(2)).toEqual({ ingest: ['ems-ingest', 'ems-ingest-2'], api: ['ems-api', 'ems-api-2'] });
    expect(two.canPublish('ems-ingest-2', 'c', 'ems/v1/minato-dhc/hp-1/state')).toBe(true);
    expect(two.canSubscribe('ems-ingest-2', 'c', '$share/ingest/ems/v1/+/+/telemetry')).toBe(true);
    expect(two.canSubscribe('ems-api-2', 'c', 'ems/v1/#')).toBe(true);
    expect(policy.canSubscribe('ems-ingest-2', 'c', 'ems/v1/+/+/telemetry')).toBe(false);
    expect(policy.canSubscribe('ems-api', 'c', 'ems/v1/+/+/state')).toBe(true);
    expect(policy.canPublish('ems-api', 'c', 'ems/v1/minato-dhc/hp-1/telemetry')).toBe(false);
    // sign-outs are shared between api processes; nobody else may write them
    expect(policy.canPublish('ems-api', 'c', 'ems/v1/_api/revoked/abcdefghijklmnopqrstuvwx')).toBe(true);
    expect(policy.canPublish('ems-ingest', 'c', 'ems/v1/_api/revoked/abcdefghijklmnopqrstuvwx')).toBe(false);
    expect(policy.canPublish('minato-dhc.hp-1', 'c', 'ems/v1/_api/revoked/abcdefghijklmnopqrstuvwx')).toBe(false);
    expect(policy.canPublish(undefined, 'c', 'ems/v1/minato-dhc/hp-1/telemetry')).toBe(false);
  });
});

/** The same files, enforced by a real Mosquitto and by the embedded broker. */
describe.each([
  ['mosquitto 2.0', 'mosquitto'],
  ['embedded aedes broker', 'embedded'],
] as const)('device security on %s', (_name, kind) => {
  let url = '';
  let handle: MosquittoHandle | EmbeddedBroker | undefined;

  afterAll(async () => {
    if (handle && 'destroy' in handle) await handle.destroy();
    else await handle?.close();
  });

  it('starts with the generated password file and ACL', async () => {
    if (kind === 'mosquitto') {
      handle = await startMosquitto({ auth: { users: [], acl, passwordFileText } });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'ems-broker-'));
      writeFileSync(join(dir, 'passwd'), passwordFileText);
      writeFileSync(join(dir, 'acl'), acl);
      handle = await startEmbeddedBroker({ port: 0, passwordFile: join(dir, 'passwd'), aclFile: join(dir, 'acl') });
    }
    url = handle.url;
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect(url)).rejects.toThrow(/Not authorized|Bad username or password|bad user name/i);
    await expect(connect(url, 'ems-ingest', 'nope')).rejects.toThrow();
  });

  it("refuses a client id other than the account's on the embedded broker (Mosquitto replaces it)", async () => {
    const attempt = mqtt.connectAsync(url, {
      username: 'ems-api',
      password: 'api-secret',
      clientId: 'ems-ingest',
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    if (kind === 'embedded') await expect(attempt).rejects.toThrow(/identifier rejected/i);
    else await (await attempt).endAsync(true);
  });

  it('refuses a publish over the packet limit that ingest shares', async () => {
    const reader = await connect(url, 'ems-api', 'api-secret');
    const sizes: number[] = [];
    reader.on('message', (_topic, payload) => sizes.push(payload.length));
    await reader.subscribeAsync('ems/v1/+/+/telemetry', { qos: 1 });
    const device = await connect(url, deviceUsername('minato-dhc', 'hp-1'), 'hp1-secret');
    device.on('error', () => {});
    const closed = new Promise<string>((resolve) => device.once('close', () => resolve('closed')));
    const big = Buffer.alloc(MQTT_MAX_PACKET_BYTES, 0x20);
    const acked = device.publishAsync('ems/v1/minato-dhc/hp-1/telemetry', big, { qos: 1 }).then(() => 'acked');
    expect(await Promise.race([closed, acked])).toBe('closed');
    device.end(true);
    const fits = await connect(url, deviceUsername('minato-dhc', 'hp-1'), 'hp1-secret');
    await fits.publishAsync('ems/v1/minato-dhc/hp-1/telemetry', Buffer.alloc(MQTT_MAX_PACKET_BYTES - 200, 0x20), {
      qos: 1,
    });
    await fits.endAsync();
    const deadline = Date.now() + 5000;
    while (sizes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sizes).toEqual([MQTT_MAX_PACKET_BYTES - 200]);
    await reader.endAsync();
  });

  it('delivers what a device may publish and drops what it may not', async () => {
    const reader = await connect(url, 'ems-api', 'api-secret');
    const received: string[] = [];
    reader.on('message', (topic) => received.push(topic));
    await reader.subscribeAsync('ems/v1/#', { qos: 1 });
    // Mosquitto drops a forbidden publish silently; aedes also closes the connection (MQTT-3.3.5-2 allows both).
    const spoofer = await connect(url, deviceUsername('minato-dhc', 'hp-1'), 'hp1-secret');
    await spoofer.publishAsync('ems/v1/minato-dhc/hp-2/telemetry', '{"spoofed":true}', { qos: 0 }).catch(() => {});
    await spoofer.endAsync(true);
    const device = await connect(url, deviceUsername('minato-dhc', 'hp-1'), 'hp1-secret');
    await device.publishAsync('ems/v1/minato-dhc/hp-1/telemetry', '{"ok":true}', { qos: 1 });
    const deadline = Date.now() + 5000;
    while (!received.includes('ems/v1/minato-dhc/hp-1/telemetry') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toContain('ems/v1/minato-dhc/hp-1/telemetry');
    expect(received).not.toContain('ems/v1/minato-dhc/hp-2/telemetry');
    await device.endAsync(true);
    await reader.endAsync();
  });
});
