import mqtt, { type MqttClient } from 'mqtt';
import {
  parseTopic,
  SESSION_REVOCATION_FILTER,
  SESSION_REVOCATION_ROOT,
  sessionRevocationTopic,
  subscriptionFilter,
} from '@ems/domain';
import { RateLimitedLog, type Logger } from '@ems/runtime';
import type { SessionRevocations } from '../auth/revocations.ts';
import type { LiveModel } from './model.ts';

export interface MqttSourceOptions {
  login: { url: string; username?: string; password?: string };
  clientIdPrefix?: string;
  model: LiveModel;
  revocations: SessionRevocations;
  log: Logger;
}

const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * Subscribes to the retained normalised state and device status of every asset. Each API process gets the
 * retained messages on connect and builds its live model from them (DESIGN §8: stateless API nodes).
 * Sign-outs travel the same way: each process publishes the sessions it revoked as retained messages and takes
 * in those of the others, so a signed-out cookie stops working in every process.
 */
export class MqttSource {
  private client: MqttClient | undefined;
  private wasConnected = false;

  constructor(private readonly o: MqttSourceOptions) {}

  connected(): boolean {
    return this.client?.connected ?? false;
  }

  async start(): Promise<void> {
    const { login, log } = this.o;
    const client = mqtt.connect(login.url, {
      // Brokers bind client ids to accounts: with an account, its name is the id (one connection per account).
      clientId:
        login.username ??
        `${this.o.clientIdPrefix ?? 'ems-api'}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
      ...(login.username ? { username: login.username } : {}),
      ...(login.password ? { password: login.password } : {}),
    });
    this.client = client;
    const limited = new RateLimitedLog(log, 60_000);
    client.on('connect', () => {
      this.wasConnected = true;
      log.info({ url: login.url }, 'MQTT connected');
      client.subscribe(
        [subscriptionFilter('state'), subscriptionFilter('status'), SESSION_REVOCATION_FILTER],
        { qos: 1 },
        (err) => err && log.error({ err }, 'MQTT subscribe failed'),
      );
    });
    client.on('close', () => {
      if (this.wasConnected) log.warn({ url: login.url }, 'MQTT connection lost; live values age until it is back');
      this.wasConnected = false;
    });
    client.on('error', (err) =>
      limited.warn('mqtt_error', { err: err.message, url: login.url }, 'MQTT error; retrying every second'),
    );
    client.on('message', (topic, payload) => {
      try {
        this.take(topic, payload);
      } catch (err) {
        log.error({ err, topic }, 'MQTT message could not be handled');
      }
    });
    this.o.revocations.on('local', this.share);
  }

  async stop(): Promise<void> {
    this.o.revocations.off('local', this.share);
    await this.client?.endAsync(true);
    this.client = undefined;
  }

  private take(topic: string, payload: Buffer): void {
    if (payload.length > MAX_PAYLOAD_BYTES) return;
    if (topic.startsWith(`${SESSION_REVOCATION_ROOT}/`)) {
      if (payload.length === 0) return; // a cleared record
      if (this.o.revocations.applyMessage(payload.toString('utf8')) !== 'in_force')
        // expired or malformed: clear it so the broker stops handing it out
        this.client?.publish(topic, '', { qos: 1, retain: true });
      return;
    }
    const parsed = parseTopic(topic);
    if (!parsed.ok) return;
    const { site, asset, kind } = parsed.address;
    const text = payload.toString('utf8');
    if (kind === 'state') this.o.model.applyState(site, asset, text);
    else if (kind === 'status') this.o.model.applyStatus(site, asset, text);
  }

  private readonly share = (sid: string, expires_ms: number): void => {
    // mqtt.js keeps QoS 1 messages while the broker is away and sends them when it is back
    this.client?.publish(
      sessionRevocationTopic(sid),
      JSON.stringify({ sid, expires_ms }),
      { qos: 1, retain: true },
      (err) => {
        if (err) this.o.log.warn({ err: err.message }, 'could not share a sign-out with the other API processes');
      },
    );
  };
}
