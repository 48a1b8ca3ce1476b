import { EventEmitter } from 'node:events';
import {
  liveSampleOf,
  parseStatePayload,
  parseStatus,
  SampleRing,
  siteLive,
  stuckMetrics,
  STUCK_AFTER_SAMPLES,
  type AssetEntry,
  type LiveSample,
  type RegistryIndex,
  type SiteLive,
  type StatePayload,
} from '@ems/domain';
import type { Logger } from '@ems/runtime';

export interface LiveModelEvents {
  /** A new state or status of an asset was taken in. */
  asset: [site: string, asset: string];
}

const HOUR_MS = 3_600_000;

/**
 * The latest retained state of every asset (from ems/v1/+/+/state and …/status), plus a small ring of recent
 * samples per asset for the 1-hour primary-energy COP and stuck-sensor checks. Computes site views on demand.
 */
export class LiveModel extends EventEmitter<LiveModelEvents> {
  private readonly entries = new Map<string, AssetEntry>();
  private readonly power = new Map<string, SampleRing<LiveSample>>();
  private readonly raw = new Map<string, SampleRing<{ ts: number; values: StatePayload['values'] }>>();
  /** Messages taken in / refused, for /metrics. */
  readonly counts = { state: 0, status: 0, refused: 0 };

  constructor(
    readonly registry: RegistryIndex,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    super();
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
    const key = `${siteId}/${assetId}`;
    const entry = this.entries.get(key) ?? { state: null };
    this.addHistory(key, state);
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
    });
  }

  stuck(siteId: string, assetId: string): string[] {
    const ring = this.raw.get(`${siteId}/${assetId}`);
    return ring ? stuckMetrics(ring.toArray()) : [];
  }

  now(): number {
    return this.clock();
  }

  private addHistory(key: string, state: StatePayload): void {
    let ring = this.power.get(key);
    if (!ring) this.power.set(key, (ring = new SampleRing<LiveSample>(HOUR_MS + 60_000, 4_000)));
    ring.push(liveSampleOf(state));
    let raw = this.raw.get(key);
    if (!raw) this.raw.set(key, (raw = new SampleRing(HOUR_MS, STUCK_AFTER_SAMPLES)));
    raw.push({ ts: state.ts, values: state.values });
  }
}
