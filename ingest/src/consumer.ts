import mqtt, { type IClientOptions, type IConnackPacket, type IPublishPacket, type MqttClient } from 'mqtt';
import { subscriptionFilter } from '@ems/domain';
import type { Logger } from '@ems/runtime';
import type { MessageHandler } from './message-handler.ts';
import type { Spool } from './spool.ts';

const noTrace = (): void => undefined;
/** Staged lines that end a hold at once (see holdAcks). */
const FLUSH_BYTES = 1024 * 1024;

export interface ConsumerOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  protocolVersion: 4 | 5;
  sessionExpiryS: number;
  maxPacketBytes: number;
  sharedGroup?: string;
  /** INGEST_ACK_HOLD_MS: see holdAcks. */
  ackHoldMs: number;
  /** Called when a message cannot be spooled (disk full, I/O error): the process should stop. */
  onFatal: (error: Error) => void;
  /** Called on every connection (with the broker's CONNACK). */
  onConnect?: (connack: IConnackPacket) => void;
}

/**
 * The MQTT side: a persistent session (fixed client id, clean: false, MQTT 5 session expiry) subscribed at
 * QoS 1 to every asset's telemetry and status (optionally through `$share/<group>/…`), and, unshared, to the
 * retained state topics so that the state publisher learns the newest published ts.
 *
 * MQTT.js sends a QoS 1 PUBACK only when `handleMessage` calls back, and handles one packet at a time. The
 * message is staged in the spool, its PUBACK is held in the corked socket until the spool has written the
 * staged messages (see holdAcks), and while the spool is over its limit the next message waits, so the broker
 * keeps the rest (no acknowledgement, no unbounded memory here).
 */
