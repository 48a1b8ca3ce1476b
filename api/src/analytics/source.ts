/**
 * Reads the buckets of a site's assets for any [from, to) (DESIGN §4, §6): whole local days from the daily
 * roll-ups, whole hours from the hourly roll-ups, and everything else — pieces of hours cut at the window's edges
 * or at a day boundary, and what is not rolled up yet — summarised from raw samples by the same domain function
 * the roll-up job uses. The last counter readings before the window and the first after it come with them, so
 * the domain can split the steps across the window's edges (DOMAIN §1).
 */
import {
  ALARM_MEASUREMENT,
  dayRanges,
  localDay,
  summarise,
  HOUR_MS,
  type AlarmCount,
  type AssetBuckets,
  type AssetType,
  type Bucket,
  type CounterPoint,
  type Reading,
  type Site,
} from '@ems/domain';
import { quoteIdent, type InfluxClient } from '@ems/runtime';
import { bucketFromRow, fieldsOf, SEP } from './fields.ts';
import { t, type Frontier, type Rollups } from './rollups.ts';

/** How far back (ahead) the last (first) counter reading around a window is looked for. */
const SEED_SPAN_MS = 7 * 86_400_000;
/** Raw samples are read at most this much at a time. */
const RAW_CHUNK_MS = 86_400_000;

export interface SourceStrategy {
  /** Whole local days read from the daily roll-ups. */
  rollup_days: number;
  /** Whole hours read from the hourly roll-ups. */
  rollup_hours: number;
  /** Hours (or parts of hours) summarised from raw samples. */
  raw_hours: number;
}

export interface SiteBuckets {
  assets: Record<string, AssetBuckets>;
  alarms: AlarmCount[];
  strategy: SourceStrategy;
}

type PieceKind = 'day' | 'hour' | 'raw';
interface Piece {
  from_ms: number;
  to_ms: number;
  kind: PieceKind;
}

/** Cuts [from, to) into whole local days, whole hours and raw pieces, as far as the roll-ups reach. */
export function planPieces(site: Site, from_ms: number, to_ms: number, f: Frontier): Piece[] {
  const pieces: Piece[] = [];
  const hourlyUntil = f.hourly_until ?? -Infinity;
  const dailyUntil = f.daily_until.get(site.id) ?? -Infinity;
  for (const d of dayRanges(from_ms, to_ms, site.time_zone)) {
    const whole = localDay(d.from_ms, site.time_zone);
    if (whole.from_ms === d.from_ms && whole.to_ms === d.to_ms && d.to_ms <= dailyUntil) {
      pieces.push({ from_ms: d.from_ms, to_ms: d.to_ms, kind: 'day' });
      continue;
    }
    for (let h = Math.floor(d.from_ms / HOUR_MS) * HOUR_MS; h < d.to_ms; h += HOUR_MS) {
      const a = Math.max(h, d.from_ms);
      const b = Math.min(h + HOUR_MS, d.to_ms);
      pieces.push({ from_ms: a, to_ms: b, kind: a === h && b === h + HOUR_MS && b <= hourlyUntil ? 'hour' : 'raw' });
    }
  }
  return pieces;
}

/** Consecutive raw pieces in groups spanning at most RAW_CHUNK_MS (a piece is never split between reads). */
function rawChunks(pieces: readonly Piece[]): Piece[][] {
  const chunks: Piece[][] = [];
  for (const p of pieces) {
    if (p.kind !== 'raw') continue;
    const last = chunks.at(-1);
    if (last && last.at(-1)!.to_ms === p.from_ms && p.to_ms - last[0]!.from_ms <= RAW_CHUNK_MS) last.push(p);
    else chunks.push([p]);
  }
  return chunks;
}

export class PeriodSource {
  constructor(
    private readonly influx: InfluxClient,
    private readonly rollups: Rollups,
  ) {}

