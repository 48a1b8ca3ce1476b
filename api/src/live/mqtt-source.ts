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
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  clientIdPrefix?: string;
}

export interface MqttSource {
  connected(): boolean;
  close(): Promise<void>;
}

const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * Subscribes to the retained normalised state and device status of every asset. Each API process gets the
 * retained messages on connect and builds its live model from them (DESIGN §8: stateless API nodes).
 * Sign-outs travel the same way: each process publishes the sessions it revoked as retained messages and takes
 * in those of the others, so a signed-out cookie stops working in every process.
 */
export function startMqttSource(
  opts: MqttSourceOptions,
  model: LiveModel,
  revocations: SessionRevocations,
  log: Logger,
): MqttSource {
  const client: MqttClient = mqtt.connect(opts.url, {
    // Brokers bind client ids to accounts: with an account, its name is the id (one connection per account).
    clientId:
      opts.username ?? `${opts.clientIdPrefix ?? 'ems-api'}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    reconnectPeriod: 1_000,
    connectTimeout: 5_000,
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
  });
  let wasConnected = false;
  const limited = new RateLimitedLog(log, 60_000);
  client.on('connect', () => {
    wasConnected = true;
    log.info({ url: opts.url }, 'MQTT connected');
    client.subscribe(
      [subscriptionFilter('state'), subscriptionFilter('status'), SESSION_REVOCATION_FILTER],
      { qos: 1 },
      (err) => err && log.error({ err }, 'MQTT subscribe failed'),
    );
  });
  client.on('close', () => {
    if (wasConnected) log.warn({ url: opts.url }, 'MQTT connection lost; live values age until it is back');
    wasConnected = false;
  });
  client.on('error', (err) =>
    limited.warn('mqtt_error', { err: err.message, url: opts.url }, 'MQTT error; retrying every second'),
  );
  client.on('message', (topic, payload) => {
    try {
      take(topic, payload);
    } catch (err) {
      log.error({ err, topic }, 'MQTT message could not be handled');
    }
  });
  const take = (topic: string, payload: Buffer): void => {
    if (payload.length > MAX_PAYLOAD_BYTES) return;
    if (topic.startsWith(`${SESSION_REVOCATION_ROOT}/`)) {
      if (payload.length === 0) return; // a cleared record
      if (revocations.applyMessage(payload.toString('utf8')) !== 'in_force')
        // expired or malformed: clear it so the broker stops handing it out
        client.publish(topic, '', { qos: 1, retain: true });
      return;
    }
    const parsed = parseTopic(topic);
    if (!parsed.ok) return;
    const { site, asset, kind } = parsed.address;
    const text = payload.toString('utf8');
    if (kind === 'state') model.applyState(site, asset, text);
    else if (kind === 'status') model.applyStatus(site, asset, text);
  };
  const share = (sid: string, expires_ms: number) => {
    // mqtt.js keeps QoS 1 messages while the broker is away and sends them when it is back
    client.publish(
      sessionRevocationTopic(sid),
      JSON.stringify({ sid, expires_ms }),
      { qos: 1, retain: true },
      (err) => {
        if (err) log.warn({ err: err.message }, 'could not share a sign-out with the other API processes');
      },
    );
  };
  revocations.on('local', share);
  return {
    connected: () => client.connected,
    close: async () => {
      revocations.off('local', share);
      await client.endAsync(true);
    },
  };
}
