import type { MqttClient } from 'mqtt';
import {
  buildTopic,
  DEFAULT_TELEMETRY_LIMITS,
  type AssetType,
  type Derived,
  type StatePayload,
  type TelemetrySample,
} from '@ems/domain';
import type { IngestMetrics } from './metrics.ts';

/** One asset's state; the message handler keeps it with its route (see entry()). */
export interface AssetState {
  topic: string;
  type: AssetType;
  /** Newest state not yet published (an object reused for every sample of the asset). */
  pending: StatePayload | undefined;
  payload: StatePayload | undefined;
  /** Newest ts published by us or seen retained on the broker (another ingest, an earlier run). */
  publishedTs: number;
  lastPublishAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Publishes the normalised state of each asset retained on ems/v1/{site}/{asset}/state (QoS 1), coalesced:
 * at most one message per asset per `minIntervalMs`, always the newest sample by ts, never an older ts
 * after a newer one. Holds one entry per asset of the registry, so memory stays bounded; while the broker is
 * away nothing queues up in the client, the newest state waits and is published on reconnect.
 */
export class StatePublisher {
  private readonly assets = new Map<string, AssetState>();
  private client: MqttClient | undefined;
  private stopped = false;

  constructor(
    private readonly minIntervalMs: number,
    private readonly metrics: IngestMetrics,
  ) {}

  async start(client: MqttClient): Promise<void> {
    this.client = client;
    this.stopped = false;
    client.on('connect', () => {
      for (const state of this.assets.values()) if (state.pending && !state.timer) this.publish(state, Date.now());
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.assets.values()) clearTimeout(state.timer);
  }

  /** The state of an asset (made on first use; one per registry asset, so bounded). */
  entry(site: string, asset: string, type: AssetType): AssetState {
    const key = `${site}/${asset}`;
    let state = this.assets.get(key);
    if (!state) {
      state = {
        topic: buildTopic(site, asset, 'state'),
        type,
        pending: undefined,
        payload: undefined,
        publishedTs: -Infinity,
        lastPublishAt: -Infinity,
        timer: undefined,
      };
      this.assets.set(key, state);
    }
    return state;
  }

  /** Offers an accepted sample of a registry asset (its entry()); it is published if it is the newest. */
  offer(state: AssetState, sample: TelemetrySample, derived: Derived, received_ms: number): void {
    if (sample.ts_ms < state.publishedTs || (state.pending && sample.ts_ms < state.pending.ts)) return;
    const pending = (state.payload ??= {
      ts: 0,
      received_ms: 0,
      type: state.type,
      values: sample.values,
      derived: derived.derived,
      rejected: sample.rejected,
      faults: derived.faults,
    });
    pending.ts = sample.ts_ms;
    pending.received_ms = received_ms;
    pending.values = sample.values;
    pending.derived = derived.derived;
    pending.rejected = sample.rejected;
    pending.faults = derived.faults;
    state.pending = pending;
    if (state.timer) return;
    const wait = state.lastPublishAt + this.minIntervalMs - received_ms;
    if (wait <= 0) this.publish(state, received_ms);
    else
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.publish(state, Date.now());
      }, wait);
  }

  /**
   * A retained or live state message from the broker: remember its ts so that we never publish an older one.
   * A ts more than 5 minutes ahead is no state of ours (a forged message where no ACL guards the topic): it must
   * not stop us from publishing, and our next state replaces it.
   */
  observe(site: string, asset: string, type: AssetType, payload: Buffer, now = Date.now()): void {
    let ts: unknown;
    try {
      ts = (JSON.parse(payload.toString('utf8')) as { ts?: unknown }).ts;
    } catch {
      return;
    }
    if (typeof ts !== 'number' || ts > now + DEFAULT_TELEMETRY_LIMITS.max_future_ms) return;
    const state = this.entry(site, asset, type);
    if (ts > state.publishedTs) state.publishedTs = ts;
    if (state.pending && state.pending.ts < ts) state.pending = undefined;
  }

  private publish(state: AssetState, now: number): void {
    const client = this.client;
    if (!state.pending || this.stopped || !client?.connected) return;
    const payload = state.pending;
    state.pending = undefined;
    state.publishedTs = payload.ts;
    state.lastPublishAt = now;
    client.publish(state.topic, JSON.stringify(payload), { qos: 1, retain: true });
    this.metrics.statePublished.inc();
  }
}
