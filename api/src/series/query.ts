import { seriesFields, TAG_ASSET, TAG_SITE, type AssetRef, type FieldInfo } from '@ems/domain';
import { quoteIdent, type InfluxClient } from '@ems/runtime';
import { badRequest } from '../errors.ts';
import { parseStep, parseWindow } from '../params.ts';
import type { Series, SeriesQuery } from '../schemas/series.ts';

const DEFAULT_RANGE_MS = 86_400_000;
/** Bucket widths offered, seconds. */
const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Bucket width so that no series has more than max_points buckets over [from, to): buckets are aligned to the
 * epoch, so a range of (max_points − 1) widths touches at most max_points of them.
 */
export function chooseStepS(from_ms: number, to_ms: number, asked_s: number | null, max_points: number): number {
  const needed = Math.ceil((to_ms - from_ms) / 1000 / Math.max(1, max_points - 1));
  const min = Math.max(asked_s ?? 0, needed, 1);
  return NICE_STEPS_S.find((s) => s >= min) ?? Math.ceil(min / 86400) * 86400;
}

export interface SeriesPlan {
  query: string;
  params: Record<string, string>;
  step_s: number;
  fields: [string, FieldInfo][];
}

/** InfluxQL from whitelisted identifiers only; site, asset and times are bound parameters. */
export function planSeries(
  ref: AssetRef,
  metrics: readonly string[],
  from_ms: number,
  to_ms: number,
  step_s: number,
): SeriesPlan {
  const known = seriesFields(ref.asset.type);
  const fields: [string, FieldInfo][] = [];
  for (const m of metrics) {
    const info = Object.hasOwn(known, m) ? known[m] : undefined;
    if (!info)
      throw badRequest(`"${m}" is not a metric of a ${ref.asset.type} asset; known: ${Object.keys(known).join(', ')}.`);
    if (!fields.some(([f]) => f === m)) fields.push([m, info]);
  }
  const select = fields
    .map(([name, info]) => `${info.kind === 'counter' ? 'last' : 'mean'}(${quoteIdent(name)}) AS ${quoteIdent(name)}`)
    .join(', ');
  const query =
    `SELECT ${select} FROM ${quoteIdent(ref.asset.type)} ` +
    `WHERE ${quoteIdent(TAG_SITE)} = $site AND ${quoteIdent(TAG_ASSET)} = $asset AND time >= $from AND time < $to ` +
    `GROUP BY time(${step_s}s) fill(none)`;
  return {
    query,
    params: {
      site: ref.site.id,
      asset: ref.asset.id,
      from: new Date(from_ms).toISOString(),
      to: new Date(to_ms).toISOString(),
    },
    step_s,
    fields,
  };
}

export async function querySeries(
  influx: InfluxClient,
  ref: AssetRef,
  q: SeriesQuery,
  opts: { now_ms: number; max_points: number; max_window_ms: number },
): Promise<Series> {
  const { from_ms: from, to_ms: to } = parseWindow(q, {
    zone: ref.site.time_zone,
    max_ms: opts.max_window_ms,
    default_to_ms: opts.now_ms,
    default_span_ms: DEFAULT_RANGE_MS,
  });
  if (to > opts.now_ms + 86_400_000) throw badRequest('The query parameter "to" must not be more than a day ahead.');
  const step_s = chooseStepS(from, to, parseStep(q.step), opts.max_points);
  const plan = planSeries(ref, q.metrics.split(','), from, to, step_s);
  const rows = await influx.rows(plan.query, plan.params);
  return {
    site: ref.site.id,
    asset: ref.asset.id,
    from,
    to,
    step_s,
    max_points: opts.max_points,
    series: plan.fields.map(([metric, info]) => ({
      metric,
      unit: info.unit,
      kind: info.kind,
      aggregate: info.kind === 'counter' ? ('last' as const) : ('mean' as const),
      points: rows
        .filter((r) => typeof r[metric] === 'number')
        .slice(0, opts.max_points)
        .map((r) => [r.time, r[metric] as number] as [number, number]),
    })),
  };
}
