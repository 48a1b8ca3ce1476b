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
import { formatNumber } from '@ems/domain';
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
    // Running COP (DOMAIN §1, §3): each step between readings is split linearly in time; steps inside an hour take
    // the hour's class, a step between a stopped and a running hour counts as running, and shares in hours
    // without readings are unknown (in the totals, not in the running figures). A normal day: hours 06–23 run;
    // hour 05 holds 2.5 kWh of standby and the 05:50→06:00 start (5 kWh), hour 23 the 23:50→00:00 stop (0.5 kWh):
    // running 17 × 30 + 25.5 + 5 = 540.5 kWh of 558, all 1,620 kWh of heat.
    // Day 15 (no samples 02:00–06:50): the 47 kWh / 105 kWh step from 01:50 to 07:00 is running for its first 10 of
    // 310 minutes (to the end of hour 01, before a running hour) and unknown for the rest: 480 + 25.5 + 47·10/310.
    // Day 20 (no samples): the step from day 19 23:50 to day 21 00:00 (558.5 kWh, 1,620 kWh) is 10 of 1,450
    // minutes on day 19 (running) and 1,440 on day 20 (unknown).
    const RUN_ELEC = 28 * 540.5 + (480 + 25.5 + (47 * 10) / 310) + (540.5 - 0.5 + (558.5 * 10) / 1450);
    const RUN_HEAT = 28 * 1620 + (1440 + 75 + (105 * 10) / 310) + (1620 + (1620 * 10) / 1450);
    expect(t.running_electricity_kwh).toBeCloseTo(RUN_ELEC, 6);
    expect(t.cop_running).toBeCloseTo(RUN_HEAT / RUN_ELEC, 9);
    expect(t.defrost_kwh).toBeCloseTo(30, 9); // 1 h at −30 kW
  });

  it('primary-energy COP, CO2 by source, PV, renewable share, reserve, completeness and alarms', () => {
    const t = report.totals;
    // DOMAIN §4: the plant's electricity is what it buys: the grid meter's 17,856 kWh (not the heat pump's 17,298)
    const primaryGj = 200.88 + (GRID * 8.64) / 1000; // 355.15584
    expect(t.plant_electricity_kwh).toBeCloseTo(GRID, 6);
    expect(t.primary_energy_gj).toBeCloseTo(primaryGj, 6);
    expect(t.plant_primary_cop).toBeCloseTo((89_280 * 0.0036) / primaryGj, 9); // 0.905…
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
    expect(day('2026-10-02').cop_running).toBeCloseTo(1620 / 540.5, 9);
    expect(day('2026-10-10').electricity_used_kwh).toBeCloseTo(558, 9); // resets counted from zero
    expect(day('2026-10-10').heat_produced_kwh).toBeCloseTo(1620 + 1440, 9);
    expect(day('2026-10-15').electricity_used_kwh).toBeCloseTo(558, 9); // the meter counted through the gap
    // DOMAIN §1: the step across the missing day is split linearly over it; the three days add up
    expect(day('2026-10-20').has_data).toBe(false);
    expect(day('2026-10-19').electricity_used_kwh).toBeCloseTo(558 - 0.5 + (558.5 * 10) / 1450, 9);
    expect(day('2026-10-20').electricity_used_kwh).toBeCloseTo((558.5 * 1440) / 1450, 9);
    expect(day('2026-10-21').electricity_used_kwh).toBeCloseTo(558, 9);
    expect(report.days.reduce((n, d) => n + d.electricity_used_kwh, 0)).toBeCloseTo(HP_ELEC, 6);
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
  it('the daily roll-ups give the same report as the raw data, figure by figure and day by day', async () => {
    const r = await rolled.monthlyReport(SITE, '2026-10');
    expect(r.query).toMatchObject({ rollup_days: 31, rollup_hours: 0, raw_hours: 0 });
    expectSameFigures(r.totals, report.totals, 'totals');
    for (const [i, d] of r.days.entries()) expectSameFigures(d, report.days[i]!, d.date);
    expect(r.assets).toEqual(report.assets.map((a) => expect.objectContaining({ asset: a.asset })));
    for (const [i, a] of r.assets.entries()) expectSameFigures(a, report.assets[i]!, a.asset);
  });

  it('a window at any minute reads whole days and hours from roll-ups and the edges raw, and equals the raw path', async () => {
    const from = Date.parse('2026-10-03T10:07:00+09:00');
    const to = Date.parse('2026-10-12T23:31:00+09:00');
    const viaRollups = await rolled.kpis(SITE, from, to);
    const viaRaw = await raw.kpis(SITE, from, to);
    expect(viaRollups.query.rollup_days).toBe(8);
    expect(viaRollups.query.rollup_hours).toBe(13 + 23);
    expect(viaRollups.query.raw_hours).toBeCloseTo((53 + 31) / 60, 9);
    expectSameFigures(viaRollups.totals, viaRaw.totals, 'window');
  });

  it('start() again reads what the first job recorded and still reads roll-ups', async () => {
    const again = createAnalytics({ influx, registry: registry(), log, now: () => NOW });
    await again.start();
    await again.whenReady();
    const cqs = (await influx.query('SHOW CONTINUOUS QUERIES', undefined, null))
      .flat()
      .find((s) => s.name === 'ems_test');
    expect(cqs?.values ?? []).toEqual([]);
    const r = await again.monthlyReport(SITE, '2026-10');
    expect(r.query.rollup_days).toBe(31);
    await again.stop();
  });
});

