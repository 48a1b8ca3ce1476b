/**
 * Reads per-asset bucket aggregates for a site and time range from InfluxDB (DESIGN §4, §6).
 *
 * Roll-up design: hourly aggregates of every counter (first/last/min/max/count) and of the gauges the reports need
 * (mean/min/max/count) are kept in the retention policy `rollup_1h` by one continuous query per measurement
 * (RESAMPLE EVERY 15m FOR 1d, so data up to a day late is rolled up again), plus a second CQ for heat pumps that
 * sums negative heat_kw (defrost). History written before the CQs existed is backfilled by the same SELECT … INTO
 * in 7-day chunks in the background (idempotent: the same points overwrite themselves); a marker point records
 * where the roll-ups start. A report reads roll-ups where they are complete and runs the identical aggregation on
 * the raw data for the rest (before the marker while the backfill runs, and the last hour), so both paths give the
 * same columns. Without CQ support (InfluxDB 2.x/3.x compatibility API) everything is read raw.
 *
 * Counters: a bucket whose aggregates show a drop (min < first, max > last or last < first) has its raw readings
 * fetched, and the domain counts the increase after a reset from zero (100, 150, 5, 40 → 90), which InfluxQL's
 * non_negative_difference cannot (it drops the 5).
 */
import { InfluxClient } from '@ems/runtime';
import type { Logger, Row } from '@ems/runtime';
import { ALARM_MEASUREMENT, dayRanges, type AssetType, type Site } from '@ems/domain';
import type { AlarmCount, AssetBuckets, Bucket, CounterStats, GaugeStats } from '@ems/domain';
import { bucketHasDrop } from '@ems/domain';
import { countersOf, gaugesOf, NEG_HEAT, negativeHeatSelect, quote, selectList, SEP } from './fields.ts';

export const ROLLUP_RP = 'rollup_1h';
const META_MEASUREMENT = 'rollup_meta';
const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;
const SEED_LOOKBACK_MS = 7 * DAY_MS;
const BACKFILL_CHUNK_MS = 7 * DAY_MS;
/** Roll-ups are trusted up to this long before now; later buckets are read raw. */
const ROLLUP_LAG_MS = HOUR_MS;

export interface SourceStrategy {
  bucket: '1h' | '15m';
  rollup_hours: number;
  raw_hours: number;
  drop_buckets_fetched: number;
}

export interface SiteBuckets {
  assets: Record<string, AssetBuckets>;
  alarms: AlarmCount[];
  strategy: SourceStrategy;
}

