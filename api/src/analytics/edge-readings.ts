/** Counter readings around a window, so that the domain can split counter steps across its edges (DOMAIN §1). */
import { type AssetType, type CounterPoint, type Reading, type Site } from '@ems/domain';
import { quoteIdent } from '@ems/runtime';
import { fieldsOf, SEP } from './fields.ts';
import type { Frontier } from './rollups.ts';
import { t, type AnalyticsStorage } from './storage.ts';

/** How far back (ahead) the last (first) counter reading around a window is looked for. */
const SEED_SPAN_MS = 7 * 86_400_000;

/**
 * The last counter reading of each asset before `edge` ('before') or the first at or after it ('after'): in the
 * part of edge's hour outside the window (raw), else in the hourly roll-ups within SEED_SPAN_MS, else raw.
 */
export async function edgeReadings(
  storage: AnalyticsStorage,
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
    const byAsset = await storage.readRaw(type, a, b, site.id);
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
    const rs = await storage.influx.rows(
      `SELECT ${sel} FROM ${storage.hourlyFrom(type)} WHERE "site" = $site AND time >= ${t(lo)} AND time < ${t(rolledHi)} GROUP BY "asset"`,
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
        const rs = await storage.influx.rows(
          `SELECT ${fn}(${quoteIdent(c)}) AS v FROM ${storage.rawFrom(type)} WHERE "site" = $site AND time >= ${t(rawLo)} AND time < ${t(hi)} GROUP BY "asset"`,
          { site: site.id },
        );
        for (const r of rs)
          if (typeof r.asset === 'string' && typeof r.v === 'number') take(r.asset, c, { value: r.v, ts_ms: r.time });
      }),
    );
  }
  return out;
}
