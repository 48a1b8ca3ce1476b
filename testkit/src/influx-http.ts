/**
 * InfluxDB v1 HTTP helpers for tests (/write, /query) with the knobs tests need and the product's client does not
 * offer (rfc3339 times, write precision, every statement's series); identifiers and rows as in @ems/runtime.
 */
import { quoteIdent, toRows } from '@ems/runtime';

export { quoteIdent };

export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxQueryOptions {
  /** Time format of returned rows: epoch units (default `ms`, numbers) or `rfc3339` (strings). */
  epoch?: 'ns' | 'u' | 'ms' | 's' | 'rfc3339';
}

export type InfluxParams = Record<string, string | number | boolean>;

interface QueryResponse {
  results?: { statement_id?: number; series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

async function post(url: string, body: string, contentType: string): Promise<Response> {
  try {
    return await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`POST ${url.split('?')[0]} failed: ${detail}`, { cause: error });
  }
}

/**
 * POST /query (form body). `params` are sent as InfluxDB bound parameters (`params={"site":"a"}`, referred to
 * as `$site` in the query): values are never spliced into the query text. Returns the series of every
 * statement, in order; throws on HTTP errors and on statement errors.
 */
export async function influxQuery(
  url: string,
  db: string,
  q: string,
  params?: InfluxParams,
  opts: InfluxQueryOptions = {},
): Promise<InfluxSeries[]> {
  const form = new URLSearchParams({ q });
  if (db) form.set('db', db);
  if (params) form.set('params', JSON.stringify(params));
  const epoch = opts.epoch ?? 'ms';
  if (epoch !== 'rfc3339') form.set('epoch', epoch);
  const res = await post(`${url}/query`, form.toString(), 'application/x-www-form-urlencoded');
  const text = await res.text();
  if (!res.ok) throw new Error(`InfluxDB /query returned ${res.status}: ${text.trim()} (query: ${q})`);
  const json = JSON.parse(text) as QueryResponse;
  if (json.error) throw new Error(`InfluxDB /query error: ${json.error} (query: ${q})`);
  const series: InfluxSeries[] = [];
  for (const result of json.results ?? []) {
    if (result.error) throw new Error(`InfluxDB query error: ${result.error} (query: ${q})`);
    series.push(...(result.series ?? []));
  }
  return series;
}

/** Series → one object per row, columns as keys, the series' tags merged in. */
export function seriesToRows(series: InfluxSeries[]): Record<string, unknown>[] {
  return series.flatMap((s) => toRows(s));
}

/** POST /write?db=…&precision=… with line-protocol lines; throws with the response body on non-2xx. */
export async function influxWrite(
  url: string,
  db: string,
  lines: string[],
  precision: 'ns' | 'u' | 'ms' | 's' = 'ms',
): Promise<void> {
  const target = `${url}/write?db=${encodeURIComponent(db)}&precision=${precision}`;
  const res = await post(target, lines.join('\n'), 'text/plain; charset=utf-8');
  if (!res.ok) {
    const body = await res.text();
    throw new Error(`InfluxDB /write returned ${res.status}: ${body.trim()}`);
  }
  await res.arrayBuffer();
}

/** CREATE DATABASE (idempotent in InfluxDB 1.x). */
export async function createDatabase(url: string, db: string): Promise<void> {
  await influxQuery(url, '', `CREATE DATABASE ${quoteIdent(db)}`);
}
