import { InfluxError, quoteIdent } from '@ems/runtime';
import type { InfluxClient, Logger } from '@ems/runtime';

export interface InfluxSetupOptions {
  database: string;
  /** Retention policy to create and write to; default `autogen`, the database default. */
  retentionPolicy?: string;
  /** InfluxQL duration: INF, 0s (= INF), 400d, … */
  retention: string;
}

const duration = (d: string): string => (d === '0s' ? 'INF' : d);

/**
 * Creates the database and retention policy idempotently: InfluxDB 1.x accepts an identical
 * CREATE again; a policy that exists with other settings is left as it is (with a warning), never altered.
 */
export async function setupInflux(influx: InfluxClient, options: InfluxSetupOptions, log: Logger): Promise<void> {
  const db = quoteIdent(options.database);
  const rp = quoteIdent(options.retentionPolicy ?? 'autogen');
  const d = duration(options.retention);
  try {
    await influx.query(`CREATE DATABASE ${db} WITH DURATION ${d} NAME ${rp}`, undefined, null);
    log.info({ database: options.database, rp: options.retentionPolicy ?? 'autogen', duration: d }, 'database ready');
    return;
  } catch (error) {
    if (!(error instanceof InfluxError) || error.retryable) throw error;
    // The database exists with another default policy: make sure ours exists as well.
    log.debug({ err: error.message }, 'CREATE DATABASE … WITH conflicts; creating the retention policy alone');
  }
  try {
    await influx.query(`CREATE RETENTION POLICY ${rp} ON ${db} DURATION ${d} REPLICATION 1`, undefined, null);
    log.info({ database: options.database, rp: options.retentionPolicy ?? 'autogen' }, 'retention policy ready');
  } catch (error) {
    if (!(error instanceof InfluxError) || error.retryable) throw error;
    if (!/already exists/i.test(error.message)) throw error;
    log.warn(
      { database: options.database, rp: options.retentionPolicy ?? 'autogen', err: error.message },
      'retention policy exists with other settings; leaving it unchanged',
    );
  }
}

/** Runs setupInflux until it succeeds (InfluxDB may come up after us); rejected InfluxQL is logged and ends it. */
export class InfluxSetup {
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  done = false;

  constructor(
    private readonly influx: InfluxClient,
    private readonly options: InfluxSetupOptions,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.attempt(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(n: number): Promise<void> {
    if (this.stopped) return;
    try {
      await setupInflux(this.influx, this.options, this.log);
      this.done = true;
    } catch (error) {
      const retryable = !(error instanceof InfluxError) || error.retryable;
      if (!retryable) {
        this.log.error({ err: (error as Error).message }, 'InfluxDB set-up failed');
        return;
      }
      if (n === 0) this.log.warn({ err: (error as Error).message }, 'InfluxDB not ready; set-up will retry');
      this.timer = setTimeout(() => void this.attempt(n + 1), Math.min(10_000, 500 * 2 ** n));
      this.timer.unref();
    }
  }
}