describe('formats', () => {
  it('CSV: BOM, CRLF, localised header, one row per day, totals rounded as on screen, factors', async () => {
    const ja = await raw.render(report, 'csv', 'ja');
    expect(ja.filename).toBe(`report-${SITE}-2026-10.csv`);
    expect(ja.contentType).toMatch(/^text\/csv/);
    const text = ja.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]!.startsWith('日付,生産熱量 ヒートポンプ1号機 (kWh)')).toBe(true);
    expect(lines.slice(1, 32).map((l) => l.split(',')[0])).toEqual(report.days.map((d) => d.date));
    // heat by generator, produced, delivered (kWh, no decimals as on screen), delivered in GJ (one decimal),
    // heat-pump electricity, electricity bought: numbers without separators so that a spreadsheet reads them
    expect(lines[32]!.split(',').slice(0, 8)).toEqual([
      '合計',
      '50220',
      '44640',
      '94860',
      '89280',
      '321.4',
      '17298',
      '17856',
    ]);
    expect(text).toContain('0.441');
    const en = (await raw.render(report, 'csv', 'en')).body.toString('utf8');
    expect(en.slice(1).split('\r\n')[0]!.startsWith('Date,Heat produced Heat pump 1 (kWh)')).toBe(true);
  });

  it('XLSX: the sheets, each number cell rounded as the screen rounds it with thousands separators', async () => {
    const x = await raw.render(report, 'xlsx', 'en');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Daily', 'Assets', 'Previous year', 'Factors']);
    const daily = wb.getWorksheet('Daily')!;
    expect(daily.rowCount).toBe(1 + 31 + 1);
    expect(daily.getRow(1).getCell(2).value).toBe('Heat produced Heat pump 1 (kWh)');
    expect(daily.getRow(33).getCell(2).value).toBe(HP_HEAT);
    expect(daily.getRow(33).getCell(2).numFmt).toBe('#,##0');
    const summary = wb.getWorksheet('Summary')!;
    const byLabel = new Map<string, ExcelJS.Row>();
    summary.eachRow((r) => byLabel.set(String(r.getCell(1).value), r));
    // plant primary-energy COP 0.90521… → 0.905 (3 decimals on screen); completeness a percentage with 1 decimal
    expect(byLabel.get('Primary-energy COP')!.getCell(2).value).toBe(0.905);
    expect(byLabel.get('Primary-energy COP')!.getCell(2).numFmt).toBe('#,##0.000');
    expect(byLabel.get('Heat delivered')!.getCell(2).value).toBe(DELIVERED);
    expect(byLabel.get('Heat delivered')!.getCell(2).numFmt).toBe('#,##0');
    const hp = report.assets.find((a) => a.asset === 'hp-1')!;
    expect(byLabel.get('Data completeness')!.getCell(2).value).toBe(
      Number(((report.totals.completeness ?? 0) * 100).toFixed(1)),
    );
    expect(hp.completeness).not.toBeNull();
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
    expect(empty.notes[0]!.en).toMatch(/No data/);
    expect(empty.notes[0]!.ja).toMatch(/データは保存されていません/);
    expect(empty.days).toHaveLength(31);
    for (const f of ['csv', 'xlsx', 'pdf'] as const) {
      const r = await raw.render(empty, f, 'ja');
      expect(r.body.length).toBeGreaterThan(100);
    }
  });
});

