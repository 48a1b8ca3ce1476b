import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { MQTT_MAX_PACKET_BYTES } from '@ems/domain';
import { clientIdMatchesAccount, MqttAcl, parsePasswordFile, verifyMqttPassword } from './mqtt-auth.ts';

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
  /** Publishes bigger than this (payload + topic) are refused: the client is disconnected. Default MQTT_MAX_PACKET_BYTES. */
  maxPacketBytes?: number;
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
 * accepts the same password and ACL files so device security can be tried in the demo too, binds client ids to
 * accounts as Mosquitto's use_username_as_clientid does (see clientIdMatchesAccount), and refuses publishes over
 * the size Mosquitto's max_packet_size refuses, so that nothing it accepts is too big for ingest to record.
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
      if (!ok) return done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }), false);
      // Refused before aedes looks at the session of that id: nothing of the other client is touched.
      if (!clientIdMatchesAccount(username!, client.id))
        return done(
          Object.assign(new Error(`client id "${client.id}" is not the account's: connect as "${username}"`), {
            returnCode: 2,
          }),
          false,
        );
      usernames.set(client, username!);
      done(null, true);
    };
  }
  const maxPacketBytes = options.maxPacketBytes ?? MQTT_MAX_PACKET_BYTES;
  broker.authorizePublish = (client, packet, done) => {
    if (!client) return done(null);
    const payload = packet.payload ?? '';
    const size =
      Buffer.byteLength(packet.topic) + (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length);
    if (size > maxPacketBytes)
      return done(new Error(`publish of ${size} bytes exceeds the broker's limit of ${maxPacketBytes}`));
    if (!acl) return done(null);
    if (packet.topic.startsWith('$SYS/')) return done(new Error('$SYS topics are reserved'));
    if (acl.canPublish(usernames.get(client), client.id, packet.topic)) return done(null);
    done(new Error(`not allowed to publish to ${packet.topic}`));
  };
  if (acl) {
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