export class MqttConsumer {
  private mqtt: MqttClient | undefined;
  private stopping = false;
  /** The socket whose PUBACKs are held, while any are. */
  private corked: { uncork(): void; destroy(): void } | undefined;
  /** Messages received, and their count at the last check of the hold (see holdAcks). */
  private received = 0;
  private receivedAtCheck = 0;
  private holdStartMs = 0;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly handler: MessageHandler,
    private readonly spool: Spool,
    private readonly log: Logger,
  ) {}

  get client(): MqttClient {
    if (!this.mqtt) throw new Error('consumer not started');
    return this.mqtt;
  }

  get connected(): boolean {
    return this.mqtt?.connected ?? false;
  }

  /** Creates the client (it keeps reconnecting on its own); resolves on the first connection or error. */
  async start(): Promise<MqttClient> {
    const o = this.options;
    const clientOptions: IClientOptions = {
      clientId: o.clientId,
      clean: false,
      protocolVersion: o.protocolVersion,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      resubscribe: false,
      manualConnect: true,
      // MQTT.js traces every packet through `debug`, whose enabled-check alone costs ~1.5 µs per message; its
      // trace stays available with DEBUG=mqttjs*.
      ...(/mqttjs/.test(process.env.DEBUG ?? '') ? {} : { log: noTrace }),
      ...(o.username ? { username: o.username, password: o.password } : {}),
      ...(o.protocolVersion === 5
        ? { properties: { sessionExpiryInterval: o.sessionExpiryS, maximumPacketSize: o.maxPacketBytes } }
        : {}),
    };
    const client = mqtt.connect(o.url, clientOptions);
    this.mqtt = client;
    client.handleMessage = (packet, callback) => this.onMessage(packet, callback);
    client.on('connect', (connack) => {
      this.log.info({ url: o.url, clientId: o.clientId, sessionPresent: connack.sessionPresent }, 'MQTT connected');
      o.onConnect?.(connack);
      this.subscribe(connack.sessionPresent);
    });
    client.on('close', () => {
      if (!this.stopping) this.log.warn({ url: o.url }, 'MQTT connection closed, reconnecting');
    });
    client.on('error', (error) => this.log.error({ err: error.message }, 'MQTT error'));
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      client.once('error', () => resolve());
      setTimeout(resolve, 5_000).unref();
      client.connect();
    });
    return client;
  }

  /** Stops acknowledging (unacknowledged messages stay with the broker) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    // Ending the socket would send the held PUBACKs: their lines go to the spool first.
    this.release();
    const client = this.mqtt;
    if (!client) return;
    await Promise.race([
      new Promise<void>((resolve) => client.end(false, {}, () => resolve())),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]);
    if (!client.disconnected) await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }

  private subscribe(sessionPresent: boolean): void {
    const o = this.options;
    const v5 = o.protocolVersion === 5;
    // Retained state on every connection (QoS 0 is not queued while we are away).
    this.client.subscribe(subscriptionFilter('state'), { qos: 0 });
    if (sessionPresent) return; // the broker kept our subscriptions and queued messages
    const opts = v5 ? { qos: 1 as const, rh: 1 } : { qos: 1 as const };
    this.client.subscribe(
      [subscriptionFilter('telemetry', o.sharedGroup), subscriptionFilter('status', o.sharedGroup)],
      opts,
      (error) => {
        if (error) this.log.error({ err: error.message }, 'MQTT subscribe failed');
      },
    );
  }

  private onMessage(packet: IPublishPacket, callback: (error?: Error) => void): void {
    if (this.stopping) return; // never acknowledged: the broker delivers it again
    if (this.spool.full) {
      // Back-pressure: take nothing more until the writer drained the spool; the broker keeps the rest.
      void this.spool.whenDrained().then(() => this.onMessage(packet, callback));
      return;
    }
    try {
      this.handler.handle(String(packet.topic), packet.payload as Buffer);
    } catch (error) {
      // Only spool failures get here (bad input never throws): acknowledge nothing more.
      this.stopping = true;
      this.options.onFatal(error as Error);
      return;
    }
    this.holdAcks();
    callback(); // queues the PUBACK in the corked socket: it leaves only after the spool flush (release)
  }

  /**
   * Holds the PUBACKs of messages in the corked socket while their lines are staged in the spool, then writes
   * the spool (one write(2)) and sends the PUBACKs (one write): nothing is acknowledged before it is on disk
   * (a failed spool write destroys the socket with the PUBACKs still in it).
   *
   * Under load a socket read brings only a few messages, so a flush per turn of the event loop would cost two
   * system calls per handful of messages. The hold therefore lasts while messages keep arriving, up to
   * `ackHoldMs`: it is checked every millisecond and ends as soon as a millisecond passed without a new message
   * — a broker that stopped sending because its window of unacknowledged messages is full (Mosquitto's
   * max_inflight_messages for MQTT 3.1.1, other brokers' inflight limits) waits about 1 ms, not the whole hold —
   * or when the staged lines pass FLUSH_BYTES.
   */
  private holdAcks(): void {
    this.received++;
    if (this.corked && this.corked !== this.client.stream) this.release(); // held on a connection since lost
    if (this.corked) {
      if (this.spool.stagedBytes < FLUSH_BYTES) return;
      this.release();
      if (this.stopping) return; // the spool failed: the socket is gone with every held PUBACK
    }
    const stream = this.client.stream;
    stream.cork();
    this.corked = stream;
    if (this.options.ackHoldMs === 0) {
      setImmediate(() => this.release());
      return;
    }
    this.holdStartMs = Date.now();
    this.receivedAtCheck = this.received;
    this.holdTimer = setTimeout(this.checkHold, 1);
  }

  private readonly checkHold = (): void => {
    const quiet = this.received === this.receivedAtCheck;
    if (quiet || Date.now() - this.holdStartMs >= this.options.ackHoldMs) return this.release();
    this.receivedAtCheck = this.received;
    this.holdTimer = setTimeout(this.checkHold, 1);
  };

  /** Writes the staged lines, then lets the held PUBACKs go. */
  private release(): void {
    const stream = this.corked;
    if (!stream) return;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.corked = undefined;
    try {
      this.spool.flush();
    } catch (error) {
      stream.destroy();
      this.stopping = true;
      this.options.onFatal(error as Error);
      return;
    }
    stream.uncork();
  }
}