describe('the same month of the previous year', () => {
  it('compares each key figure with the month a year earlier (October 2025 has no data here)', () => {
    const py = report.previous_year!;
    expect(py.previous_month).toBe('2025-10');
    expect(py.previous_from_ms).toBe(Date.parse('2025-09-30T15:00:00Z'));
    expect(py.previous_has_data).toBe(false);
    const heat = py.figures.find((f) => f.figure === 'heat_produced_kwh')!;
    expect(heat.current).toBeCloseTo(94_860, 6);
    expect(heat.previous).toBe(0);
    expect(heat.change).toBeCloseTo(94_860, 6);
    expect(heat.change_ratio).toBeNull(); // no ratio to nothing
    expect(py.figures.find((f) => f.figure === 'plant_primary_cop')!.previous).toBeNull();
    expect(py.figures.map((f) => f.figure)).toEqual([
      'heat_produced_kwh',
      'heat_delivered_kwh',
      'electricity_used_kwh',
      'plant_electricity_kwh',
      'fuel_gj',
      'co2_total_kg',
      'pv_kwh',
      'cop_total',
      'cop_running',
      'plant_primary_cop',
      'completeness',
    ]);
  });

  it('a year later, October 2026 is the previous year of October 2027, figure by figure', async () => {
    const later = createAnalytics({
      influx,
      registry: registry(),
      log,
      now: () => Date.parse('2028-01-15T00:00:00Z'),
      rollups: false,
    });
    const r = await later.monthlyReport(SITE, '2027-10');
    const elec = r.previous_year!.figures.find((f) => f.figure === 'electricity_used_kwh')!;
    expect(elec.previous).toBeCloseTo(HP_ELEC, 6);
    expect(elec.current).toBe(0);
    expect(elec.change_ratio).toBeCloseTo(-1, 9);
    expect(r.previous_year!.previous_has_data).toBe(true);
    await later.stop();
  });
});

