import {
  DEFAULT_TELEMETRY_LIMITS,
  deriveSample,
  parseStatus,
  parseTopic,
  visitTelemetry,
  type Asset,
  type DeriveContext,
  type MessageRejection,
  type RegistryIndex,
  type TelemetryLimits,
  type TelemetrySample,
  type TelemetryVisitor,
  type TopicKind,
} from '@ems/domain';
import { RejectionTally, type DeadLetters } from './dead-letters.ts';
import type { LineBuffer } from './line-buffer.ts';
import type { IngestMetrics } from './metrics.ts';
import { samplePrefix, statusPointLine, writeSampleLine } from './points.ts';
import type { Spool } from './spool.ts';
import type { AssetState, StatePublisher } from './state-publisher.ts';

/** A topic of a registry asset, resolved once and then found by the topic string. */
interface Route {
  kind: TopicKind;
  site: string;
  asset: string;
  ref: Asset;
  ctx: DeriveContext;
  /** `site/asset`: the key of the device's dead-letter budget. */
  device: string;
  /** Measurement and tags of its sample lines, escaped once (telemetry routes). */
  prefix: Buffer;
  /** Its retained state. */
  state: AssetState;
  /** Time stamp of the last status point (status has no ts of its own; two at one ms would overwrite). */
  lastStatusTs: number;
}

/** How much of a rejected payload is decoded for the record (the record keeps REJECTED_PAYLOAD_MAX_CHARS). */
const PAYLOAD_PREVIEW_BYTES = 4096;

/** The telemetry message being handled (set by telemetry() for the visitor). */
interface Current {
  route: Route;
  now: number;
  out: LineBuffer;
  accepted: number;
  tally: RejectionTally | undefined;
  /** Rejected samples or message, tallied after the metrics of the accepted samples (in that order). */
  rejections: MessageRejection[] | undefined;
}

/**
 * Handles one MQTT message: topic → registry asset → validate → derive → line protocol, all staged in the
 * spool (samples, status points and dead letters alike; the consumer flushes them before acknowledging), and
 * offers accepted samples to the state publisher. Never throws for bad input.
 *
 * The hot path makes no per-message copies: the domain validates the parsed payload in one pass and hands each
 * sample to the visitor, whose line is written straight into the spool's staging buffer from the route's
 * prefix and cached field keys (see writeSampleLine).
 */
export class MessageHandler {
  /** Only topics of registry assets are cached, so the map is bounded by the registry. */
  private readonly routes = new Map<string, Route>();
  private readonly limits: TelemetryLimits;
  private readonly current: Current = {
    route: undefined as unknown as Route,
    now: 0,
    out: undefined as unknown as LineBuffer,
    accepted: 0,
    tally: undefined,
    rejections: undefined,
  };
  private readonly visitor: TelemetryVisitor = {
    sample: (sample) => this.onSample(sample),
    rejection: (rejection) => this.onRejection(rejection),
  };

  constructor(
    private readonly registry: RegistryIndex,
    private readonly spool: Spool,
    private readonly state: StatePublisher,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: IngestMetrics,
    limits: Partial<TelemetryLimits> = {},
  ) {
    this.limits = { ...DEFAULT_TELEMETRY_LIMITS, ...limits };
  }

  handle(topic: string, payload: Buffer, now: number = Date.now()): void {
    const route = this.routes.get(topic) ?? this.resolve(topic, payload, now);
    if (!route) return;
    if (route.kind === 'telemetry') this.telemetry(route, payload, now);
    else if (route.kind === 'status') this.status(route, payload, now);
    else {
      this.metrics.receivedState.inc();
      this.state.observe(route.site, route.asset, route.ref.type, payload);
    }
  }

  private resolve(topic: string, payload: Buffer, now: number): Route | undefined {
    const parsed = parseTopic(topic);
    if (!parsed.ok) {
      this.metrics.received.inc({ kind: 'bad_topic' });
      this.reject({ reason: parsed.reason, detail: parsed.detail, topic }, payload, now);
      return undefined;
    }
    const { site, asset, kind } = parsed.address;
    const found = this.registry.asset(site, asset);
    if (!found) {
      if (kind === 'state') return undefined; // someone else's state: not ours to track
      this.metrics.received.inc({ kind });
      const known = this.registry.site(site) !== undefined;
      this.reject(
        known
          ? { reason: 'unknown_asset', site, asset, detail: `site "${site}" has no asset "${asset}" in the registry` }
          : { reason: 'unknown_site', site, asset, detail: `no site "${site}" in the registry` },
        payload,
        now,
      );
      return undefined;
    }
    const registry = this.registry;
    const route: Route = {
      kind,
      site,
      asset,
      ref: found.asset,
      ctx: { site: found.site, asset: found.asset, fuel: (id) => registry.fuel(id) },
      device: `${site}/${asset}`,
      prefix: samplePrefix(found.asset.type, site, asset),
      state: this.state.entry(site, asset, found.asset.type),
      lastStatusTs: 0,
    };
    this.routes.set(topic, route);
    return route;
  }

