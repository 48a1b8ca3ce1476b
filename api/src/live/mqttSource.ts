import mqtt, { type MqttClient } from 'mqtt';
import { parseTopic, subscriptionFilter } from '@ems/domain';
import { RateLimitedLog, type Logger } from '@ems/runtime';
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

/**
 * Subscribes to the retained normalised state and device status of every asset. Each API process gets the
 * retained messages on connect and builds its live model from them (DESIGN §8: stateless API nodes).
 */
export function startMqttSource(opts: MqttSourceOptions, model: LiveModel, log: Logger): MqttSource {
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
      [subscriptionFilter('state'), subscriptionFilter('status')],
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
    const parsed = parseTopic(topic);
    if (!parsed.ok) return;
    const { site, asset, kind } = parsed.address;
    if (payload.length > 256 * 1024) return;
    const text = payload.toString('utf8');
    if (kind === 'state') model.applyState(site, asset, text);
    else if (kind === 'status') model.applyStatus(site, asset, text);
  });
  return {
    connected: () => client.connected,
    close: () => client.endAsync(true).then(() => undefined),
  };
}
