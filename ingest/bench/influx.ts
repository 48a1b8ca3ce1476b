/**
 * What InfluxDB itself says: its HTTP counters (`SHOW STATS FOR 'httpd'`, kept in memory whatever the
 * `[monitor]` settings) and the points it holds (`SELECT count(*)`).
 */
import { ASSET_TYPES, REJECTED_MEASUREMENT } from '@ems/domain';
import { influxQuery, quoteIdent } from '@ems/testkit';

export interface HttpdStats {
  /** `/write` requests served (any outcome). */
  writeReq: number;
  /**
   * Points of the `/write` requests InfluxDB answered 204: at that moment they are in the WAL and queryable. A
   * point written twice (a write retried after a timeout whose first attempt succeeded) counts twice.
   */
  pointsWrittenOK: number;
  writeReqBytes: number;
}

export async function httpdStats(url: string): Promise<HttpdStats> {
  const [series] = await influxQuery(url, '', `SHOW STATS FOR 'httpd'`);
  const get = (name: string): number => Number(series?.values[0]?.[series.columns.indexOf(name)] ?? NaN);
  return { writeReq: get('writeReq'), pointsWrittenOK: get('pointsWrittenOK'), writeReqBytes: get('writeReqBytes') };
}

/**
 * Points stored per measurement: the largest `count(field)` of each (every point of the benchmark carries all
 * the fields of its type). `samples`: the asset-type measurements; `deadLetters`: the `rejected` measurement.
 */
export async function storedPoints(url: string, db: string): Promise<{ samples: number; deadLetters: number }> {
  let samples = 0;
  let deadLetters = 0;
  const names = [...ASSET_TYPES, REJECTED_MEASUREMENT];
  const series = await influxQuery(url, db, names.map((m) => `SELECT count(*) FROM ${quoteIdent(m)}`).join('; '));
  for (const s of series) {
    const n = Math.max(0, ...(s.values[0] ?? []).slice(1).map(Number));
    if (s.name === REJECTED_MEASUREMENT) deadLetters += n;
    else samples += n;
  }
  return { samples, deadLetters };
}

/** One poll of the counters: `sent` and `at` bracket the moment InfluxDB read them. */
export interface Sample {
  sent: number;
  at: number;
  /** Points written OK since the baseline. */
  n: number;
  writeReq: number;
  writeReqBytes: number;
}

/**
 * Polls `SHOW STATS` every `intervalMs` from `start()` on, relative to the counters at `start()`, until `stop()`
 * or `onSample` returns true. Cheap for InfluxDB (no data is read), unlike polling `SELECT count(*)`, which
 * would read every stored point and add its own CPU to the InfluxDB CPU figures.
 */
export class StatsPoller {
  readonly samples: Sample[] = [];
  private base!: HttpdStats;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly intervalMs: number,
  ) {}

  async baseline(): Promise<void> {
    this.base = await httpdStats(this.url);
  }

  /** The counters now, relative to the baseline. */
  async poll(): Promise<Sample> {
    const sent = Date.now();
    const stats = await httpdStats(this.url);
    return {
      sent,
      at: Date.now(),
      n: stats.pointsWrittenOK - this.base.pointsWrittenOK,
      writeReq: stats.writeReq - this.base.writeReq,
      writeReqBytes: stats.writeReqBytes - this.base.writeReqBytes,
    };
  }

  /**
   * Polls until `onSample` returns true or `stop()`; resolves then. A failed poll is retried (InfluxDB is busy,
   * not gone); 100 failures in a row reject.
   */
  start(onSample: (s: Sample) => boolean | Promise<boolean>): Promise<void> {
    this.running = true;
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        const started = Date.now();
        try {
          const sample = await this.poll();
          failures = 0;
          this.samples.push(sample);
          if (await onSample(sample)) break;
        } catch (error) {
          if (++failures >= 100) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, this.intervalMs - (Date.now() - started))));
      }
      this.running = false;
    })();
    return this.loop;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  get last(): Sample | undefined {
    return this.samples.at(-1);
  }
}
