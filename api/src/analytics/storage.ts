/**
 * Where analytics data lives in InfluxDB and how raw samples are read: the raw measurements (one per asset type,
 * in the retention policy ingest writes to), the hourly and daily roll-up policies, and InfluxQL time literals.
 * Used by the roll-up job (rollups.ts) and by the period reads (source.ts).
 */
import type { AssetType, Reading } from '@ems/domain';
import { quoteIdent, type InfluxClient, type Row } from '@ems/runtime';
import { fieldsOf } from './fields.ts';

export const HOURLY_RP = 'rollups_hourly';
export const DAILY_RP = 'rollups_daily';

/** ms literal for InfluxQL; only integers we computed ourselves, never request text. */
export function t(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`not an integer ms time: ${ms}`);
  return `${ms}ms`;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export class AnalyticsStorage {
  constructor(readonly influx: InfluxClient) {}

  get db(): string {
    return this.influx.config.database;
  }

  hourlyFrom(type: string): string {
    return `${quoteIdent(this.db)}.${quoteIdent(HOURLY_RP)}.${quoteIdent(type)}`;
  }

  dailyFrom(type: string): string {
    return `${quoteIdent(this.db)}.${quoteIdent(DAILY_RP)}.${quoteIdent(type)}`;
  }

  rawFrom(type: string): string {
    const rp = this.influx.config.retentionPolicy;
    return rp ? `${quoteIdent(this.db)}.${quoteIdent(rp)}.${quoteIdent(type)}` : quoteIdent(type);
  }

  /** Raw readings of a type in [from, to), per `site/asset`, in time order. */
  async readRaw(type: AssetType, from_ms: number, to_ms: number, siteId?: string): Promise<Map<string, Reading[]>> {
    const fields = fieldsOf(type);
    const list = [...fields.counters, ...fields.gauges].map(quoteIdent).join(', ');
    const where = `time >= ${t(from_ms)} AND time < ${t(to_ms)}${siteId ? ' AND "site" = $site' : ''}`;
    const rows = await this.influx.rows(
      `SELECT ${list} FROM ${this.rawFrom(type)} WHERE ${where} GROUP BY "site", "asset"`,
      siteId ? { site: siteId } : undefined,
    );
    return readingsByAsset(rows, [...fields.counters, ...fields.gauges]);
  }
}

/** Rows of a raw query grouped by site and asset, as readings in time order. */
export function readingsByAsset(rows: readonly Row[], fields: readonly string[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const r of rows) {
    if (typeof r.site !== 'string' || typeof r.asset !== 'string') continue;
    const values: Record<string, number> = {};
    for (const f of fields) {
      const v = num(r[f]);
      if (v !== undefined) values[f] = v;
    }
    const key = `${r.site}/${r.asset}`;
    const list = out.get(key);
    const reading = { ts_ms: r.time, values };
    if (list) list.push(reading);
    else out.set(key, [reading]);
  }
  for (const list of out.values()) list.sort((a, b) => a.ts_ms - b.ts_ms);
  return out;
}
