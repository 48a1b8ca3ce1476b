/**
 * Roll-ups for fast reports (DESIGN §4): the api's own job keeps, per asset, one bucket per closed hour
 * (`rollups_hourly`) and one per complete local day (`rollups_daily`) — the same buckets the domain computes from
 * raw samples, so a report read from roll-ups equals one read raw.
 *
 * - Every tick (default 15 s) it rolls the hours that closed since the last tick (an hour closes ROLLUP_GRACE_MS
 *   after its end), then the days those hours complete, and records how far it got (`rollup_meta`), so a restart
 *   continues where it stopped. On a first start it works through the stored history from its beginning, a day
 *   at a time, while reports read raw data beyond what is rolled.
 * - Late data: ingest marks the hours that samples reach after they closed (LATE_MEASUREMENT); each tick re-rolls
 *   the marked hours and their days, whatever their age, and remembers up to which mark it has read.
 * Sites whose local days do not start on a UTC hour (e.g. UTC+5:30) get hourly roll-ups only.
 */
import { Point } from '@influxdata/influxdb-client';
import {
  closedHoursBefore,
  dayRanges,
  hourStart,
  LATE_MEASUREMENT,
  localDay,
  mergeBuckets,
  runClassOf,
  summarise,
  HOUR_MS,
  type AssetType,
  type Bucket,
  type Reading,
  type RegistryIndex,
  type Site,
} from '@ems/domain';
import { InfluxClient, quoteIdent, type Logger } from '@ems/runtime';
import { bucketFields, bucketFromRow, fieldsOf } from './fields.ts';
import { DAILY_RP, HOURLY_RP, t, type AnalyticsStorage } from './storage.ts';

const META = 'rollup_meta';
/** Roll-ups of earlier versions (continuous queries into this policy): removed at start. */
const LEGACY_RP = 'rollup_1h';
const DAY_MS = 86_400_000;
/** Raw data is read and rolled a day at a time. */
const CHUNK_MS = DAY_MS;
/** Marks are read again this far back, in case one became visible after a later one. */
const MARK_OVERLAP_MS = 120_000;

/** A finite number, else undefined. */
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export interface Frontier {
  /** Hours before this are rolled up (null: none yet). */
  hourly_until: number | null;
  /** Per site: days before this are rolled up. */
  daily_until: ReadonlyMap<string, number>;
}

export interface RollupOptions {
  storage: AnalyticsStorage;
  registry: RegistryIndex;
  log: Logger;
  now: () => number;
  /** Run the job here (false: only read the frontier another process's job keeps). */
  job: boolean;
  tickMs: number;
  /** Called after hours of a site were rolled again (late data): cached reports of that time are stale. */
  onRerolled?: (site: string, from_ms: number, to_ms: number) => void;
}

/** Whether every local day of the site starts on a UTC hour (then daily roll-ups are kept). */
export function hasHourAlignedDays(site: Site, around_ms: number): boolean {
  return dayRanges(around_ms - 400 * DAY_MS, around_ms + 400 * DAY_MS, site.time_zone).every(
    (d) => d.from_ms % HOUR_MS === 0,
  );
}

export class Rollups {
  private hourlyUntil: number | null = null;
  private readonly dailyUntil = new Map<string, number>();
  private lateCursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = true;
  private available = false;
  private readonly hourlyClient: InfluxClient;
  private readonly dailyClient: InfluxClient;
  private readonly alignedSites: Site[];
  private caughtUp: { promise: Promise<void>; resolve: () => void };

  constructor(private readonly o: RollupOptions) {
    this.hourlyClient = new InfluxClient({ ...o.storage.influx.config, retentionPolicy: HOURLY_RP });
    this.dailyClient = new InfluxClient({ ...o.storage.influx.config, retentionPolicy: DAILY_RP });
    this.alignedSites = o.registry.allSites().filter((s) => hasHourAlignedDays(s, o.now()));
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.caughtUp = { promise, resolve };
  }

  private get db(): string {
    return this.o.storage.db;
  }