  private telemetry(route: Route, payload: Buffer, now: number): void {
    this.metrics.receivedTelemetry.inc();
    const { site, asset } = route;
    // Check the size before decoding anything (validateTelemetry counts characters, not bytes).
    if (payload.length > this.limits.max_payload_bytes) {
      this.reject(
        {
          reason: 'payload_too_large',
          site,
          asset,
          detail: `payload of ${payload.length} bytes exceeds ${this.limits.max_payload_bytes}`,
        },
        payload,
        now,
        route.device,
      );
      return;
    }
    const text = payload.toString('utf8');
    // Sample lines go straight into the staging buffer; every rejection of the message into one tally (one
    // record for all), made only when there is one.
    const out = this.spool.staging();
    const mark = out.length;
    const markLines = out.lines;
    const current = this.current;
    current.route = route;
    current.now = now;
    current.out = out;
    current.accepted = 0;
    current.tally = undefined;
    current.rejections = undefined;
    try {
      visitTelemetry(route.ref, text, now, this.limits, this.visitor);
      this.metrics.samplesAccepted.inc(current.accepted);
      // (set by the visitor: TypeScript still sees the `undefined` assigned above)
      const rejections = current.rejections as MessageRejection[] | undefined;
      for (const rejection of rejections ?? []) {
        const where = rejection.index === null ? '' : `sample ${rejection.index}: `;
        (current.tally ??= new RejectionTally()).add(rejection.reason, where + rejection.detail);
      }
    } catch (error) {
      // A bug must not turn one message into a poison pill that is redelivered forever.
      out.truncate(mark, markLines);
      (current.tally ??= new RejectionTally()).add('internal_error', String((error as Error).message));
    }
    const tally = current.tally;
    if (tally) this.spool.stage(this.deadLetters.record({ site, asset, payload: text }, tally, now, route.device));
  }

  /** An accepted sample of the current message: derived values, its line, the state. */
  private onSample(sample: TelemetrySample): void {
    const current = this.current;
    const route = current.route;
    const derived = deriveSample(route.ctx, sample.ts_ms, sample.values);
    writeSampleLine(current.out, route.prefix, sample, derived);
    this.state.offer(route.state, sample, derived, current.now);
    current.accepted++;
    for (const metric in sample.rejected) {
      const reason = sample.rejected[metric]!;
      (current.tally ??= new RejectionTally()).add(reason, `ts ${sample.ts_ms}: ${metric} ${reason}`);
    }
  }

  private onRejection(rejection: MessageRejection): void {
    (this.current.rejections ??= []).push(rejection);
  }

  private status(route: Route, payload: Buffer, now: number): void {
    this.metrics.receivedStatus.inc();
    const status = payload.length <= 1024 ? parseStatus(payload.toString('utf8')) : null;
    if (status === null) {
      this.reject(
        {
          reason: 'bad_status',
          site: route.site,
          asset: route.asset,
          detail: 'status must be "online", "offline" or {"status": "online" | "offline", "ts": …}',
        },
        payload,
        now,
        route.device,
      );
      return;
    }
    // Status topics are per asset, so the route holds the asset's last status time: keep every change.
    route.lastStatusTs = Math.max(now, route.lastStatusTs + 1);
    this.spool.stage([statusPointLine(route.site, route.asset, status, route.lastStatusTs)]);
  }

  private reject(
    record: { reason: string; detail: string; site?: string; asset?: string; topic?: string },
    payload: Buffer,
    now: number,
    device?: string,
  ): void {
    const preview = payload.toString('utf8', 0, Math.min(payload.length, PAYLOAD_PREVIEW_BYTES));
    const tally = new RejectionTally();
    tally.add(record.reason, record.detail);
    const { site, asset, topic } = record;
    this.spool.stage(this.deadLetters.record({ site, asset, topic, payload: preview }, tally, now, device));
  }
}
