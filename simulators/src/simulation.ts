/**
 * The simulation without I/O: `step(dtMs)` advances every selected site's physics and returns the MQTT messages
 * the devices would publish (telemetry, and status changes from the disconnect scenario).
 */
import { buildTopic, DEFAULT_TELEMETRY_LIMITS, type Asset, type RegistryIndex, type Site } from '@ems/domain';
import type { MetricValues } from './devices/types.ts';
import { MALFORMED_KINDS, SensorFaults, malformedPayload, type FaultEvent, type MalformedKind } from './faults.ts';
import { Plant } from './plant.ts';
import { Rng } from './random.ts';
import { scenarioConfig, scenarioState, type ScenarioConfig, type ScenarioOverrides } from './scenarios.ts';

/** Largest batch a device sends in one message: the contract's limit (a message also stays within its byte limit). */
export const MAX_BATCH = DEFAULT_TELEMETRY_LIMITS.max_batch;
const MAX_PAYLOAD_BYTES = DEFAULT_TELEMETRY_LIMITS.max_payload_bytes;

export interface SimulationOptions {
  registry: RegistryIndex;
  /** Site ids to run; default every site of the registry. */
  sites?: readonly string[];
  /** Assets to publish: `asset` (in any selected site) or `site/asset`; default all of the selected sites. */
  assets?: readonly string[];
  /** Scenario names (`grid-outage,sensor-faults` or a list) or a full configuration. Default `normal`. */
  scenarios?: ScenarioConfig | string | readonly string[];
  scenarioOptions?: ScenarioOverrides;
  seed?: number;
  /** Simulated start, UTC ms. */
  startMs: number;
  /** Samples per telemetry message (a JSON array when > 1); default 1. */
  batchSize?: number;
}

export interface TelemetrySampleOut {
  ts: number;
  values: MetricValues;
}

export interface SimMessage {
  topic: string;
  payload: string;
  qos: 1;
  retain: boolean;
  site: string;
  asset: string;
  kind: 'telemetry' | 'status';
  /** Time stamp of the (last) sample, or of the status change. */
  ts_ms: number;
  /** Number of samples in a telemetry payload (0 for status and malformed messages). */
  samples: number;
  /** Set on a deliberately malformed payload. */
  malformed?: MalformedKind;
  /** A device's buffered samples flushed after a reconnect. */
  replay?: boolean;
  /** Status change of the disconnect scenario; `crash` means the MQTT will should fire instead of a clean offline. */
  event?: 'disconnect' | 'reconnect';
  crash?: boolean;
}

export interface AssetKey {
  site: string;
  asset: Asset;
}

export interface Simulation {
  readonly startMs: number;
  readonly nowMs: number;
  readonly config: ScenarioConfig;
  /** The assets that publish. */
  readonly assets: readonly AssetKey[];
  /** Sensor faults injected so far. */
  readonly faults: readonly FaultEvent[];
  /** Advances by dtMs and returns the messages due at the new time. */
  step(dtMs: number): SimMessage[];
  /** Messages still held in partial batches (call at the end of a run). */
  flush(): SimMessage[];
  plant(siteId: string): Plant | undefined;
}

interface Publisher {
  key: AssetKey;
  id: string;
  intervalMs: number;
  lastMs: number;
  pending: TelemetrySampleOut[];
}

interface Outage {
  pub: Publisher;
  until: number;
  buffer: TelemetrySampleOut[];
}

