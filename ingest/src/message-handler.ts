import {
  DEFAULT_TELEMETRY_LIMITS,
  deriveSample,
  parseStatus,
  parseTopic,
  validateTelemetry,
  type Asset,
  type DeriveContext,
  type RegistryIndex,
  type TelemetryLimits,
  type TopicKind,
} from '@ems/domain';
import { RejectionTally, type DeadLetters } from './dead-letters.ts';
import type { IngestMetrics } from './metrics.ts';
import { samplePointLine, statusPointLine } from './points.ts';
import type { Spool } from './spool.ts';
import type { StatePublisher } from './state-publisher.ts';

/** A topic of a registry asset, resolved once and then found by the topic string. */
interface Route {
  kind: TopicKind;
  site: string;
  asset: string;
  ref: Asset;
  ctx: DeriveContext;
  /** `site/asset`: the key of the device's dead-letter budget. */
  device: string;
  /** Time stamp of the last status point (status has no ts of its own; two at one ms would overwrite). */
  lastStatusTs: number;
}

/** How much of a rejected payload is decoded for the record (the record keeps REJECTED_PAYLOAD_MAX_CHARS). */
const PAYLOAD_PREVIEW_BYTES = 4096;

/**
 * Handles one MQTT message: topic → registry asset → validate → derive → line protocol, all staged in the
 * spool (samples, status points and dead letters alike; the consumer flushes them before acknowledging), and
 * offers accepted samples to the state publisher. Never throws for bad input.
 */
export class MessageHandler {
  /** Only topics of registry assets are cached, so the map is bounded by the registry. */
  private readonly routes = new Map<string, Route>();
  private readonly limits: TelemetryLimits;

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
    const lines: string[] = [];
    const tally = new RejectionTally();
    try {
      this.telemetryLines(route, text, now, lines, tally);
    } catch (error) {
      // A bug must not turn one message into a poison pill that is redelivered forever.
      lines.length = 0;
      tally.add('internal_error', String((error as Error).message));
    }
    if (!tally.empty) lines.push(...this.deadLetters.record({ site, asset, payload: text }, tally, now, route.device));
    this.spool.stage(lines);
  }

  /** Lines of the accepted samples; every rejection of the message goes into `tally` (one record for all). */
  private telemetryLines(route: Route, text: string, now: number, lines: string[], tally: RejectionTally): void {
    const { site, asset } = route;
    const result = validateTelemetry(route.ref, text, now, this.limits);
    for (const sample of result.samples) {
      const derived = deriveSample(route.ctx, sample.ts_ms, sample.values);
      lines.push(samplePointLine(route.ref.type, site, asset, sample, derived));
      this.state.offer(site, asset, route.ref.type, sample, derived, now);
      for (const metric in sample.rejected) {
        const reason = sample.rejected[metric]!;
        tally.add(reason, `ts ${sample.ts_ms}: ${metric} ${reason}`);
      }
    }
    this.metrics.samples.inc(result.samples.length);
    for (const rejection of result.rejections) {
      const where = rejection.index === null ? '' : `sample ${rejection.index}: `;
      tally.add(rejection.reason, where + rejection.detail);
    }
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
