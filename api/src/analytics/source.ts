/**
 * Reads the buckets of a site's assets for any [from, to) (DESIGN §4, §6): whole local days from the daily
 * roll-ups, whole hours from the hourly roll-ups, and everything else — pieces of hours cut at the window's edges
 * or at a day boundary, and what is not rolled up yet — summarised from raw samples by the same domain function
 * the roll-up job uses. The last counter readings before the window and the first after it come with them, so
 * the domain can split the steps across the window's edges (DOMAIN §1).
 */
import {
  ALARM_MEASUREMENT,
  summarise,
  HOUR_MS,
  type AlarmCount,
  type AssetBuckets,
  type AssetType,
  type Bucket,
  type CounterPoint,
  type Site,
} from '@ems/domain';
import { bucketFromRow, fieldsOf } from './fields.ts';
import { edgeReadings } from './edge-readings.ts';
import { planPieces, rawChunks, strategyOf, type Piece, type PieceKind, type SourceStrategy } from './pieces.ts';
import type { Frontier, Rollups } from './rollups.ts';
import { t, type AnalyticsStorage } from './storage.ts';

export interface SiteBuckets {
  assets: Record<string, AssetBuckets>;
  alarms: AlarmCount[];
  strategy: SourceStrategy;
}

export class PeriodSource {
  constructor(
    private readonly storage: AnalyticsStorage,
    private readonly rollups: Rollups,
  ) {}

  /** Buckets of every asset of the site in [from_ms, to_ms), the counter readings around it, and its alarms. */
  async siteBuckets(site: Site, from_ms: number, to_ms: number, now_ms: number): Promise<SiteBuckets> {
    const frontier = this.rollups.frontier();
    const pieces = planPieces(site, from_ms, to_ms, frontier);
    const strategy = strategyOf(pieces);

    const types = [...new Set(site.assets.map((a) => a.type))];
    const perType = await Promise.all([
      ...types.map((type) => this.typeBuckets(site, type, pieces, from_ms, to_ms, frontier, now_ms)),
    ]);
    const alarms = await this.alarms(site.id, from_ms, to_ms);
    const assets: Record<string, AssetBuckets> = {};
    for (const m of perType) for (const [id, b] of m) assets[id] = b;
    return { assets, alarms, strategy };
  }

  private async typeBuckets(
    site: Site,
    type: AssetType,
    pieces: readonly Piece[],
    from_ms: number,
    to_ms: number,
    frontier: Frontier,
    now_ms: number,
  ): Promise<Map<string, AssetBuckets>> {
    const fields = fieldsOf(type);
    const assets = site.assets.filter((a) => a.type === type);
    const out = new Map<
      string,
      { buckets: Bucket[]; before: Record<string, CounterPoint>; after: Record<string, CounterPoint> }
    >(assets.map((a) => [a.id, { buckets: [], before: {}, after: {} }]));
    const rows = (from: string, kinds: PieceKind, list: readonly Piece[]) => {
      const mine = list.filter((p) => p.kind === kinds);
      if (mine.length === 0) return Promise.resolve(undefined);
      const starts = new Set(mine.map((p) => p.from_ms));
      return this.storage.influx
        .rows(
          `SELECT * FROM ${from} WHERE "site" = $site AND time >= ${t(mine[0]!.from_ms)} AND time < ${t(mine.at(-1)!.to_ms)} GROUP BY "asset"`,
          { site: site.id },
        )
        .then((rs) => {
          for (const r of rs) {
            if (!starts.has(r.time) || typeof r.asset !== 'string') continue;
            const b = bucketFromRow(r, fields);
            if (b) out.get(r.asset)?.buckets.push(b);
          }
        });
    };
    const hourFloor = Math.floor(from_ms / HOUR_MS) * HOUR_MS;
    const hourCeil = Math.ceil(to_ms / HOUR_MS) * HOUR_MS;
    const [, , raw] = await Promise.all([
      rows(this.storage.dailyFrom(type), 'day', pieces),
      rows(this.storage.hourlyFrom(type), 'hour', pieces),
      this.rawPieces(site, type, pieces),
    ]);
    for (const [id, b] of raw) out.get(id)?.buckets.push(...b);

    // counter readings around the window: in the partial hours at its edges (raw), else in the roll-ups, else raw
    if (fields.counters.length) {
      const [before, after] = await Promise.all([
        edgeReadings(this.storage, site, type, 'before', from_ms, hourFloor, frontier),
        to_ms < now_ms
          ? edgeReadings(this.storage, site, type, 'after', to_ms, hourCeil, frontier)
          : Promise.resolve(undefined),
      ]);
      for (const [id, points] of before ?? []) Object.assign(out.get(id)?.before ?? {}, points);
      for (const [id, points] of after ?? []) Object.assign(out.get(id)?.after ?? {}, points);
    }
    const result = new Map<string, AssetBuckets>();
    for (const [id, v] of out) {
      v.buckets.sort((a, b) => a.start_ms - b.start_ms);
      result.set(id, { buckets: v.buckets, before: v.before, after: v.after });
    }
    return result;
  }

  /** Raw pieces summarised per asset (read about a day at a time, cut between pieces). */
  private async rawPieces(site: Site, type: AssetType, pieces: readonly Piece[]): Promise<Map<string, Bucket[]>> {
    const fields = fieldsOf(type);
    const out = new Map<string, Bucket[]>();
    for (const chunk of rawChunks(pieces)) {
      const byAsset = await this.storage.readRaw(type, chunk[0]!.from_ms, chunk.at(-1)!.to_ms, site.id);
      for (const [key, readings] of byAsset) {
        const assetId = key.slice(site.id.length + 1);
        const asset = site.assets.find((x) => x.id === assetId);
        if (!asset) continue;
        const list = out.get(assetId) ?? [];
        out.set(assetId, list);
        for (const p of chunk) {
          const bucket = summarise(readings, p.from_ms, p.to_ms, fields, asset.expected_interval_s);
          if (bucket.samples > 0) list.push(bucket);
        }
      }
    }
    return out;
  }

  /**
   * Alarms raised in the range, per severity: the alarm history holds one point per alarm at its trigger time
   * (its state is overwritten as it is acknowledged and cleared), so every point is one alarm raised.
   */
  private async alarms(siteId: string, from_ms: number, to_ms: number): Promise<AlarmCount[]> {
    const rows = await this.storage.influx.rows(
      `SELECT "state" FROM ${this.storage.rawFrom(ALARM_MEASUREMENT)} WHERE "site" = $site AND time >= ${t(from_ms)} AND time < ${t(to_ms)} GROUP BY "severity"`,
      { site: siteId },
    );
    return rows.map((r) => ({
      ts_ms: r.time,
      severity: typeof r.severity === 'string' ? r.severity : 'unknown',
      count: 1,
    }));
  }
}