describe('fiscal-year report (April–March)', () => {
  // Hand computation (fixture pattern): the heat pump's electricity counter adds 0.5 kWh per 10 minutes outside
  // 06:00–24:00 local and 5 kWh inside. September 30 (first reading 00:00, then 143 steps, and the step to
  // October 1 00:00 that lies wholly in September): 35 × 0.5 + 108 × 5 + 0.5 = 558. October: 17,298. November 1
  // 00:10–02:50: 17 × 0.5 = 8.5 kWh. Heat: 1,620 on September 30, 50,220 in October, none on November 1 at night;
  // the boiler adds 10 kWh per step: 1,440 on September 30, 170 on November 1.
  const YEAR_ELEC = 558 + HP_ELEC + 8.5;
  const YEAR_HEAT = 1620 + HP_HEAT;
  let fy: Awaited<ReturnType<AnalyticsService['fiscalYearReport']>>;
  beforeAll(async () => {
    fy = await rolled.fiscalYearReport(SITE, 2026);
  });

  it('FY2026 is April 2026 … March 2027 local, twelve month rows', () => {
    expect(fy.fiscal_year).toBe(2026);
    expect(fy.from_ms).toBe(Date.parse('2026-03-31T15:00:00Z'));
    expect(fy.to_ms).toBe(Date.parse('2027-03-31T15:00:00Z'));
    expect(fy.months.map((m) => m.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
    ]);
    expect(fy.months[0]!.has_data).toBe(false);
    expect('days' in fy).toBe(false);
  });

  it('the month rows are the months: October equals the monthly report, September and November hold their edges', () => {
    const oct = fy.months.find((m) => m.month === '2026-10')!;
    expectSameFigures(oct, report.totals, 'October');
    expect(fy.months.find((m) => m.month === '2026-09')!.electricity_used_kwh).toBeCloseTo(558, 6);
    expect(fy.months.find((m) => m.month === '2026-11')!.electricity_used_kwh).toBeCloseTo(8.5, 6);
  });

  it('the year is computed over the whole year: energies add up, COP is the year’s heat over its electricity', () => {
    expect(fy.totals.electricity_used_kwh).toBeCloseTo(YEAR_ELEC, 6);
    expect(fy.totals.heat_by_generator_kwh['hp-1']).toBeCloseTo(YEAR_HEAT, 6);
    expect(fy.totals.cop_total).toBeCloseTo(YEAR_HEAT / YEAR_ELEC, 9);
    const sum = fy.months.reduce((n, m) => n + m.electricity_used_kwh, 0);
    expect(sum).toBeCloseTo(YEAR_ELEC, 6);
    // completeness counts only the elapsed part (now = 2027-01-15): the months ahead expect nothing
    expect(fy.months.find((m) => m.month === '2027-02')!.completeness).toBeNull();
    expect(fy.totals.expected_samples).toBe(
      report.assets.length * ((Date.parse('2027-01-15T00:00:00Z') - fy.from_ms) / 600_000),
    );
  });

  it('renders every format; the Japanese CSV has one row per month and the year', async () => {
    const csv = (await rolled.renderFiscalYear(fy, 'csv', 'ja')).body.toString('utf8').slice(1).split('\r\n');
    expect(csv[0]).toBe('テスト地域熱供給センター,2026年度（2026年4月〜2027年3月）');
    expect(csv[1]!.startsWith('月,生産熱量 (kWh),供給熱量 (kWh)')).toBe(true);
    expect(csv.slice(2, 14).map((l) => l.split(',')[0])).toEqual(fiscalMonthsJa);
    // January 2027 has begun at now (2027-01-15): its figures, zeros included; February and March are still ahead
    expect(csv[11]!.split(',')[1]).toBe('0');
    expect(
      csv[12]!
        .split(',')
        .slice(1)
        .every((c) => c === ''),
    ).toBe(true);
    expect(
      csv[13]!
        .split(',')
        .slice(1)
        .every((c) => c === ''),
    ).toBe(true);
    expect(csv[14]!.split(',').slice(0, 2)).toEqual(['年度合計', String(1620 + 1440 + 94_860 + 170)]);
    const x = await rolled.renderFiscalYear(fy, 'xlsx', 'ja');
    expect(x.filename).toBe(`report-${SITE}-FY2026.xlsx`);
    const pdf = await rolled.renderFiscalYear(fy, 'pdf', 'ja');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

const fiscalMonthsJa = ['4', '5', '6', '7', '8', '9', '10', '11', '12', '1', '2', '3'].map(
  (m, i) => `${i < 9 ? 2026 : 2027}年${m}月`,
);

describe('all-sites report', () => {
  it('every site of the registry for the month, the additive figures added up', async () => {
    const all = await raw.allSitesReport('2026-10');
    expect(all.sites.map((s) => s.site)).toEqual(['test-dhc', 'edge']);
    expect(all.totals.heat_produced_kwh).toBeCloseTo(94_860, 6); // the edge site produces none
    expect(all.totals.pv_kwh).toBeCloseTo(PV, 6); // the edge site has no PV (null), not zero
    expect(all.totals.alarms_total).toBe(3);
    expect(all.sites[0]!.previous_year?.previous_month).toBe('2025-10');
    const csv = (await raw.renderAllSites(all, 'csv', 'ja')).body.toString('utf8').slice(1).split('\r\n');
    expect(csv[0]).toBe('全サイト 月報 2026年10月');
    expect(csv.slice(2, 5).map((l) => l.split(',')[0])).toEqual(['テスト地域熱供給センター', '境界テスト', '合計']);
    for (const f of ['xlsx', 'pdf'] as const) {
      const r = await raw.renderAllSites(all, f, 'ja');
      expect(r.filename).toBe(`report-all-sites-2026-10.${f}`);
      expect(r.body.length).toBeGreaterThan(1000);
    }
  });
});

describe('a Japanese report reads Japanese: names, not ids; no English; numbers as on screen', () => {
  /** Latin words other than units and acronyms a Japanese reader expects (kWh, CO2, COP, PV, …). */
  const ALLOWED = new Set(['kWh', 'GJ', 'kg', 'CO', 'COP', 'HP', 'PV', 'MJ', 'kWp', 'LP']);
  const english = (text: string) => [...new Set(text.match(/[A-Za-z]{2,}/g) ?? [])].filter((w) => !ALLOWED.has(w));

  it('CSV', async () => {
    const text = (await raw.render(report, 'csv', 'ja')).body.toString('utf8');
    expect(english(text)).toEqual([]);
    expect(text).toContain('都市ガス');
  });

  it('XLSX: every sheet name and text cell', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await raw.render(report, 'xlsx', 'ja')).body as unknown as ArrayBuffer);
    const texts: string[] = wb.worksheets.map((w) => w.name);
    for (const w of wb.worksheets)
      w.eachRow((r) => r.eachCell((c) => typeof c.value === 'string' && texts.push(c.value)));
    expect(english(texts.join('\n'))).toEqual([]);
    expect(texts).toContain('都市ガス');
    expect(texts).toContain('日本標準時');
  });

  it('PDF: the key figures as the screen writes them (thousands separators), names of fuels, no English', async () => {
    const text = pdfText((await raw.render(report, 'pdf', 'ja')).body);
    if (text === null) return;
    expect(english(text)).toEqual([]);
    const flat = text.replace(/\s+/g, '');
    // the same strings the web page shows: its formatter is the domain's formatNumber
    expect(flat).toContain(`${formatNumber(report.totals.heat_delivered_kwh, 'ja', { digits: 0 })}kWh`); // 89,280
    expect(flat).toContain(formatNumber(report.totals.plant_primary_cop, 'ja', { digits: 3 })); // 0.905
    expect(flat).toContain('89,280kWh');
    expect(flat).toContain('都市ガス');
    expect(flat).not.toContain('city_gas');
  });
});

/** Every numeric figure of a and b equal to 1e-9 (relative), nested records included. */
function expectSameFigures(a: object, b: object, where: string): void {
  for (const [k, v] of Object.entries(b)) {
    const got = (a as Record<string, unknown>)[k];
    if (typeof v === 'number')
      expect(got, `${where}: ${k}`).toBeCloseTo(v, Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(v) + 1))));
    else if (v && typeof v === 'object' && !Array.isArray(v)) expectSameFigures(got as object, v, `${where}.${k}`);
    else if (!Array.isArray(v)) expect(got, `${where}: ${k}`).toEqual(v);
  }
}

/** Text of a PDF via pdftotext (poppler-utils) when installed; null otherwise. */
function pdfText(pdf: Buffer): string | null {
  try {
    return execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
  } catch {
    return null;
  }
}