  /** What reports may read from roll-ups now. */
  frontier(): Frontier {
    return this.available
      ? { hourly_until: this.hourlyUntil, daily_until: this.dailyUntil }
      : { hourly_until: null, daily_until: new Map() };
  }

  /** Creates the retention policies (idempotent), removes legacy roll-ups, reads the meta and starts ticking. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.setUp().catch((e: unknown) =>
      this.o.log.warn({ err: (e as Error).message }, 'roll-ups not set up yet (InfluxDB?); will retry'),
    );
    this.timer = setInterval(() => void this.tick(), this.o.tickMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Resolves once the job has rolled every closed hour (first start: the whole history). */
  whenCaughtUp(): Promise<void> {
    return this.caughtUp.promise;
  }

  private setUpDone = false;

  private async setUp(): Promise<void> {
    if (this.setUpDone) return;
    const q = (s: string) => this.o.storage.influx.query(s, undefined, null);
    await q(`CREATE DATABASE ${quoteIdent(this.db)}`);
    for (const rp of [HOURLY_RP, DAILY_RP])
      await q(`CREATE RETENTION POLICY ${quoteIdent(rp)} ON ${quoteIdent(this.db)} DURATION INF REPLICATION 1`);
    if (this.o.job) await this.dropLegacy();
    await this.readMeta();
    this.setUpDone = true;
    this.available = true;
  }

  private async dropLegacy(): Promise<void> {
    const q = (s: string) => this.o.storage.influx.query(s, undefined, null);
    const cqs = (await q('SHOW CONTINUOUS QUERIES'))
      .flat()
      .filter((s) => s.name === this.db)
      .flatMap((s) => (s.values ?? []).map((v) => String(v[0])))
      .filter((n) => n.startsWith('rollup_1h_'));
    for (const name of cqs) await q(`DROP CONTINUOUS QUERY ${quoteIdent(name)} ON ${quoteIdent(this.db)}`);
    const rps = (await q(`SHOW RETENTION POLICIES ON ${quoteIdent(this.db)}`))
      .flat()
      .flatMap((s) => (s.values ?? []).map((v) => String(v[0])));
    if (rps.includes(LEGACY_RP)) {
      await q(`DROP RETENTION POLICY ${quoteIdent(LEGACY_RP)} ON ${quoteIdent(this.db)}`);
      this.o.log.info('removed the roll-ups of an earlier version (continuous queries); rolling up again');
    }
  }

  private async readMeta(): Promise<void> {
    const rows = await this.o.storage.influx.rows(`SELECT * FROM ${this.o.storage.hourlyFrom(META)}`);
    const r = rows.at(-1);
    this.hourlyUntil = num(r?.hourly_until) ?? null;
    this.lateCursor = num(r?.late_cursor) ?? 0;
    for (const s of this.alignedSites) {
      const d = num(r?.[`daily_until__${s.id}`]);
      if (d !== undefined) this.dailyUntil.set(s.id, d);
    }
  }

  private async writeMeta(): Promise<void> {
    const p = new Point(META).intField('late_cursor', this.lateCursor);
    if (this.hourlyUntil !== null) p.intField('hourly_until', this.hourlyUntil);
    for (const [site, d] of this.dailyUntil) p.intField(`daily_until__${site}`, d);
    await this.hourlyClient.write([p.timestamp(0).toLineProtocol()!]);
  }