/** ms literal for InfluxQL; only integers we computed ourselves, never request text. */
function t(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`not an integer ms time: ${ms}`);
  return `${ms}ms`;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class PeriodSource {
  private rollupFrom: number | null = null; // roll-ups are complete from here on (null: no roll-ups)
  private backfill: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly influx: InfluxClient,
    private readonly log: Logger,
    private readonly types: readonly AssetType[],
    private readonly now: () => number = Date.now,
  ) {}

  private get db(): string {
    return this.influx.config.database;
  }

  private rawFrom(type: string): string {
    const rp = this.influx.config.retentionPolicy;
    return rp ? `${quote(this.db)}.${quote(rp)}.${quote(type)}` : quote(type);
  }

  private rollupOf(type: string): string {
    return `${quote(this.db)}.${quote(ROLLUP_RP)}.${quote(type)}`;
  }

  /** Creates the roll-up retention policy and CQs (idempotent) and starts the backfill of older history. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.influx.query(`CREATE DATABASE ${quote(this.db)}`, undefined, null);
      await this.influx.query(
        `CREATE RETENTION POLICY ${quote(ROLLUP_RP)} ON ${quote(this.db)} DURATION INF REPLICATION 1`,
        undefined,
        null,
      );
      const existing = new Set(
        (await this.influx.query('SHOW CONTINUOUS QUERIES', undefined, null))
          .flat()
          .filter((s) => s.name === this.db)
          .flatMap((s) => (s.values ?? []).map((v) => String(v[0]))),
      );
      for (const type of this.types) {
        for (const [name, body] of this.cqBodies(type)) {
          if (existing.has(name)) continue;
          await this.influx.query(
            `CREATE CONTINUOUS QUERY ${quote(name)} ON ${quote(this.db)} RESAMPLE EVERY 15m FOR 1d BEGIN ${body} END`,
            undefined,
            null,
          );
        }
      }
      const marker = await this.readMarker();
      if (marker === null) {
        // CQs cover data from now on; older history is backfilled below.
        const coveredFrom = Math.floor((this.now() - DAY_MS) / HOUR_MS) * HOUR_MS;
        await this.writeMarker(coveredFrom, false);
        this.rollupFrom = null;
        this.backfill = this.runBackfill(coveredFrom);
      } else if (!marker.done) {
        this.backfill = this.runBackfill(marker.covered_from);
      } else {
        this.rollupFrom = marker.covered_from;
      }
    } catch (e) {
      this.rollupFrom = null;
      this.log.warn({ err: (e as Error).message }, 'roll-ups unavailable: reports read raw data');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.backfill?.catch(() => undefined);
  }

  /** Resolves when the background backfill (if any) has finished. */
  async whenBackfilled(): Promise<void> {
    await this.backfill;
  }

  private cqBodies(type: AssetType): [string, string][] {
    const into = this.rollupOf(type);
    const bodies: [string, string][] = [
      [`rollup_1h_${type}`, `SELECT ${selectList(type)} INTO ${into} FROM ${this.rawFrom(type)} GROUP BY time(1h), *`],
    ];
    if (type === 'heat_pump')
      bodies.push([
        `rollup_1h_${type}_defrost`,
        `SELECT ${negativeHeatSelect()} INTO ${into} FROM ${this.rawFrom(type)} WHERE "heat_kw" < 0 GROUP BY time(1h), *`,
      ]);
    return bodies;
  }

  private async readMarker(): Promise<{ covered_from: number; done: boolean } | null> {
    const rows = await this.influx.rows(
      `SELECT last("covered_from") AS covered_from, last("done") AS done FROM ${quote(this.db)}.${quote(ROLLUP_RP)}.${quote(META_MEASUREMENT)}`,
    );
    const r = rows[0];
    const covered = num(r?.covered_from);
    return covered === undefined ? null : { covered_from: covered, done: r?.done === 1 };
  }

  private async writeMarker(covered_from: number, done: boolean): Promise<void> {
    const meta = new InfluxClient({ ...this.influx.config, retentionPolicy: ROLLUP_RP });
    await meta.write([`${META_MEASUREMENT} covered_from=${covered_from}i,done=${done ? 1 : 0}i 0`]);
  }

  private async runBackfill(coveredFrom: number): Promise<void> {
    try {
      let earliest = Infinity;
      for (const type of this.types) {
        for (const field of [...countersOf(type), ...gaugesOf(type)]) {
          const rows = await this.influx.rows(
            `SELECT first(${quote(field)}) FROM ${this.rawFrom(type)} WHERE time < ${t(coveredFrom)}`,
          );
          for (const r of rows) if (num(r.time) !== undefined) earliest = Math.min(earliest, r.time);
        }
      }
      if (Number.isFinite(earliest)) {
        const start = Math.max(0, Math.floor(earliest / HOUR_MS) * HOUR_MS);
        await this.rollupRange(start, coveredFrom);
      }
      if (this.stopped) return;
      await this.writeMarker(0, true);
      this.rollupFrom = 0;
      this.log.info({ from: earliest, to: coveredFrom }, 'roll-up backfill finished');
    } catch (e) {
      this.log.warn({ err: (e as Error).message }, 'roll-up backfill failed; reports read raw data for older history');
    }
  }

  /** Runs the roll-up SELECT … INTO for [from, to) (hour-aligned), in chunks. Idempotent. */
  async rollupRange(from_ms: number, to_ms: number): Promise<void> {
    for (let a = from_ms; a < to_ms && !this.stopped; a += BACKFILL_CHUNK_MS) {
      const b = Math.min(to_ms, a + BACKFILL_CHUNK_MS);
      for (const type of this.types)
        for (const [, body] of this.cqBodies(type)) {
          const where = `time >= ${t(a)} AND time < ${t(b)}`;
          const stmt = body.includes(' WHERE ')
            ? body.replace(' WHERE ', ` WHERE ${where} AND `)
            : body.replace(' GROUP BY ', ` WHERE ${where} GROUP BY `);
          await this.influx.query(stmt);
        }
    }
  }

  /** Bucket aggregates of every asset of the site in [from_ms, to_ms), plus the alarms raised in it. */
  async siteBuckets(site: Site, from_ms: number, to_ms: number): Promise<SiteBuckets> {
    const days = dayRanges(from_ms, to_ms, site.time_zone);
    const aligned = [from_ms, to_ms, ...days.map((d) => d.from_ms)].every((x) => x % HOUR_MS === 0);
    const bucketMs = aligned ? HOUR_MS : QUARTER_MS;
    const strategy: SourceStrategy = {
      bucket: aligned ? '1h' : '15m',
      rollup_hours: 0,
      raw_hours: 0,
      drop_buckets_fetched: 0,
    };

    // segments: raw | roll-up | raw
    const segments: { from: number; to: number; rollup: boolean }[] = [];
    const cut = Math.floor((this.now() - ROLLUP_LAG_MS) / HOUR_MS) * HOUR_MS;
    if (aligned && this.rollupFrom !== null) {
      const rFrom = Math.min(Math.max(from_ms, this.rollupFrom), to_ms);
      const rTo = Math.max(rFrom, Math.min(to_ms, cut));
      if (rFrom > from_ms) segments.push({ from: from_ms, to: rFrom, rollup: false });
      if (rTo > rFrom) segments.push({ from: rFrom, to: rTo, rollup: true });
      if (to_ms > rTo) segments.push({ from: rTo, to: to_ms, rollup: false });
    } else segments.push({ from: from_ms, to: to_ms, rollup: false });

    const byAsset = new Map<string, Map<number, Bucket>>();
    const types = [...new Set(site.assets.map((a) => a.type))];
    const work: Promise<void>[] = [];
    for (const seg of segments) {
      const hours = (seg.to - seg.from) / HOUR_MS;
      if (seg.rollup) strategy.rollup_hours += hours;
      else strategy.raw_hours += hours;
      for (const type of types) work.push(this.readSegment(site.id, type, seg, bucketMs, byAsset));
    }
    // One await for everything started here, so that a failure of any part is this call's rejection.
    const [, seedMaps, alarms] = await Promise.all([
      Promise.all(work),
      Promise.all(types.map((type) => this.seeds(site.id, type, from_ms))),
      this.alarms(site.id, from_ms, to_ms),
    ]);

    // exact increases where a bucket holds a drop
    const fetches: Promise<void>[] = [];
    for (const asset of site.assets) {
      const buckets = byAsset.get(asset.id);
      if (!buckets) continue;
      for (const b of buckets.values())
        for (const [field, s] of Object.entries(b.counters))
          if (s && bucketHasDrop(s)) {
            strategy.drop_buckets_fetched++;
            fetches.push(
              this.readings(site.id, asset.type, asset.id, field, b.start_ms, b.end_ms).then((r) => {
                (b.counters as Record<string, CounterStats>)[field] = { ...s, readings: r };
              }),
            );
          }
    }
    await Promise.all(fetches);
    const seeds = new Map<string, Record<string, number>>();
    for (const m of seedMaps) for (const [k, v] of m) seeds.set(k, v);

    const assets: Record<string, AssetBuckets> = {};
    for (const asset of site.assets) {
      const buckets = [...(byAsset.get(asset.id)?.values() ?? [])].sort((a, b) => a.start_ms - b.start_ms);
      const seed = seeds.get(asset.id);
      assets[asset.id] = seed ? { buckets, seed } : { buckets };
    }
    return { assets, alarms, strategy };
  }

  private async readSegment(
    siteId: string,
    type: AssetType,
    seg: { from: number; to: number; rollup: boolean },
    bucketMs: number,
    byAsset: Map<string, Map<number, Bucket>>,
  ): Promise<void> {
    const where = `"site" = $site AND time >= ${t(seg.from)} AND time < ${t(seg.to)}`;
    let rows: Row[];
    if (seg.rollup) {
      rows = await this.influx.rows(`SELECT * FROM ${this.rollupOf(type)} WHERE ${where} GROUP BY "asset"`, {
        site: siteId,
      });
    } else {
      const group = `GROUP BY time(${bucketMs === HOUR_MS ? '1h' : '15m'}), "asset" fill(none)`;
      rows = await this.influx.rows(`SELECT ${selectList(type)} FROM ${this.rawFrom(type)} WHERE ${where} ${group}`, {
        site: siteId,
      });
      if (type === 'heat_pump')
        rows = rows.concat(
          await this.influx.rows(
            `SELECT ${negativeHeatSelect()} FROM ${this.rawFrom(type)} WHERE ${where} AND "heat_kw" < 0 ${group}`,
            { site: siteId },
          ),
        );
    }
    const counters = countersOf(type);
    const gauges = gaugesOf(type);
    for (const r of rows) {
      const asset = typeof r.asset === 'string' ? r.asset : undefined;
      if (!asset) continue;
      const map = byAsset.get(asset) ?? new Map<number, Bucket>();
      byAsset.set(asset, map);
      const b: Bucket = map.get(r.time) ?? {
        start_ms: r.time,
        end_ms: r.time + bucketMs,
        samples: 0,
        counters: {},
        gauges: {},
      };
      map.set(r.time, b);
      const cs = b.counters as Record<string, CounterStats>;
      const gs = b.gauges as Record<string, GaugeStats>;
      for (const c of counters) {
        const count = num(r[c + SEP + 'count']);
        if (!count) continue;
        const [first, last, min, max] = (['first', 'last', 'min', 'max'] as const).map((a) => num(r[c + SEP + a]));
        if (first === undefined || last === undefined || min === undefined || max === undefined) continue;
        cs[c] = { first, last, min, max, count };
        b.samples = Math.max(b.samples, count);
      }
      for (const g of gauges) {
        const count = num(r[g + SEP + 'count']);
        if (!count) continue;
        const [mean, min, max] = (['mean', 'min', 'max'] as const).map((a) => num(r[g + SEP + a]));
        if (mean === undefined || min === undefined || max === undefined) continue;
        gs[g] = { mean, min, max, count };
        b.samples = Math.max(b.samples, count);
      }
      const neg = num(r[NEG_HEAT]);
      if (neg !== undefined) b.negative_heat = { sum_kw: neg, heat_samples: 0 };
    }
    for (const map of byAsset.values())
      for (const b of map.values())
        if (b.negative_heat) b.negative_heat.heat_samples = b.gauges.heat_kw?.count ?? b.samples;
  }

  private async readings(
    siteId: string,
    type: AssetType,
    assetId: string,
    field: string,
    from_ms: number,
    to_ms: number,
  ): Promise<number[]> {
    const rows = await this.influx.rows(
      `SELECT ${quote(field)} FROM ${this.rawFrom(type)} WHERE "site" = $site AND "asset" = $asset AND time >= ${t(from_ms)} AND time < ${t(to_ms)}`,
      { site: siteId, asset: assetId },
    );
    return rows.map((r) => num(r[field])).filter((v): v is number => v !== undefined);
  }

  /** Last reading of each counter in the week before the period, per asset. */
  private async seeds(siteId: string, type: AssetType, from_ms: number): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    const counters = countersOf(type);
    if (!counters.length) return out;
    const sel = counters.map((c) => `last(${quote(c)}) AS ${quote(c)}`).join(', ');
    const rows = await this.influx.rows(
      `SELECT ${sel} FROM ${this.rawFrom(type)} WHERE "site" = $site AND time >= ${t(from_ms - SEED_LOOKBACK_MS)} AND time < ${t(from_ms)} GROUP BY "asset"`,
      { site: siteId },
    );
    for (const r of rows) {
      if (typeof r.asset !== 'string') continue;
      const seed: Record<string, number> = {};
      for (const c of counters) {
        const v = num(r[c]);
        if (v !== undefined) seed[c] = v;
      }
      out.set(r.asset, seed);
    }
    return out;
  }

  /**
   * Alarms raised in the range, per severity: the alarm history holds one point per alarm at its trigger time
   * (its state is overwritten as it is acknowledged and cleared), so every point is one alarm raised.
   */
  private async alarms(siteId: string, from_ms: number, to_ms: number): Promise<AlarmCount[]> {
    const rows = await this.influx.rows(
      `SELECT "state" FROM ${this.rawFrom(ALARM_MEASUREMENT)} WHERE "site" = $site AND time >= ${t(from_ms)} AND time < ${t(to_ms)} GROUP BY "severity"`,
      { site: siteId },
    );
    return rows.map((r) => ({
      ts_ms: r.time,
      severity: typeof r.severity === 'string' ? r.severity : 'unknown',
      count: 1,
    }));
  }
}
