import { seriesFields, TAG_ASSET, TAG_SITE, type AssetRef, type FieldInfo } from '@ems/domain';
import { quoteIdent, type InfluxClient } from '@ems/runtime';
import { badRequest } from '../errors.ts';
import type { Series, SeriesQuery } from '../schemas/series.ts';

const EARLIEST_MS = Date.UTC(2000, 0, 1);
const MAX_RANGE_MS = 10 * 366 * 86_400_000;
const DEFAULT_RANGE_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** Bucket widths offered, seconds. */
const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export function parseTime(name: 'from' | 'to', text: string): number {
  let ms: number;
  if (/^\d{1,15}$/.test(text)) ms = Number(text);
  else if (ISO.test(text)) ms = Date.parse(text);
  else
    throw badRequest(
      `The query parameter "${name}" must be an ISO 8601 date-time (2026-10-01T00:00:00Z) or UTC milliseconds.`,
    );
  if (!Number.isFinite(ms)) throw badRequest(`The query parameter "${name}" is not a real date.`);
  return ms;
}

export function parseStep(step: string | undefined): number | null {
  if (!step || step === 'auto') return null;
  const m = /^(\d+)(s|m|h|d)$/.exec(step)!;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

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
    const info = known[m];
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
  opts: { now_ms: number; max_points: number },
): Promise<Series> {
  const to = q.to !== undefined ? parseTime('to', q.to) : opts.now_ms;
  const from = q.from !== undefined ? parseTime('from', q.from) : to - DEFAULT_RANGE_MS;
  if (from >= to) throw badRequest('The query parameter "from" must be before "to".');
  if (from < EARLIEST_MS) throw badRequest('The query parameter "from" must not be before 2000-01-01.');
  if (to > opts.now_ms + 86_400_000) throw badRequest('The query parameter "to" must not be more than a day ahead.');
  if (to - from > MAX_RANGE_MS) throw badRequest('The range from "from" to "to" must not exceed ten years.');
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
