import http from 'node:http';
import https from 'node:https';

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

class TimedOut extends Error {}

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

/** An answer of InfluxDB: its status and whole body. */
interface Answer {
  status: number;
  body: Buffer;
}

/**
 * The client talks HTTP through Node's own `http`/`https` with a keep-alive agent rather than `fetch`: fetch
 * copies every request body (a ~1 MB batch of lines per write) and loads undici's WHATWG streams (~13 MB of
 * resident memory), and ingest's writer is on the hot path of every message.
 */
export class InfluxClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly base: URL;

  constructor(readonly config: InfluxConfig) {
    this.base = new URL(config.url);
    this.transport = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 16 });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.config.token) h.Authorization = `Token ${this.config.token}`;
    else if (this.config.username)
      h.Authorization = `Basic ${Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64')}`;
    return h;
  }

  /** One request; resolves with a 2xx answer, throws InfluxError for anything else (see InfluxErrorKind). */
  private async request(
    path: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body?: Uint8Array | string,
  ): Promise<Answer> {
    const timeout = this.config.timeoutMs ?? 10_000;
    const url = new URL(path, this.base);
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = this.transport.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
        });
        res.on('error', (error) => fail(error));
      });
      const fail = (error: Error): void => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => req.destroy(new TimedOut()), timeout);
      req.on('error', fail);
      if (body !== undefined) req.setHeader('Content-Length', Buffer.byteLength(body));
      req.end(body);
    }).catch((e: unknown) => {
      const err = e as Error & { code?: unknown };
      if (err instanceof TimedOut) throw new InfluxError('timeout', `InfluxDB did not answer within ${timeout} ms`);
      const code = typeof err.code === 'string' ? err.code : undefined;
      if (code?.startsWith('HPE_'))
        throw new InfluxError(
          'unparseable',
          `InfluxDB's answer could not be parsed (${code}: ${err.message}); it refused the request and echoed bytes HTTP cannot carry`,
        );
      throw new InfluxError('unreachable', `InfluxDB at ${this.config.url} is unreachable: ${code ?? err.message}`);
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    const text = answer.body.toString('utf8', 0, Math.min(answer.body.length, 2000)).slice(0, 500);
    const kind: InfluxErrorKind = answer.status >= 500 ? 'server' : 'rejected';
    throw new InfluxError(kind, `InfluxDB answered ${answer.status}: ${text}`, answer.status);
  }

  /** Closes the idle keep-alive connections (a stopping service). */
  close(): void {
    this.agent.destroy();
  }

  async ping(): Promise<boolean> {
    try {
      await this.request('/ping', 'GET', this.headers());
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
    await this.request(
      `/write?${qs}`,
      'POST',
      this.headers({ 'Content-Type': 'text/plain; charset=utf-8' }),
      lines instanceof Uint8Array ? lines : lines.join('\n'),
    );
  }

  /** Runs InfluxQL with bound parameters ($name), never with user text pasted into the query. */
  async query(q: string, params?: QueryParams, db: string | null = this.config.database): Promise<SeriesResult[][]> {
    const form = new URLSearchParams({ q, epoch: 'ms' });
    if (db) form.set('db', db);
    if (params && Object.keys(params).length) form.set('params', JSON.stringify(params));
    const answer = await this.request(
      '/query',
      'POST',
      this.headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
      form.toString(),
    );
    const json = JSON.parse(answer.body.toString('utf8')) as {
      results?: { series?: SeriesResult[]; error?: string }[];
      error?: string;
    };
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
