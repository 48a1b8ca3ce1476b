/**
 * Seeds the live model's reserve trend (the last hour of usable water, stored heat, fuel and battery energy, DOMAIN §9
 * "Time to threshold") from InfluxDB when the api starts, so that a restart does not blank the times to threshold
 * for an hour. From then on the live stream keeps it (LiveModel): no query per request.
 *
 * One InfluxQL query per asset type that holds a reserve, identifiers from the registry and the domain's field list
 * only, times as bound parameters; one-minute means (at most 60 samples per asset however often devices send).
 * InfluxDB down at start: the api starts anyway and tries again every retry period until it has read the hour or
 * an hour has passed (by then the live stream has filled the trend itself).
 */
import { reserveTrendFields, TAG_ASSET, TAG_SITE, type RegistryIndex, type ReserveSample } from '@ems/domain';
import { quoteIdent, type InfluxClient, type Logger } from '@ems/runtime';
import type { LiveModel } from './model.ts';

const HOUR_MS = 3_600_000;
const BUCKET_MS = 60_000;

export interface ReserveHistoryDeps {
  influx: Pick<InfluxClient, 'rows'>;
  registry: RegistryIndex;
  model: LiveModel;
  log: Logger;
  clock?: () => number;
  retryMs?: number;
}

/** The InfluxQL that reads an hour of one asset type's reserve fields, per site and asset (bound times). */
export function reserveHistoryQuery(type: string, fields: readonly string[], from_ms: number, to_ms: number) {
  const select = fields.map((f) => `mean(${quoteIdent(f)}) AS ${quoteIdent(f)}`).join(', ');
  return {
    query:
      `SELECT ${select} FROM ${quoteIdent(type)} WHERE time >= $from AND time <= $to ` +
      `GROUP BY time(1m), ${quoteIdent(TAG_SITE)}, ${quoteIdent(TAG_ASSET)} fill(none)`,
    params: { from: new Date(from_ms).toISOString(), to: new Date(to_ms).toISOString() },
  };
}

export class ReserveHistory {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private startedAt = 0;
  private failures = 0;
  private resolveDone: (seeded: boolean) => void = () => undefined;
  /** True once the hour was read (false when the api gave up or stopped first). */
  readonly done: Promise<boolean> = new Promise((r) => (this.resolveDone = r));

  constructor(private readonly deps: ReserveHistoryDeps) {}

  async start(): Promise<void> {
    this.startedAt = this.now();
    // never holds up the api's start: InfluxDB may be down, the live stream serves meanwhile
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.resolveDone(false);
  }

  private now(): number {
    return (this.deps.clock ?? Date.now)();
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    try {
      const n = await this.seed();
      this.deps.log.info({ samples: n }, 'reserve trend seeded from InfluxDB (last hour)');
      this.resolveDone(true);
    } catch (e) {
      if (this.stopped) return;
      if (this.now() - this.startedAt >= HOUR_MS) {
        this.deps.log.warn({ err: (e as Error).message }, 'reserve trend not seeded: the live stream fills it');
        this.resolveDone(false);
        return;
      }
      // once at warn; the retries while InfluxDB stays down at debug
      const log =
        this.failures++ === 0 ? this.deps.log.warn.bind(this.deps.log) : this.deps.log.debug.bind(this.deps.log);
      log({ err: (e as Error).message }, 'reserve trend not seeded yet; trying again');
      this.timer = setTimeout(() => void this.attempt(), this.deps.retryMs ?? 15_000);
      this.timer.unref();
    }
  }

  /** Reads the last hour and hands it to the live model; returns how many samples it took. */
  async seed(): Promise<number> {
    const { registry, model, influx } = this.deps;
    const to = this.now();
    const from = to - HOUR_MS;
    const byType = new Map<string, string[]>();
    for (const site of registry.allSites())
      for (const asset of site.assets) {
        const fields = reserveTrendFields(asset);
        if (fields.length) byType.set(asset.type, fields);
      }
    let taken = 0;
    for (const [type, fields] of byType) {
      const { query, params } = reserveHistoryQuery(type, fields, from, to);
      const rows = await influx.rows(query, params);
      const samples = new Map<string, ReserveSample[]>();
      for (const row of rows) {
        const site = row[TAG_SITE];
        const asset = row[TAG_ASSET];
        if (typeof site !== 'string' || typeof asset !== 'string') continue;
        const values: Record<string, number> = {};
        for (const f of fields) {
          const v = row[f];
          if (typeof v === 'number' && Number.isFinite(v)) values[f] = v;
        }
        if (!Object.keys(values).length) continue;
        // a one-minute mean stands at the middle of its minute (the last, partial one no later than now)
        const ts = Math.min(row.time + BUCKET_MS / 2, to);
        const key = `${site}\u0000${asset}`;
        const list = samples.get(key) ?? [];
        list.push({ ts, values });
        samples.set(key, list);
      }
      for (const [key, list] of samples) {
        const [site, asset] = key.split('\u0000') as [string, string];
        taken += model.seedReserve(site, asset, list);
      }
    }
    return taken;
  }
}