  /** Buckets of every asset of the site in [from_ms, to_ms), the counter readings around it, and its alarms. */
  async siteBuckets(site: Site, from_ms: number, to_ms: number, now_ms: number): Promise<SiteBuckets> {
    const frontier = this.rollups.frontier();
    const pieces = planPieces(site, from_ms, to_ms, frontier);
    const strategy: SourceStrategy = { rollup_days: 0, rollup_hours: 0, raw_hours: 0 };
    for (const p of pieces)
      if (p.kind === 'day') strategy.rollup_days++;
      else if (p.kind === 'hour') strategy.rollup_hours++;
      else strategy.raw_hours += (p.to_ms - p.from_ms) / HOUR_MS;

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
      return this.influx
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
      rows(this.rollups.dailyFrom(type), 'day', pieces),
      rows(this.rollups.hourlyFrom(type), 'hour', pieces),
      this.rawPieces(site, type, pieces),
    ]);
    for (const [id, b] of raw) out.get(id)?.buckets.push(...b);

    // counter readings around the window: in the partial hours at its edges (raw), else in the roll-ups, else raw
    if (fields.counters.length) {
      const [before, after] = await Promise.all([
        this.edgeReadings(site, type, 'before', from_ms, hourFloor, frontier),
        to_ms < now_ms ? this.edgeReadings(site, type, 'after', to_ms, hourCeil, frontier) : Promise.resolve(undefined),
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
      const byAsset = await this.rollups.readRaw(type, chunk[0]!.from_ms, chunk.at(-1)!.to_ms, site.id);
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
   * The last counter reading of each asset before `edge` ('before') or the first at or after it ('after'): in the
   * part of edge's hour outside the window (raw), else in the hourly roll-ups within SEED_SPAN_MS, else raw.
   */
  private async edgeReadings(
    site: Site,
    type: AssetType,
    side: 'before' | 'after',
    edge: number,
    hourEdge: number,
    frontier: Frontier,
  ): Promise<Map<string, Record<string, CounterPoint>>> {
    const fields = fieldsOf(type);
    const out = new Map<string, Record<string, CounterPoint>>();
    const take = (asset: string, field: string, p: CounterPoint) => {
      const m = out.get(asset) ?? {};
      out.set(asset, m);
      const known = m[field];
      if (!known || (side === 'before' ? p.ts_ms > known.ts_ms : p.ts_ms < known.ts_ms)) m[field] = p;
    };
    const missing = () =>
      site.assets.some((a) => a.type === type && fields.counters.some((c) => out.get(a.id)?.[c] === undefined));
    // 1. raw samples in the rest of the edge's hour
    if (hourEdge !== edge) {
      const [a, b] = side === 'before' ? [hourEdge, edge] : [edge, hourEdge];
      const byAsset = await this.rollups.readRaw(type, a, b, site.id);
      for (const [key, readings] of byAsset) {
        const asset = key.slice(site.id.length + 1);
        const ordered: readonly Reading[] = side === 'before' ? [...readings].reverse() : readings;
        for (const c of fields.counters) {
          const r = ordered.find((x) => x.values[c] !== undefined);
          if (r) take(asset, c, { value: r.values[c]!, ts_ms: r.ts_ms });
        }
      }
    }
    if (!missing()) return out;
    // 2. hourly roll-ups (their first/last readings and times)
    const until = frontier.hourly_until;
    const [lo, hi] = side === 'before' ? [hourEdge - SEED_SPAN_MS, hourEdge] : [hourEdge, hourEdge + SEED_SPAN_MS];
    const rolledHi = until === null ? lo : Math.min(hi, until);
    if (rolledHi > lo) {
      const fn = side === 'before' ? 'last' : 'first';
      const suffix = side === 'before' ? 'last' : 'first';
      const sel = fields.counters
        .flatMap((c) => [
          `${fn}(${quoteIdent(c + SEP + suffix)}) AS ${quoteIdent(c)}`,
          `${fn}(${quoteIdent(c + SEP + suffix + '_ms')}) AS ${quoteIdent(c + '_ms')}`,
        ])
        .join(', ');
      const rs = await this.influx.rows(
        `SELECT ${sel} FROM ${this.rollups.hourlyFrom(type)} WHERE "site" = $site AND time >= ${t(lo)} AND time < ${t(rolledHi)} GROUP BY "asset"`,
        { site: site.id },
      );
      for (const r of rs) {
        if (typeof r.asset !== 'string') continue;
        for (const c of fields.counters) {
          const v = r[c];
          const ms = r[c + '_ms'];
          if (typeof v === 'number' && typeof ms === 'number') take(r.asset, c, { value: v, ts_ms: ms });
        }
      }
    }
    if (!missing()) return out;
    // 3. raw samples not rolled up yet (recent time, or a back-fill still running)
    const rawLo = side === 'before' ? Math.max(lo, until ?? lo) : Math.max(lo, until ?? lo);
    if (hi > rawLo) {
      const fn = side === 'before' ? 'last' : 'first';
      // one selector per query, so that InfluxDB returns the reading's own time
      await Promise.all(
        fields.counters.map(async (c) => {
          const rs = await this.influx.rows(
            `SELECT ${fn}(${quoteIdent(c)}) AS v FROM ${this.rollups.rawFrom(type)} WHERE "site" = $site AND time >= ${t(rawLo)} AND time < ${t(hi)} GROUP BY "asset"`,
            { site: site.id },
          );
          for (const r of rs)
            if (typeof r.asset === 'string' && typeof r.v === 'number') take(r.asset, c, { value: r.v, ts_ms: r.time });
        }),
      );
    }
    return out;
  }

  /**
   * Alarms raised in the range, per severity: the alarm history holds one point per alarm at its trigger time
   * (its state is overwritten as it is acknowledged and cleared), so every point is one alarm raised.
   */
  private async alarms(siteId: string, from_ms: number, to_ms: number): Promise<AlarmCount[]> {
    const rows = await this.influx.rows(
      `SELECT "state" FROM ${this.rollups.rawFrom(ALARM_MEASUREMENT)} WHERE "site" = $site AND time >= ${t(from_ms)} AND time < ${t(to_ms)} GROUP BY "severity"`,
      { site: siteId },
    );
    return rows.map((r) => ({
      ts_ms: r.time,
      severity: typeof r.severity === 'string' ? r.severity : 'unknown',
      count: 1,
    }));
  }
}