  /** One round of the job; never throws (InfluxDB down: tried again at the next tick). */
  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.round()
      .catch((e: unknown) => this.o.log.warn({ err: (e as Error).message }, 'roll-up round failed; will retry'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async round(): Promise<void> {
    await this.setUp();
    if (!this.o.job) {
      await this.readMeta();
      return;
    }
    const closed = closedHoursBefore(this.o.now());
    if (this.hourlyUntil === null) {
      const earliest = await this.earliestRaw();
      this.hourlyUntil = earliest === null ? closed : hourStart(earliest);
      // the first roll-up reads everything stored: marks written before it have nothing to add
      this.lateCursor = Date.now(); // marks carry the wall-clock time of their write
      for (const s of this.alignedSites) this.dailyUntil.set(s.id, this.dayFloor(s, this.hourlyUntil));
      await this.writeMeta();
    }
    while (this.hourlyUntil < closed && !this.stopped) {
      const from = this.hourlyUntil;
      const to = Math.min(closed, from + CHUNK_MS);
      for (const type of this.types()) await this.rollHours(type, from, to);
      this.hourlyUntil = to;
      await this.advanceDays();
      await this.writeMeta();
    }
    if (this.hourlyUntil >= closed) this.caughtUp.resolve();
    await this.rerollMarked();
  }

  private types(): AssetType[] {
    return [...new Set([...this.o.registry.allAssets()].map((a) => a.asset.type))];
  }

  private async earliestRaw(): Promise<number | null> {
    let earliest: number | null = null;
    for (const type of this.types()) {
      const rows = await this.o.storage.influx.rows(
        `SELECT * FROM ${this.o.storage.rawFrom(type)} ORDER BY time ASC LIMIT 1`,
      );
      const t0 = num(rows[0]?.time);
      if (t0 !== undefined) earliest = earliest === null ? t0 : Math.min(earliest, t0);
    }
    return earliest;
  }

  /** Start of the local day holding ts_ms at a site. */
  private dayFloor(site: Site, ts_ms: number): number {
    return localDay(ts_ms, site.time_zone).from_ms;
  }

  /** Reads the raw samples of [from, to) (one site or all) and writes one hourly bucket per asset and hour. */
  async rollHours(type: AssetType, from_ms: number, to_ms: number, siteId?: string): Promise<void> {
    const fields = fieldsOf(type);
    const byAsset = await this.o.storage.readRaw(type, from_ms, to_ms, siteId);
    const lines: string[] = [];
    for (const [key, readings] of byAsset) {
      const [site, asset] = key.split('/') as [string, string];
      const ref = this.o.registry.asset(site, asset);
      if (!ref) continue;
      const byHour = new Map<number, Reading[]>();
      for (const r of readings) {
        const h = hourStart(r.ts_ms);
        const list = byHour.get(h);
        if (list) list.push(r);
        else byHour.set(h, [r]);
      }
      for (const [h, list] of byHour) {
        const b = summarise(list, h, h + HOUR_MS, fields, ref.asset.expected_interval_s);
        lines.push(rowLine(type, site, asset, b));
      }
    }
    for (let i = 0; i < lines.length; i += 5_000) await this.hourlyClient.write(lines.slice(i, i + 5_000));
  }

  /** Daily buckets of every complete day of the aligned sites that the hourly roll-ups now cover. */
  private async advanceDays(): Promise<void> {
    if (this.hourlyUntil === null) return;
    for (const s of this.alignedSites) {
      const from = this.dailyUntil.get(s.id) ?? this.dayFloor(s, this.hourlyUntil);
      // whole local days only: dayRanges clips the last one to the range
      const whole = dayRanges(from, this.hourlyUntil, s.time_zone)
        .map((d) => localDay(d.from_ms, s.time_zone))
        .filter((d) => d.from_ms >= from && d.to_ms <= this.hourlyUntil!);
      if (whole.length === 0) continue;
      await this.rollDays(s, whole);
      this.dailyUntil.set(s.id, whole.at(-1)!.to_ms);
    }
  }

  /** Merges the hourly buckets of each given local day of a site into one daily bucket per asset. */
  async rollDays(site: Site, days: readonly { from_ms: number; to_ms: number }[]): Promise<void> {
    if (days.length === 0) return;
    const from = days[0]!.from_ms;
    const to = days.at(-1)!.to_ms;
    const lines: string[] = [];
    for (const type of new Set(site.assets.map((a) => a.type))) {
      const fields = fieldsOf(type);
      const rows = await this.o.storage.influx.rows(
        `SELECT * FROM ${this.o.storage.hourlyFrom(type)} WHERE "site" = $site AND time >= ${t(from)} AND time < ${t(to)} GROUP BY "asset"`,
        { site: site.id },
      );
      const byAsset = new Map<string, Bucket[]>();
      for (const r of rows) {
        const b = typeof r.asset === 'string' ? bucketFromRow(r, fields) : null;
        if (!b) continue;
        const list = byAsset.get(r.asset as string);
        if (list) list.push(b);
        else byAsset.set(r.asset as string, [b]);
      }
      for (const [assetId, hours] of byAsset) {
        const asset = site.assets.find((a) => a.id === assetId);
        if (!asset) continue;
        const classOf = (b: Bucket) => runClassOf(asset, b);
        for (const d of days) {
          const inDay = hours.filter((h) => h.start_ms >= d.from_ms && h.start_ms < d.to_ms);
          if (inDay.length === 0) continue;
          lines.push(rowLine(type, site.id, assetId, mergeBuckets(inDay, d.from_ms, d.to_ms, classOf)));
        }
      }
    }
    for (let i = 0; i < lines.length; i += 5_000) await this.dailyClient.write(lines.slice(i, i + 5_000));
  }

  /** Re-rolls the hours (and days) that late samples reached after they were rolled up. */
  private async rerollMarked(): Promise<void> {
    if (this.hourlyUntil === null) return;
    const rows = await this.o.storage.influx.rows(
      `SELECT * FROM ${this.o.storage.rawFrom(LATE_MEASUREMENT)} WHERE time > ${t(Math.max(0, this.lateCursor - MARK_OVERLAP_MS))}`,
    );
    if (rows.length === 0) return;
    const hours = new Map<string, Set<number>>(); // `site/type` → hour starts
    let cursor = this.lateCursor;
    for (const r of rows) {
      cursor = Math.max(cursor, r.time);
      const hour = Number(r.hour);
      if (typeof r.site !== 'string' || typeof r.type !== 'string' || !Number.isSafeInteger(hour)) continue;
      if (!this.o.registry.site(r.site) || hour >= this.hourlyUntil) continue; // not rolled yet: nothing to redo
      const key = `${r.site}/${r.type}`;
      const set = hours.get(key) ?? new Set<number>();
      set.add(hour);
      hours.set(key, set);
    }
    for (const [key, set] of hours) {
      const [siteId, type] = key.split('/') as [string, AssetType];
      const site = this.o.registry.site(siteId)!;
      if (!site.assets.some((a) => a.type === type)) continue;
      const sorted = [...set].sort((a, b) => a - b);
      for (const [a, b] of contiguous(sorted)) await this.rollHours(type, a, b, siteId);
      const dailyUntil = this.dailyUntil.get(siteId);
      if (dailyUntil !== undefined) {
        const days = new Map<number, { from_ms: number; to_ms: number }>();
        for (const h of sorted) {
          const d = localDay(h, site.time_zone);
          if (d.to_ms <= dailyUntil) days.set(d.from_ms, d);
        }
        await this.rollDays(
          site,
          [...days.values()].sort((x, y) => x.from_ms - y.from_ms),
        );
      }
      this.o.onRerolled?.(siteId, sorted[0]!, sorted.at(-1)! + HOUR_MS);
      this.o.log.info({ site: siteId, type, hours: sorted.length }, 'late data: hours rolled up again');
    }
    this.lateCursor = cursor;
    await this.writeMeta();
  }
}

/** [start, end) runs of consecutive hour starts. */
function contiguous(sorted: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const h of sorted) {
    const last = out.at(-1);
    if (last && last[1] === h) last[1] = h + HOUR_MS;
    else out.push([h, h + HOUR_MS]);
  }
  return out;
}

function rowLine(type: string, site: string, asset: string, b: Bucket): string {
  const p = new Point(type).tag('site', site).tag('asset', asset).timestamp(b.start_ms);
  const { floats, ints } = bucketFields(b);
  for (const [k, v] of Object.entries(floats)) p.floatField(k, v);
  for (const [k, v] of Object.entries(ints)) p.intField(k, v);
  return p.toLineProtocol()!;
}