/** The sites and assets a run publishes (`sites`, `assets` of the options); throws on an unknown one. */
export function selectAssets(opts: Pick<SimulationOptions, 'registry' | 'sites' | 'assets'>): {
  sites: Site[];
  wanted: (site: string, asset: string) => boolean;
} {
  const allSites = opts.registry.allSites();
  for (const s of opts.sites ?? []) if (!opts.registry.site(s)) throw new RangeError(`unknown site "${s}"`);
  let sites = opts.sites?.length ? allSites.filter((s) => opts.sites!.includes(s.id)) : [...allSites];
  const wanted = (site: string, asset: string) =>
    !opts.assets?.length || opts.assets.includes(asset) || opts.assets.includes(`${site}/${asset}`);
  if (opts.assets?.length) {
    for (const a of opts.assets) {
      const found = sites.some((s) => s.assets.some((x) => x.id === a || `${s.id}/${x.id}` === a));
      if (!found) throw new RangeError(`unknown asset "${a}" in the selected sites`);
    }
    sites = sites.filter((s) => s.assets.some((a) => wanted(s.id, a.id)));
  }
  return { sites, wanted };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The simulated step at which every selected asset publishes at exactly its expected interval (the registry's
 * `expected_interval_s`): the greatest common divisor of the intervals, in whole seconds, at least 1 s. A backfill
 * at this step stores what the live devices would, so its data completeness is the truth (DOMAIN §10).
 */
export function intervalStepMs(opts: Pick<SimulationOptions, 'registry' | 'sites' | 'assets'>): number {
  const { sites, wanted } = selectAssets(opts);
  let step = 0;
  for (const site of sites)
    for (const a of site.assets)
      if (wanted(site.id, a.id)) step = gcd(step, Math.max(1, Math.round(a.expected_interval_s)));
  return Math.max(1, step || 10) * 1000;
}

export function createSimulation(opts: SimulationOptions): Simulation {
  const seed = opts.seed ?? 1;
  const root = new Rng(seed);
  const config =
    typeof opts.scenarios === 'object' && opts.scenarios !== null && 'names' in opts.scenarios
      ? opts.scenarios
      : scenarioConfig(opts.scenarios as string | readonly string[] | undefined, opts.scenarioOptions);
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(opts.batchSize ?? 1)));

  const { sites, wanted } = selectAssets(opts);

  const plants = new Map<string, Plant>();
  const publishers: Publisher[] = [];
  for (const site of sites) {
    plants.set(site.id, Plant.forSite(site, opts.registry, root.fork(`site:${site.id}`)));
    for (const asset of site.assets)
      if (wanted(site.id, asset.id))
        publishers.push({
          key: { site: site.id, asset },
          id: `${site.id}/${asset.id}`,
          intervalMs: asset.expected_interval_s * 1000,
          lastMs: Number.NEGATIVE_INFINITY,
          pending: [],
        });
  }

  const faults = new SensorFaults(config.sensorFaults, config.names.has('sensor-faults'), root.fork('faults'));
  const malformedRng = root.fork('malformed');
  const disconnectRng = root.fork('disconnect');
  const malformedOn = config.names.has('malformed');
  const disconnectOn = config.names.has('disconnect');
  let now = opts.startMs;
  let outage: Outage | undefined;
  let nextDisconnect = opts.startMs + config.disconnect.every_ms;

  const telemetry = (pub: Publisher, samples: TelemetrySampleOut[], replay = false, payload?: string): SimMessage => ({
    topic: buildTopic(pub.key.site, pub.key.asset.id, 'telemetry'),
    payload: payload ?? JSON.stringify(samples.length === 1 && !replay && batchSize === 1 ? samples[0] : samples),
    qos: 1,
    retain: false,
    site: pub.key.site,
    asset: pub.key.asset.id,
    kind: 'telemetry',
    ts_ms: samples[samples.length - 1]!.ts,
    samples: samples.length,
    ...(replay ? { replay: true } : {}),
  });
  /** Batches as big as allowed: at most MAX_BATCH samples and MAX_PAYLOAD_BYTES per message. */
  const batches = (pub: Publisher, samples: TelemetrySampleOut[], replay: boolean, out: SimMessage[]) => {
    if (samples.length === 1 && !replay) return void out.push(telemetry(pub, samples));
    let chunk: string[] = [];
    let bytes = 2;
    let from = 0;
    const emit = (to: number) => {
      out.push(telemetry(pub, samples.slice(from, to), replay, `[${chunk.join(',')}]`));
      chunk = [];
      bytes = 2;
      from = to;
    };
    samples.forEach((sample, i) => {
      const text = JSON.stringify(sample);
      const size = Buffer.byteLength(text) + 1;
      if (chunk.length > 0 && (chunk.length >= MAX_BATCH || bytes + size > MAX_PAYLOAD_BYTES)) emit(i);
      chunk.push(text);
      bytes += size;
    });
    if (chunk.length > 0) emit(samples.length);
  };
  const status = (pub: Publisher, online: boolean, extra: Partial<SimMessage>): SimMessage => ({
    topic: buildTopic(pub.key.site, pub.key.asset.id, 'status'),
    payload: online ? 'online' : 'offline',
    qos: 1,
    retain: true,
    site: pub.key.site,
    asset: pub.key.asset.id,
    kind: 'status',
    ts_ms: now,
    samples: 0,
    ...extra,
  });
  const flushPending = (pub: Publisher, out: SimMessage[]) => {
    if (pub.pending.length > 0) batches(pub, pub.pending, false, out);
    pub.pending = [];
  };

  const disconnectStep = (out: SimMessage[]) => {
    if (!disconnectOn || publishers.length === 0) return;
    if (outage && now >= outage.until) {
      const { pub, buffer } = outage;
      outage = undefined;
      out.push(status(pub, true, { event: 'reconnect' }));
      if (buffer.length > 0) batches(pub, buffer, true, out);
      nextDisconnect = now + config.disconnect.every_ms;
    }
    if (!outage && now >= nextDisconnect) {
      const chosen = config.disconnect.asset
        ? publishers.find((p) => p.id === config.disconnect.asset || p.key.asset.id === config.disconnect.asset)
        : disconnectRng.pick(publishers);
      if (!chosen) throw new RangeError(`disconnect asset "${config.disconnect.asset}" is not published`);
      flushPending(chosen, out);
      out.push(
        status(chosen, false, { event: 'disconnect', crash: disconnectRng.chance(config.disconnect.crash_share) }),
      );
      outage = { pub: chosen, until: now + config.disconnect.duration_ms, buffer: [] };
    }
  };

  return {
    startMs: opts.startMs,
    get nowMs() {
      return now;
    },
    config,
    assets: publishers.map((p) => p.key),
    faults: faults.log,
    plant: (id) => plants.get(id),
    step(dtMs: number): SimMessage[] {
      if (!(dtMs > 0)) throw new RangeError(`step must be positive, got ${dtMs}`);
      now += dtMs;
      const ts = Math.round(now);
      const sc = scenarioState(config, opts.startMs, ts);
      for (const p of plants.values()) p.step(ts, dtMs, sc);
      const out: SimMessage[] = [];
      disconnectStep(out);
      for (const pub of publishers) {
        if (ts - pub.lastMs < pub.intervalMs - dtMs / 2) continue;
        pub.lastMs = ts;
        const device = plants.get(pub.key.site)!.devices.get(pub.key.asset.id)!;
        const values = faults.apply(pub.key.site, pub.key.asset, ts, device.values());
        if (outage && outage.pub === pub) {
          outage.buffer.push({ ts, values });
          continue;
        }
        if (malformedOn && malformedRng.chance(config.malformed.rate)) {
          const kind = malformedRng.pick(MALFORMED_KINDS);
          flushPending(pub, out);
          out.push({
            topic: buildTopic(pub.key.site, pub.key.asset.id, 'telemetry'),
            payload: malformedPayload(kind, ts, values, malformedRng),
            qos: 1,
            retain: false,
            site: pub.key.site,
            asset: pub.key.asset.id,
            kind: 'telemetry',
            ts_ms: ts,
            samples: 0,
            malformed: kind,
          });
          continue;
        }
        if (Object.keys(values).length === 0) continue; // every metric dropped out
        pub.pending.push({ ts, values });
        if (pub.pending.length >= batchSize) flushPending(pub, out);
      }
      return out;
    },
    flush(): SimMessage[] {
      const out: SimMessage[] = [];
      for (const pub of publishers) flushPending(pub, out);
      return out;
    },
  };
}
