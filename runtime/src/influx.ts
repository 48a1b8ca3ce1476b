/**
 * InfluxDB v1-compatible HTTP API (DESIGN §4): line protocol on /write, InfluxQL on /query.
 * InfluxDB 1.x serves it natively; 2.x/3.x serve it as their compatibility API.
 */
export interface InfluxConfig {
  url: string;
  database: string;
  retentionPolicy?: string;
  /** `Authorization: Token …` for 2.x/3.x. */
  token?: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

/**
 * unreachable: no connection; timeout: no answer in time; server: a 5xx answer; rejected: a 4xx answer;
 * unparseable: an answer that is not valid HTTP (InfluxDB 1.x echoes a refused line, control characters and
 * all, in its X-Influxdb-Error header, which the HTTP parser refuses): the server did answer, so it is no outage.
 */
export type InfluxErrorKind = 'unreachable' | 'rejected' | 'server' | 'timeout' | 'unparseable';

export class InfluxError extends Error {
  override name = 'InfluxError';
  constructor(
    readonly kind: InfluxErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  /** True when retrying the same request later may succeed. */
  get retryable(): boolean {
    return this.kind !== 'rejected' && this.kind !== 'unparseable';
  }
}

export interface SeriesResult {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export type Row = Record<string, unknown> & { time: number };

export type QueryParams = Record<string, string | number | boolean>;

export class InfluxClient {
  constructor(readonly config: InfluxConfig) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.config.token) h.Authorization = `Token ${this.config.token}`;
    else if (this.config.username)
      h.Authorization = `Basic ${Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64')}`;
    return h;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const timeout = this.config.timeoutMs ?? 10_000;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.url), { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: unknown; message?: string } };
      if (err.name === 'TimeoutError') throw new InfluxError('timeout', `InfluxDB did not answer within ${timeout} ms`);
      const code = err.cause?.code;
      if (typeof code === 'string' && code.startsWith('HPE_'))
        throw new InfluxError(
          'unparseable',
          `InfluxDB's answer could not be parsed (${code}: ${err.cause?.message ?? ''}); it refused the request and echoed bytes HTTP cannot carry`,
        );
      throw new InfluxError(
        'unreachable',
        `InfluxDB at ${this.config.url} is unreachable: ${err.cause?.code ?? err.message}`,
      );
    }
    if (res.ok) return res;
    const body = (await res.text()).slice(0, 500);
    const kind: InfluxErrorKind = res.status >= 500 ? 'server' : 'rejected';
    throw new InfluxError(kind, `InfluxDB answered ${res.status}: ${body}`, res.status);
  }

  async ping(): Promise<boolean> {
    try {
      await this.request('/ping', { method: 'GET', headers: this.headers() });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes line-protocol lines with millisecond time stamps: as text, or as UTF-8 bytes that are the request
   * body as they are (lines separated by newlines, e.g. read from a spool file).
   */
  async write(lines: readonly string[] | Uint8Array): Promise<void> {
    if (lines.length === 0) return;
    const qs = new URLSearchParams({ db: this.config.database, precision: 'ms' });
    if (this.config.retentionPolicy) qs.set('rp', this.config.retentionPolicy);
    await this.request(`/write?${qs}`, {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'text/plain; charset=utf-8' }),
      // bytes from a Node Buffer, never a SharedArrayBuffer (which the DOM's BodyInit type leaves out)
      body: lines instanceof Uint8Array ? (lines as Uint8Array<ArrayBuffer>) : lines.join('\n'),
    });
  }

  /** Runs InfluxQL with bound parameters ($name), never with user text pasted into the query. */
  async query(q: string, params?: QueryParams, db: string | null = this.config.database): Promise<SeriesResult[][]> {
    const form = new URLSearchParams({ q, epoch: 'ms' });
    if (db) form.set('db', db);
    if (params && Object.keys(params).length) form.set('params', JSON.stringify(params));
    const res = await this.request('/query', {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
      body: form,
    });
    const json = (await res.json()) as { results?: { series?: SeriesResult[]; error?: string }[]; error?: string };
    if (json.error) throw new InfluxError('rejected', `InfluxQL error: ${json.error}`);
    return (json.results ?? []).map((r) => {
      if (r.error) throw new InfluxError('rejected', `InfluxQL error: ${r.error}`);
      return r.series ?? [];
    });
  }

  /** Rows of the first statement's series, with the series tags merged into each row. */
  async rows(q: string, params?: QueryParams): Promise<Row[]> {
    const [first = []] = await this.query(q, params);
    return first.flatMap((s) => toRows(s));
  }
}

export function toRows(series: SeriesResult): Row[] {
  return series.values.map((v) => {
    const row: Record<string, unknown> = { ...series.tags };
    series.columns.forEach((c, i) => (row[c] = v[i]));
    return row as Row;
  });
}

/** Quotes an identifier (database, measurement, retention policy) for InfluxQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
