/**
 * `npm run bench:report`: report generation time for a year of 1-minute data of one site of config/sites.yaml.
 * Starts its own InfluxDB (testkit), writes 2025 for minato-dhc (every asset, one sample per minute, line protocol
 * with the storage schema), then times monthlyReport for one month and for all 12, and kpis() for the year —
 * read raw, and through the hourly roll-ups after their backfill.
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
    let t0 = performance.now();
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
    const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const s = performance.now();
      const r = await f();
      console.log(`  ${label.padEnd(44)} ${((performance.now() - s) / 1000).toFixed(3)} s`);
      return r;
    };
    const run = async (name: string, rollups: boolean) => {
      const analytics = createAnalytics({ influx, registry, log, rollups });
      console.log(`\n${name}`);
      await time('start() (+ roll-up backfill of the year)', async () => {
        await analytics.start();
        await analytics.whenReady();
      });
      const oct = await time('monthlyReport, one month (2025-10)', () => analytics.monthlyReport(SITE, `${YEAR}-10`));
      await time('monthlyReport, 12 months one by one', async () => {
        for (const m of months) await analytics.monthlyReport(SITE, m);
      });
      await time('monthlyReport, 12 months again (cache)', async () => {
        for (const m of months) await analytics.monthlyReport(SITE, m);
      });
      const year = await time('kpis(), the whole year', () => analytics.kpis(SITE, from, to));
      await time('render csv + xlsx + pdf (ja) of one month', async () => {
        for (const f of ['csv', 'xlsx', 'pdf'] as const) await analytics.render(oct, f, 'ja');
      });
      console.log(
        `  year: heat produced ${Math.round(year.totals.heat_produced_kwh).toLocaleString('en')} kWh, ` +
          `COP ${year.totals.cop_total?.toFixed(2)}, read ${year.query.rollup_hours} h from roll-ups and ${year.query.raw_hours} h raw`,
      );
      await analytics.stop();
      return year;
    };
    t0 = performance.now();
    const rawYear = await run('raw data (no roll-ups)', false);
    const rolledYear = await run('hourly roll-ups (rollup_1h, continuous queries + backfill)', true);
    const same =
      Math.abs(rawYear.totals.heat_produced_kwh - rolledYear.totals.heat_produced_kwh) <
      1e-6 * rawYear.totals.heat_produced_kwh;
    console.log(`\nroll-up and raw year totals agree: ${same}`);
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
