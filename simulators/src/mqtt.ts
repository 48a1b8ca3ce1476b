/**
 * MQTT side of the simulators. Each asset is a device with its own connection (client id `sim-{site}-{asset}`),
 * a retained `online` status and a retained `offline` last will; or, with `sharedConnection`, one connection for
 * all (status still per asset; the shared connection's will can name only one topic, so statuses are set to
 * `offline` on a clean stop only).
 * Credentials: `username`/`password` options, else $SIM_MQTT_USERNAME / $SIM_MQTT_PASSWORD; both may be templates
 * with `{site}` and `{asset}` (e.g. `{site}-{asset}`), which become `shared` on a shared connection.
 * With $SIM_MQTT_PASSWORDS_FILE (plain `user:password` lines, as for `npm run mqtt:credentials --passwords`), each
 * device signs in as `{site}.{asset}` with its own password — the broker's ACL lets it write only its own topics.
 */
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { buildTopic, deviceUsername } from '@ems/domain';
import type { AssetKey, SimMessage } from './simulation.ts';

export interface FleetOptions {
  url: string;
  sharedConnection?: boolean;
  username?: string;
  password?: string;
  clientIdPrefix?: string;
  connectTimeoutMs?: number;
  /** false: telemetry only, no status or last will (a backfill beside a live run must not mark devices offline). */
  publishStatus?: boolean;
  /**
   * false: close() disconnects cleanly without setting the devices `offline` (the clean disconnect also
   * discards the last will) — the whole demo pausing, not its devices going away. Default true.
   */
  offlineOnClose?: boolean;
}

export function fillTemplate(template: string | undefined, site: string, asset: string): string | undefined {
  return template?.replaceAll('{site}', site).replaceAll('{asset}', asset);
}

function readPasswords(file: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) map.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return map;
}

export function clientIdFor(prefix: string, site: string, asset: string): string {
  return `${prefix}-${site}-${asset}`;
}

export class MqttFleet {
  private readonly clients = new Map<string, MqttClient>();
  private shared: MqttClient | undefined;
  private readonly prefix: string;
  private readonly username: string | undefined;
  private readonly password: string | undefined;

  constructor(
    private readonly opts: FleetOptions,
    private readonly assets: readonly AssetKey[],
  ) {
    this.prefix = opts.clientIdPrefix ?? 'sim';
    this.username = opts.username ?? process.env.SIM_MQTT_USERNAME;
    this.password = opts.password ?? process.env.SIM_MQTT_PASSWORD;
  }

  private devicePasswords: Map<string, string> | undefined;

  private options(clientId: string, site: string, asset: string, will: boolean): IClientOptions {
    const o: IClientOptions = {
      clientId,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: this.opts.connectTimeoutMs ?? 10_000,
      protocolVersion: 4,
    };
    const own = this.devicePasswords?.get(deviceUsername(site, asset));
    const user = own !== undefined ? deviceUsername(site, asset) : fillTemplate(this.username, site, asset);
    const pass = own ?? fillTemplate(this.password, site, asset);
    if (user) o.username = user;
    if (pass) o.password = pass;
    // Brokers bind client ids to accounts: a device signed in as itself connects with its user name as its id.
    if (user) o.clientId = user;
    if (will && this.opts.publishStatus !== false)
      o.will = { topic: buildTopic(site, asset, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true };
    return o;
  }

  private async open(site: string, asset: string): Promise<MqttClient> {
    const client = await connectAsync(
      this.opts.url,
      this.options(clientIdFor(this.prefix, site, asset), site, asset, true),
    );
    if (this.opts.publishStatus !== false) {
      const announce = () => client.publishAsync(buildTopic(site, asset, 'status'), 'online', { qos: 1, retain: true });
      await announce();
      // After every reconnect too: the broker may have published the last will (`offline`) meanwhile.
      client.on('connect', () => void announce().catch(() => {}));
    }
    this.clients.set(`${site}/${asset}`, client);
    return client;
  }

  /** Connects every device (or the shared connection) and publishes each asset's retained `online`. */
  async start(): Promise<void> {
    const file = process.env.SIM_MQTT_PASSWORDS_FILE;
    if (file && !this.opts.username) this.devicePasswords = readPasswords(file);
    if (this.opts.sharedConnection) {
      const shared = await connectAsync(
        this.opts.url,
        this.options(`${this.prefix}-shared`, 'shared', 'shared', false),
      );
      this.shared = shared;
      if (this.opts.publishStatus === false) return;
      const announce = () =>
        Promise.all(
          this.assets.map((a) =>
            shared.publishAsync(buildTopic(a.site, a.asset.id, 'status'), 'online', { qos: 1, retain: true }),
          ),
        );
      await announce();
      shared.on('connect', () => void announce().catch(() => {}));
      return;
    }
    // a few at a time: a large registry must not open thousands of sockets in one burst
    const queue = [...this.assets];
    const workers = Array.from({ length: Math.min(16, queue.length) }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) await this.open(a.site, a.asset.id);
    });
    await Promise.all(workers);
  }

  private clientFor(site: string, asset: string): MqttClient | undefined {
    return this.shared ?? this.clients.get(`${site}/${asset}`);
  }

  /** Publishes a message; status changes of the disconnect scenario close or reopen the device's connection. */
  async publish(msg: SimMessage): Promise<void> {
    const key = `${msg.site}/${msg.asset}`;
    if (!this.shared && msg.event === 'disconnect') {
      const client = this.clients.get(key);
      this.clients.delete(key);
      if (!client) return;
      if (msg.crash) {
        // no DISCONNECT packet: the broker publishes the will (`offline`, retained)
        await client.endAsync(true);
      } else {
        await client.publishAsync(msg.topic, msg.payload, { qos: 1, retain: true });
        await client.endAsync();
      }
      return;
    }
    if (!this.shared && msg.event === 'reconnect') {
      await this.open(msg.site, msg.asset); // publishes `online`
      return;
    }
    const client = this.clientFor(msg.site, msg.asset);
    if (!client) throw new Error(`no MQTT connection for ${key}`);
    await client.publishAsync(msg.topic, msg.payload, { qos: msg.qos, retain: msg.retain });
  }

  /** Sets every asset `offline` (retained, unless offlineOnClose is false) and closes the connections. */
  async stop(): Promise<void> {
    const announce = this.opts.publishStatus !== false && this.opts.offlineOnClose !== false;
    if (this.shared) {
      const shared = this.shared;
      this.shared = undefined;
      if (!announce) return void (await shared.endAsync());
      await Promise.all(
        this.assets.map((a) =>
          shared
            .publishAsync(buildTopic(a.site, a.asset.id, 'status'), 'offline', { qos: 1, retain: true })
            .catch(() => {}),
        ),
      );
      await shared.endAsync();
      return;
    }
    const entries = [...this.clients.entries()];
    this.clients.clear();
    await Promise.all(
      entries.map(async ([key, client]) => {
        const [site, asset] = key.split('/') as [string, string];
        if (announce)
          await client
            .publishAsync(buildTopic(site, asset, 'status'), 'offline', { qos: 1, retain: true })
            .catch(() => {});
        await client.endAsync();
      }),
    );
  }
}
