/**
 * `npm run bench:report`: report times for a year of 1-minute data of one site of config/sites.yaml.
 * Starts its own InfluxDB (testkit), writes 2025 for minato-dhc (every asset, one sample per minute, line protocol
 * with the storage schema), lets the roll-up job work through the year, then times a site-month report, twelve
 * monthly reports, kpis() for the year and a window at any minute, each with a fresh month cache, and prints one
 * line per figure with its target and ok or missed (a benchmark, not a test).
 */
import { Point } from '@influxdata/influxdb-client';
import { createLogger, InfluxClient, loadRegistry } from '@ems/runtime';
import { startInflux, toLineMs } from '@ems/testkit';
import { monthRange, type Asset } from '@ems/domain';
import { createAnalytics } from '../src/analytics/index.ts';

const SITE = process.env.BENCH_SITE ?? 'minato-dhc';
const YEAR = 2025;
const MIN = 60_000;

function fieldsAt(asset: Asset, t: number, i: number, c: Map<string, number>): Record<string, number> {
  const hour = new Date(t + 9 * 3_600_000).getUTCHours();
  const day = hour >= 6 && hour < 22;
  const inc = (k: string, by: number) => {
    const v = (c.get(k) ?? 0) + by;
    c.set(k, v);
    return v;
  };
  switch (asset.type) {
    case 'heat_pump':
      return {
        power_kw: day ? 300 : 10,
        heat_kw: day ? (i % 97 === 0 ? -50 : 1000) : 0,
        energy_kwh: inc('e', day ? 5 : 0.17),
        heat_kwh: inc('h', day ? 16.7 : 0),
        running: day ? 1 : 0,
      };
    case 'boiler':
      return { fuel_rate: 50, fuel_total: inc('f', 0.83), heat_kw: 500, heat_kwh: inc('h', 8.3), running: 1 };
    case 'chp':
      return {
        fuel_rate: 80,
        fuel_total: inc('f', 1.33),
        power_kw: 300,
        energy_kwh: inc('e', 5),
        heat_kw: 350,
        heat_kwh: inc('h', 5.8),
        running: 1,
      };
    case 'heat_meter':
      return { heat_kw: 2000, heat_kwh: inc('h', 33) };
    case 'grid_meter':
      return { import_kw: 500, import_kwh: inc('i', 8.3), export_kwh: inc('x', 0) };
    case 'pv': {
      const sun = hour >= 7 && hour < 17 ? Math.sin(((hour - 7) / 10) * Math.PI) : 0;
      return { power_kw: 150 * sun, energy_kwh: inc('e', 2.5 * sun), irradiance_wm2: 900 * sun };
    }
    case 'storage_tank':
      return { usable_water_m3: 1500 + 500 * Math.sin(i / 720), stored_heat_kwh: 20_000, fire_reserve_kept: 1 };
    case 'fuel_tank':
      return { volume_l: 5000 };
    case 'battery':
      return { soc_pct: 80 };
  }
}

