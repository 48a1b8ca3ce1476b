/**
 * Period analytics against a real InfluxDB: a generated month (see fixture.ts) written as line protocol with the
 * storage schema, then KPIs, the monthly report and its CSV/XLSX/PDF renderings, read raw and through roll-ups.
 * Expected numbers are worked out by hand from the generated pattern (not with the code under test).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { InfluxClient, createLogger } from '@ems/runtime';
import { startInflux, type InfluxHandle } from '@ems/testkit';
import { createAnalytics, type AnalyticsService, type MonthlyReport } from '../../src/analytics/index.ts';
import { generateLines, registry, SITE } from './fixture.ts';

const NOW = Date.parse('2027-01-15T00:00:00Z');
let influxd: InfluxHandle;
let influx: InfluxClient;
let raw: AnalyticsService;
let rolled: AnalyticsService;
let report: MonthlyReport;
const log = createLogger('analytics-test', 'silent');

beforeAll(async () => {
  influxd = await startInflux();
  influx = new InfluxClient({ url: influxd.url, database: 'ems_test', timeoutMs: 30_000 });
  await influx.query('CREATE DATABASE ems_test', undefined, null);
  const lines = generateLines();
  for (let i = 0; i < lines.length; i += 5000) await influx.write(lines.slice(i, i + 5000));
  raw = createAnalytics({ influx, registry: registry(), log, now: () => NOW, rollups: false });
  await raw.start();
  rolled = createAnalytics({ influx, registry: registry(), log, now: () => NOW });
  await rolled.start();
  await rolled.whenReady();
  report = await raw.monthlyReport(SITE, '2026-10');
}, 120_000);

afterAll(async () => {
  await raw?.stop();
  await rolled?.stop();
  await influxd?.destroy();
});

// Hand computation. Per full day: heat pump 108 running steps × 5 kWh + 36 standby steps × 0.5 = 558 kWh electricity,
// 108 × 15 = 1,620 kWh heat; boiler 144 m³N, 1,440 kWh; heat meter 2,880 kWh; PV 36 × 10 = 360 kWh; grid 576 kWh.
// Counters keep counting through the gap and the missing day, and the resets count from zero, so the month holds
// exactly 31 days of every counter.
const HP_ELEC = 31 * 558; // 17,298
const HP_HEAT = 31 * 1620; // 50,220
const BOILER_FUEL = 31 * 144; // 4,464 m³N
const BOILER_HEAT = 31 * 1440; // 44,640
const DELIVERED = 31 * 2880; // 89,280
const PV = 31 * 360; // 11,160
const GRID = 31 * 576; // 17,856

describe('monthly report from InfluxDB (raw aggregation)', () => {
  it('totals equal the hand computation', () => {
    const t = report.totals;
    expect(report.has_data).toBe(true);
    expect(report.days).toHaveLength(31);
    expect(t.electricity_used_kwh).toBeCloseTo(HP_ELEC, 6);
    expect(t.heat_by_generator_kwh['hp-1']).toBeCloseTo(HP_HEAT, 6);
    expect(t.heat_by_generator_kwh['boiler-1']).toBeCloseTo(BOILER_HEAT, 6);
    expect(t.heat_produced_kwh).toBeCloseTo(94_860, 6);
    expect(t.heat_delivered_kwh).toBeCloseTo(DELIVERED, 6);
    expect(t.heat_delivered_source).toBe('heat_meter');
    expect(t.pv_kwh).toBeCloseTo(PV, 6);
    expect(t.grid_import_kwh).toBeCloseTo(GRID, 6);
    expect(t.fuel_by_type.city_gas!.amount).toBeCloseTo(BOILER_FUEL, 6);
    expect(t.fuel_by_type.city_gas!.gj).toBeCloseTo(200.88, 6); // 4,464 × 45 MJ
    expect(t.boiler_efficiency).toBeCloseTo(0.8, 9); // 44,640 / (4,464 × 12.5 kWh)
    expect(t.cop_total).toBeCloseTo(50_220 / 17_298, 9);
    // running COP: day 15's gap puts 12 kWh of standby into running hour 07; day 20's whole day lands in
    // the standby hour 00 of day 21: running = 29 × 540 + 552 kWh, heat 30 × 1,620 kWh
    expect(t.running_electricity_kwh).toBeCloseTo(16_212, 6);
    expect(t.cop_running).toBeCloseTo(48_600 / 16_212, 9);
    expect(t.defrost_kwh).toBeCloseTo(30, 9); // 1 h at −30 kW
  });

  it('primary-energy COP, CO2 by source, PV, renewable share, reserve, completeness and alarms', () => {
    const t = report.totals;
    const primaryGj = 200.88 + (17_298 * 8.64) / 1000; // 350.33472
    expect(t.primary_energy_gj).toBeCloseTo(primaryGj, 6);
    expect(t.plant_primary_cop).toBeCloseTo((89_280 * 0.0036) / primaryGj, 9); // 0.9174…
    expect(report.primary.national_average).toBe(0.984);
    expect(report.primary.above_national_average).toBe(false);
    expect(t.co2_by_source).toEqual([
      { source: 'city_gas', kind: 'fuel', co2_kg: expect.closeTo(4464 * 2.23, 6) },
      { source: 'grid', kind: 'grid', co2_kg: expect.closeTo(17_856 * 0.441, 6) },
    ]);
    expect(t.co2_total_kg).toBeCloseTo(9954.72 + 7874.496, 6);
    expect(t.pv_avoided_co2_kg).toBeCloseTo(11_160 * 0.441, 6);
    expect(t.heat_co2_intensity_kg_per_gj).toBeCloseTo(17_829.216 / 321.408, 6);
    expect(t.renewable_heat_share).toBeCloseTo((50_220 - 17_298) / 94_860, 9);
    expect(t.pv_specific_yield_kwh_per_kwp).toBeCloseTo(111.6, 9);
    expect(t.pv_capacity_factor).toBeCloseTo(11_160 / (100 * 744), 9);
    expect(t.usable_water_min_m3).toBe(300);
    expect(t.stored_heat_min_kwh).toBe(1000);
    expect(t.hours_below_fire_reserve).toBeCloseTo(2, 9);
    expect(t.alarms).toEqual({ warning: 2, critical: 1 });
    const hp = report.assets.find((a) => a.asset === 'hp-1')!;
    expect(hp.received_samples).toBe(31 * 144 - 30 - 144);
    expect(hp.expected_samples).toBe(31 * 144);
    expect(hp.counter_resets).toBe(2);
    expect(report.factors.grid_emission).toEqual([expect.objectContaining({ from_date: '2019-04-01', value: 0.441 })]);
    expect(report.factors.primary_energy).toEqual([expect.objectContaining({ value: 8.64 })]);
    expect(report.factors.fuels[0]).toMatchObject({ fuel: 'city_gas', hhv_mj_per_unit: 45, co2_kg_per_unit: 2.23 });
  });

  it('daily rows follow the local calendar, with the gap and the missing day', () => {
    const day = (d: string) => report.days.find((r) => r.date === d)!;
    expect(report.days[0]!.date).toBe('2026-10-01');
    expect(report.days.at(-1)!.date).toBe('2026-10-31');
    expect(day('2026-10-02').electricity_used_kwh).toBeCloseTo(558, 9);
    expect(day('2026-10-02').cop_running).toBeCloseTo(3, 9);
    expect(day('2026-10-10').electricity_used_kwh).toBeCloseTo(558, 9); // resets counted from zero
    expect(day('2026-10-10').heat_produced_kwh).toBeCloseTo(1620 + 1440, 9);
    expect(day('2026-10-15').electricity_used_kwh).toBeCloseTo(558, 9); // the meter counted through the gap
    expect(day('2026-10-20').has_data).toBe(false);
    expect(day('2026-10-20').electricity_used_kwh).toBe(0);
    expect(day('2026-10-21').electricity_used_kwh).toBeCloseTo(2 * 558, 9);
    expect(day('2026-10-05').hours_below_fire_reserve).toBeCloseTo(2, 9);
    expect(day('2026-10-05').alarms).toEqual({ warning: 1, critical: 1 });
    expect(day('2026-10-02').completeness).toBe(1);
  });

  it('a sample at 2026-09-30T14:59Z belongs to September, one at 15:00Z to October (Asia/Tokyo)', async () => {
    const sep = await raw.monthlyReport('edge', '2026-09');
    const oct = await raw.monthlyReport('edge', '2026-10');
    expect(sep.totals.usable_water_min_m3).toBe(100);
    expect(sep.totals.received_samples).toBe(1);
    expect(sep.days.at(-1)!.received_samples).toBe(1);
    expect(oct.totals.usable_water_min_m3).toBe(200);
    expect(oct.days[0]!.received_samples).toBe(1);
  });

  it('KPIs over the month window equal the report totals', async () => {
    const k = await raw.kpis(SITE, report.from_ms, report.to_ms);
    expect(k.totals.electricity_used_kwh).toBeCloseTo(HP_ELEC, 6);
    expect(k.totals.co2_total_kg).toBeCloseTo(report.totals.co2_total_kg, 6);
    expect('days' in k).toBe(false);
  });
});

describe('roll-ups', () => {
  it('the backfilled hourly roll-ups give the same report as the raw data', async () => {
    const r = await rolled.monthlyReport(SITE, '2026-10');
    expect(r.query.rollup_hours).toBe(744);
    expect(r.query.raw_hours).toBe(0);
    expect(r.totals.electricity_used_kwh).toBeCloseTo(HP_ELEC, 6);
    expect(r.totals.heat_produced_kwh).toBeCloseTo(94_860, 6);
    expect(r.totals.cop_running).toBeCloseTo(48_600 / 16_212, 9);
    expect(r.totals.defrost_kwh).toBeCloseTo(30, 9);
    expect(r.totals.hours_below_fire_reserve).toBeCloseTo(2, 9);
    expect(r.days.map((d) => d.heat_produced_kwh)).toEqual(
      report.days.map((d) => expect.closeTo(d.heat_produced_kwh, 6)),
    );
  });

  it('start() is idempotent: a second start creates nothing new and still reads roll-ups', async () => {
    const again = createAnalytics({ influx, registry: registry(), log, now: () => NOW });
    await again.start();
    await again.whenReady();
    const cqs = (await influx.query('SHOW CONTINUOUS QUERIES', undefined, null))
      .flat()
      .find((s) => s.name === 'ems_test');
    expect(cqs?.values.length).toBe(10); // one per asset type, plus heat-pump defrost
    const r = await again.monthlyReport(SITE, '2026-10');
    expect(r.query.rollup_hours).toBe(744);
    await again.stop();
  });
});

describe('formats', () => {
  it('CSV: BOM, CRLF, localised header, one row per day, totals, factors', async () => {
    const ja = await raw.render(report, 'csv', 'ja');
    expect(ja.filename).toBe(`report-${SITE}-2026-10.csv`);
    expect(ja.contentType).toMatch(/^text\/csv/);
    const text = ja.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]!.startsWith('日付,熱生産量 ヒートポンプ1号機 (kWh)')).toBe(true);
    expect(lines.slice(1, 32).map((l) => l.split(',')[0])).toEqual(report.days.map((d) => d.date));
    expect(lines[32]!.startsWith('合計,50220,44640,94860,94860,89280')).toBe(false); // delivered follows produced
    expect(lines[32]!.split(',').slice(0, 6)).toEqual(['合計', '50220', '44640', '94860', '89280', '321.408']);
    expect(text).toContain('0.441');
    const en = (await raw.render(report, 'csv', 'en')).body.toString('utf8');
    expect(en.slice(1).split('\r\n')[0]!.startsWith('Date,Heat produced Heat pump 1 (kWh)')).toBe(true);
  });

  it('XLSX parses back with the four sheets', async () => {
    const x = await raw.render(report, 'xlsx', 'en');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Daily', 'Assets', 'Factors']);
    const daily = wb.getWorksheet('Daily')!;
    expect(daily.rowCount).toBe(1 + 31 + 1);
    expect(daily.getRow(1).getCell(2).value).toBe('Heat produced Heat pump 1 (kWh)');
    expect(daily.getRow(33).getCell(2).value).toBeCloseTo(HP_HEAT, 6);
  });

  it('PDF: %PDF-, the Japanese site name, charts', async () => {
    const p = await raw.render(report, 'pdf', 'ja');
    expect(p.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(p.filename).toBe(`report-${SITE}-2026-10.pdf`);
    const text = pdfText(p.body);
    if (text !== null) expect(text.replace(/\s+/g, '')).toContain('テスト地域熱供給センター');
  });

  it('an empty month says so (has_data false) and still renders every format', async () => {
    const empty = await raw.monthlyReport(SITE, '2026-12');
    expect(empty.has_data).toBe(false);
    expect(empty.totals.completeness).toBe(0);
    expect(empty.notes[0]).toMatch(/No data/);
    expect(empty.days).toHaveLength(31);
    for (const f of ['csv', 'xlsx', 'pdf'] as const) {
      const r = await raw.render(empty, f, 'ja');
      expect(r.body.length).toBeGreaterThan(100);
    }
  });
});

/** Text of a PDF via pdftotext (poppler-utils) when installed; null otherwise. */
function pdfText(pdf: Buffer): string | null {
  try {
    return execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  } catch {
    return null;
  }
}
