import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { MqttAcl, parsePasswordFile, verifyMqttPassword } from './mqttAuth.ts';

export interface EmbeddedBrokerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Mosquitto password file ($7$ hashes); when given, every client must authenticate. */
  passwordFile?: string;
  /** Mosquitto ACL file; when given, publishes and subscriptions are checked against it. */
  aclFile?: string;
  /**
   * Keeps retained messages (device status, normalised state) in this JSON file across restarts, as Mosquitto's
   * persistence does: a restarted demo still knows each device's last state and meter readings.
   */
  retainedFile?: string;
}

interface RetainedRecord {
  topic: string;
  payload: string; // base64
  qos: 0 | 1 | 2;
}

async function restoreRetained(broker: Aedes, file: string): Promise<void> {
  if (!existsSync(file)) return;
  const records = JSON.parse(readFileSync(file, 'utf8')) as RetainedRecord[];
  for (const r of records)
    await new Promise<void>((resolve, reject) =>
      broker.publish(
        {
          cmd: 'publish',
          topic: r.topic,
          payload: Buffer.from(r.payload, 'base64'),
          qos: r.qos,
          retain: true,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
}

async function saveRetained(broker: Aedes, file: string): Promise<void> {
  const records: RetainedRecord[] = [];
  const persistence = (broker as unknown as { persistence: unknown }).persistence as {
    createRetainedStream(pattern: string): AsyncIterable<RetainedRecord & { payload: Buffer }>;
  };
  for await (const p of persistence.createRetainedStream('#'))
    records.push({ topic: p.topic, payload: Buffer.from(p.payload).toString('base64'), qos: p.qos });
  writeFileSync(`${file}.tmp`, JSON.stringify(records));
  renameSync(`${file}.tmp`, file);
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The demo's MQTT broker (aedes, MQTT 3.1.1, in memory). Production and scale-out use Mosquitto; this broker
 * accepts the same password and ACL files so device security can be tried in the demo too.
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const users = options.passwordFile
    ? parsePasswordFile(readFileSync(options.passwordFile, 'utf8'), options.passwordFile)
    : null;
  const acl = options.aclFile ? MqttAcl.parse(readFileSync(options.aclFile, 'utf8'), options.aclFile) : null;
  const broker = await Aedes.createBroker();
  const usernames = new WeakMap<object, string>();

  if (users) {
    broker.authenticate = (client, username, password, done) => {
      const hash = username ? users.get(username) : undefined;
      const ok = hash !== undefined && password !== undefined && verifyMqttPassword(password.toString(), hash);
      if (ok) usernames.set(client, username!);
      if (ok) done(null, true);
      else done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }), false);
    };
  }
  if (acl) {
    broker.authorizePublish = (client, packet, done) => {
      if (packet.topic.startsWith('$SYS/')) return done(new Error('$SYS topics are reserved'));
      if (!client || acl.canPublish(usernames.get(client), client.id, packet.topic)) return done(null);
      done(new Error(`not allowed to publish to ${packet.topic}`));
    };
    broker.authorizeSubscribe = (client, sub, done) => {
      if (acl.canSubscribe(usernames.get(client), client.id, sub.topic)) return done(null, sub);
      done(null, null); // refused: the SUBACK carries 0x80
    };
  }

  if (options.retainedFile) await restoreRetained(broker, options.retainedFile);

  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 1883, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      if (options.retainedFile) await saveRetained(broker, options.retainedFile).catch(() => undefined);
      await new Promise<void>((resolve) => broker.close(() => server.close(() => resolve())));
    },
  };
}