async function main(): Promise<void> {
  const registry = loadRegistry(process.env.EMS_REGISTRY ?? 'config/sites.yaml');
  const site = registry.site(SITE);
  if (!site) throw new Error(`no site ${SITE} in the registry`);
  const influxd = await startInflux();
  const log = createLogger('bench', process.env.LOG_LEVEL ?? 'warn');
  try {
    const influx = new InfluxClient({ url: influxd.url, database: 'ems_bench', timeoutMs: 300_000 });
    await influx.query('CREATE DATABASE ems_bench', undefined, null);
    const from = monthRange(`${YEAR}-01`, site.time_zone).from_ms;
    const to = monthRange(`${YEAR}-12`, site.time_zone).to_ms;
    const t0 = performance.now();
    const counters = new Map(site.assets.map((a) => [a.id, new Map<string, number>()]));
    let batch: string[] = [];
    let points = 0;
    const pending: Promise<void>[] = [];
    for (let t = from - 60 * MIN, i = 0; t < to; t += MIN, i++) {
      for (const a of site.assets) {
        const p = new Point(a.type).tag('site', site.id).tag('asset', a.id).timestamp(t);
        for (const [k, v] of Object.entries(fieldsAt(a, t, i, counters.get(a.id)!)))
          if (k === 'running' || k === 'fire_reserve_kept') p.intField(k, v);
          else p.floatField(k, v);
        batch.push(toLineMs(p));
        points++;
      }
      if (batch.length >= 20_000) {
        pending.push(influx.write(batch));
        batch = [];
        if (pending.length >= 4) await pending.shift();
      }
    }
    pending.push(influx.write(batch));
    await Promise.all(pending);
    const writeS = (performance.now() - t0) / 1000;
    console.log(
      `wrote ${points.toLocaleString('en')} points (${site.assets.length} assets × 1-minute samples, ${YEAR}) in ${writeS.toFixed(1)} s`,
    );

    const months = Array.from({ length: 12 }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, '0')}`);
    const results: { what: string; s: number; target: number | null }[] = [];
    const time = async <T>(what: string, target: number | null, f: () => Promise<T>): Promise<T> => {
      const s0 = performance.now();
      const r = await f();
      results.push({ what, s: (performance.now() - s0) / 1000, target });
      return r;
    };
    // reports are computed after the roll-up job has caught up; the month cache is emptied before every timing
    const fresh = async () => {
      const a = createAnalytics({ influx, registry, log, now: () => to + 86_400_000 * 40, rollupTickMs: 3_600_000 });
      await a.start();
      await a.whenReady();
      return a;
    };
    const catchUp = createAnalytics({
      influx,
      registry,
      log,
      now: () => to + 86_400_000 * 40,
      rollupTickMs: 3_600_000,
    });
    await time('roll-up job: first start over the stored year', null, async () => {
      await catchUp.start();
      await catchUp.whenReady();
    });
    await catchUp.stop();
    let analytics = await fresh();
    const oct = await time('site-month report (JSON), 2025-10', 0.3, () => analytics.monthlyReport(SITE, `${YEAR}-10`));
    await analytics.stop();
    analytics = await fresh();
    await time('twelve monthly reports of the site-year', 2, async () => {
      for (const m of months) await analytics.monthlyReport(SITE, m);
    });
    const year = await time('kpis() over the year', 1, () => analytics.kpis(SITE, from, to));
    await time('kpis() over a window at any minute (10:07 … 23:31, 9 days)', null, () =>
      analytics.kpis(SITE, from + 274 * 86_400_000 + 607 * 60_000, from + 283 * 86_400_000 + 1411 * 60_000),
    );
    await time('render csv + xlsx + pdf (ja) of one month', null, async () => {
      for (const f of ['csv', 'xlsx', 'pdf'] as const) await analytics.render(oct, f, 'ja');
    });
    await analytics.stop();
    const raw = createAnalytics({ influx, registry, log, rollups: false });
    const rawMonth = await time('site-month report read raw (reference)', null, () =>
      raw.monthlyReport(SITE, `${YEAR}-10`),
    );
    await raw.stop();
    console.log('');
    for (const r of results) {
      const verdict = r.target === null ? '' : r.s <= r.target ? '  ok' : '  missed';
      const target = r.target === null ? '' : `  (target < ${r.target} s)`;
      console.log(`${r.what.padEnd(64)} ${r.s.toFixed(3)} s${target}${verdict}`);
    }
    const same =
      Math.abs(rawMonth.totals.heat_produced_kwh - oct.totals.heat_produced_kwh) <
      1e-9 * Math.max(1, rawMonth.totals.heat_produced_kwh);
    console.log(
      `\nyear: heat produced ${Math.round(year.totals.heat_produced_kwh).toLocaleString('en')} kWh, COP ${year.totals.cop_total?.toFixed(2)}; ` +
        `read ${year.query.rollup_days} days from daily roll-ups, ${year.query.rollup_hours} h hourly, ${year.query.raw_hours.toFixed(2)} h raw`,
    );
    console.log(`2025-10 from roll-ups and read raw agree: ${same}`);
  } finally {
    await influxd.destroy();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
