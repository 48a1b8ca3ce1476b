import { EventEmitter } from 'node:events';
import {
  DEFAULT_TELEMETRY_LIMITS,
  liveSampleOf,
  parseStatePayload,
  reserveSampleOf,
  parseStatus,
  SampleRing,
  siteLive,
  stuckMetrics,
  STUCK_AFTER_SAMPLES,
  type Asset,
  type AssetEntry,
  type LiveSample,
  type RegistryIndex,
  type ReserveSample,
  type SiteLive,
  type StatePayload,
} from '@ems/domain';
import { RateLimitedLog, type Logger } from '@ems/runtime';

export interface LiveModelEvents {
  /** A new state or status of an asset was taken in. */
  asset: [site: string, asset: string];
}

const HOUR_MS = 3_600_000;
/** Reserve samples kept per asset: the trend of the last hour (DOMAIN §9 "Time to threshold"), with a margin. */
const RESERVE_KEEP_MS = HOUR_MS + 300_000;
/** State stamped further ahead than a device may be (DOMAIN §10) is ignored: it would look live for ever. */
const MAX_FUTURE_MS = DEFAULT_TELEMETRY_LIMITS.max_future_ms;

/**
 * The latest retained state of every asset (from ems/v1/+/+/state and …/status), plus a small ring of recent
 * samples per asset for the 1-hour primary-energy COP and stuck-sensor checks. Computes site views on demand.
 */
export class LiveModel extends EventEmitter<LiveModelEvents> {
  private readonly entries = new Map<string, AssetEntry>();
  private readonly power = new Map<string, SampleRing<LiveSample>>();
  private readonly raw = new Map<string, SampleRing<{ ts: number; values: StatePayload['values'] }>>();
  /** Usable water, stored heat, fuel and battery energy of the reserve assets over the last hour. */
  private readonly reserve = new Map<string, SampleRing<ReserveSample>>();
  /** When (this process's clock) the latest `offline` status of each asset arrived. */
  private readonly offlineSince = new Map<string, number>();
  private readonly limited: RateLimitedLog;
  /** Messages taken in / refused (`future`: refused for a time stamp in the future, counted in refused too). */
  readonly counts = { state: 0, status: 0, refused: 0, future: 0 };

  constructor(
    readonly registry: RegistryIndex,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    super();
    this.limited = new RateLimitedLog(log, 60_000);
  }

  /** Takes in a state message; returns false (and counts it) when it is unusable. Never trusts its shape. */
  applyState(siteId: string, assetId: string, text: string): boolean {
    const ref = this.registry.asset(siteId, assetId);
    const state = parseStatePayload(text);
    if (!ref || !state || state.type !== ref.asset.type) {
      this.counts.refused++;
      this.log.debug({ site: siteId, asset: assetId, known: !!ref, valid: !!state }, 'state message ignored');
      return false;
    }
    const now = this.clock();
    if (state.ts > now + MAX_FUTURE_MS) {
      this.counts.refused++;
      this.counts.future++;
      this.limited.warn(
        'future_state',
        { site: siteId, asset: assetId, ts: state.ts, ahead_s: Math.round((state.ts - now) / 1000) },
        'state stamped more than 5 minutes in the future ignored',
      );
      return false;
    }
    const key = `${siteId}/${assetId}`;
    const entry = this.entries.get(key) ?? { state: null };
    this.addHistory(key, ref.asset, state);
    // Proof of life (DOMAIN §10): data that ingest received after the device said `offline` means it is back.
    const offlineAt = this.offlineSince.get(key);
    if (entry.status === 'offline' && offlineAt !== undefined && state.received_ms > offlineAt) {
      entry.status = 'online';
      this.offlineSince.delete(key);
      this.entries.set(key, entry);
      this.emit('asset', siteId, assetId);
    }
    if (entry.state && state.ts < entry.state.ts) return true; // an older sample (replay): history only
    entry.state = state;
    this.entries.set(key, entry);
    this.counts.state++;
    this.emit('asset', siteId, assetId);
    return true;
  }

  applyStatus(siteId: string, assetId: string, text: string): boolean {
    const status = parseStatus(text);
    if (!this.registry.asset(siteId, assetId) || !status) {
      this.counts.refused++;
      return false;
    }
    const key = `${siteId}/${assetId}`;
    const entry = this.entries.get(key) ?? { state: null };
    entry.status = status;
    // A retained status arrives when we subscribe, without saying when it was set: as of now, so that only
    // data received after it counts as proof of life.
    if (status === 'offline') this.offlineSince.set(key, this.clock());
    else this.offlineSince.delete(key);
    this.entries.set(key, entry);
    this.counts.status++;
    this.emit('asset', siteId, assetId);
    return true;
  }

  entry(siteId: string, assetId: string): AssetEntry | undefined {
    return this.entries.get(`${siteId}/${assetId}`);
  }

  site(siteId: string, now_ms: number = this.clock()): SiteLive | undefined {
    const site = this.registry.site(siteId);
    if (!site) return undefined;
    return siteLive({
      site,
      now_ms,
      entry: (a) => this.entries.get(`${siteId}/${a}`),
      fuel: (f) => this.registry.fuel(f),
      history: (a) => this.power.get(`${siteId}/${a}`)?.toArray() ?? [],
      reserveHistory: (a) => this.reserve.get(`${siteId}/${a}`)?.toArray() ?? [],
    });
  }

  /**
   * Reserve samples of an asset read back from storage (the api's start: a restart does not blank the trend).
   * Only those older than the first live sample held are taken, so that no minute counts twice.
   */
  seedReserve(siteId: string, assetId: string, samples: readonly ReserveSample[]): number {
    if (!this.registry.asset(siteId, assetId)) return 0;
    const key = `${siteId}/${assetId}`;
    const ring = this.reserveRing(key);
    const firstLive = ring.toArray()[0]?.ts ?? Infinity;
    let n = 0;
    for (const s of samples)
      if (s.ts < firstLive) {
        ring.push(s);
        n++;
      }
    return n;
  }

  /** The reserve samples held for an asset, oldest first. */
  reserveSamples(siteId: string, assetId: string): readonly ReserveSample[] {
    return this.reserve.get(`${siteId}/${assetId}`)?.toArray() ?? [];
  }

  private reserveRing(key: string): SampleRing<ReserveSample> {
    let ring = this.reserve.get(key);
    if (!ring) this.reserve.set(key, (ring = new SampleRing<ReserveSample>(RESERVE_KEEP_MS, 4_000)));
    return ring;
  }

  stuck(siteId: string, assetId: string): string[] {
    const ring = this.raw.get(`${siteId}/${assetId}`);
    return ring ? stuckMetrics(ring.toArray()) : [];
  }

  now(): number {
    return this.clock();
  }

  private addHistory(key: string, asset: Asset, state: StatePayload): void {
    let ring = this.power.get(key);
    if (!ring) this.power.set(key, (ring = new SampleRing<LiveSample>(HOUR_MS + 60_000, 4_000)));
    ring.push(liveSampleOf(asset, state));
    let raw = this.raw.get(key);
    if (!raw) this.raw.set(key, (raw = new SampleRing(HOUR_MS, STUCK_AFTER_SAMPLES)));
    raw.push({ ts: state.ts, values: state.values });
    const sample = reserveSampleOf(asset, state);
    if (sample) this.reserveRing(key).push(sample);
  }
}
