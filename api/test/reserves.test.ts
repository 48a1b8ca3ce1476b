/**
 * The reserve sheet (DOMAIN §9) through the api against real Mosquitto and InfluxDB: the time to threshold from
 * the last hour (read back from InfluxDB at start, so a restart does not blank it), and the CSV / XLSX export with
 * every figure's measurement time in the site's zone, in Japanese and English.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { isoLocalDateTime, parseRegistry, RegistryIndex, type SiteReserve } from '@ems/domain';
import { createLogger } from '@ems/runtime';
import { waitFor } from '@ems/testkit';
import { LiveModel } from '../src/live/model.ts';
import { reserveHistoryQuery } from '../src/live/reserve-history.ts';
import { bearer, startStack, TOKENS, type Stack } from './helpers.ts';

const REGISTRY = `version: 1
sites:
  - id: river
    name: { ja: 川辺防災拠点, en: Riverside shelter }
    time_zone: Asia/Tokyo
    location: { lat: 35, lon: 139 }
    population_served: 1200
    reserve: { warning_hours: 24, critical_hours: 6, living_water_l_per_person_day: 20, critical_load_kw: 50 }
    assets:
      - { id: tank, type: storage_tank, name: { ja: 蓄熱槽, en: Storage tank }, area_m2: 100, height_m: 10, dead_volume_m3: 0, fire_reserve_m3: 400, min_useful_temp_c: 40, expected_interval_s: 600 }
      - { id: battery, type: battery, name: { ja: 蓄電池, en: Battery }, capacity_kwh: 200, rated_power_kw: 50, expected_interval_s: 600 }
      - { id: hm, type: heat_meter, name: { ja: 熱量計, en: Heat meter }, expected_interval_s: 600 }
  - id: hill
    name: { ja: 丘の上庁舎, en: Hilltop office }
    time_zone: Asia/Tokyo
    location: { lat: 35, lon: 139 }
    population_served: 100
    assets:
      - { id: tank, type: storage_tank, name: { ja: 受水槽, en: Water tank }, area_m2: 10, height_m: 3, dead_volume_m3: 1, fire_reserve_m3: 5, expected_interval_s: 600 }
`;

const auth = bearer(TOKENS.viewer);
const HOUR = 3_600_000;
const MIN = 60_000;
let stack: Stack;
let app: FastifyInstance;
let liveTs: number;

async function reserves(a = app): Promise<SiteReserve[]> {
  const res = await a.inject({ url: '/api/reserves', headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json().reserves;
}
const river = async (a = app) => (await reserves(a)).find((r) => r.site === 'river')!;

beforeAll(async () => {
  stack = await startStack(REGISTRY);
  liveTs = Date.now();
  // now: 900 m³ usable (level 9 m), battery 90 % of 200 kWh = 180 kWh, 200 kW heat demand
  const tank = await stack.publishState(
    'river',
    'tank',
    { level_m: 9, temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 },
    liveTs,
  );
  await stack.publishState('river', 'battery', { soc_pct: 90 }, liveTs);
  await stack.publishState('river', 'hm', { heat_kw: 200 }, liveTs);
  // the hour before, as ingest stored it: water falling 50 m³/h, battery 20 kWh/h, stored heat steady
  // (one sample per minute at :30, where the api's one-minute means stand)
  const heat = tank.derived.stored_heat_kwh as number;
  const lines: string[] = [];
  for (let m = 59; m >= 1; m--) {
    const ts = Math.floor((liveTs - m * MIN) / MIN) * MIN + 30_000;
    const ago = (liveTs - ts) / HOUR;
    lines.push(`storage_tank,site=river,asset=tank usable_water_m3=${900 + 50 * ago},stored_heat_kwh=${heat} ${ts}`);
    lines.push(`battery,site=river,asset=battery stored_kwh=${180 + 20 * ago} ${ts}`);
  }
  await stack.influxWrite(lines);
  app = await stack.app();
  expect(await app.reserveHistory!.done).toBe(true);
  await waitFor(async () => (await river()).usable_water_m3.value === 900, { description: 'river tank live' });
}, 120_000);
afterAll(async () => stack?.close());

describe('time to threshold (DOMAIN §9) through the api', () => {
  it('water falling 50 m³/h from 900 m³: the fire reserve (400 m³) in 10 h, empty in 18 h, warning at 424 m³', async () => {
    const w = (await river()).forecast.water!;
    expect(w.trend).toBe('falling');
    expect(w.slope_per_h).toBeCloseTo(-50, 1);
    expect(w.points).toBeGreaterThanOrEqual(50);
    expect(w.critical!.value).toBe(400);
    expect(Math.abs(w.critical!.at! - (liveTs + 10 * HOUR))).toBeLessThan(2 * MIN);
    expect(Math.abs(w.zero.at! - (liveTs + 18 * HOUR))).toBeLessThan(4 * MIN);
    expect(w.warning!.value).toBeCloseTo(400 + (1200 * 20) / 1000, 9);
  });

  it('electricity: 180 kWh falling 20 kWh/h → empty in 9 h; already under 24 h and 6 h at the 50 kW critical load', async () => {
    const e = (await river()).forecast.electricity!;
    expect(e.trend).toBe('falling');
    expect(Math.abs(e.zero.at! - (liveTs + 9 * HOUR))).toBeLessThan(3 * MIN);
    expect(e.warning).toEqual({ value: 1200, reached: true, at: null });
    expect(e.critical).toEqual({ value: 300, reached: true, at: null });
    expect(e.draw_kw).toBe(50);
  });

  it('steady stored heat: no time; a site without fuel or battery: none; a tank that never sent: unknown', async () => {
    const r = await river();
    expect(r.forecast.heat!.trend).toBe('steady');
    expect(r.forecast.heat!.zero.at).toBeNull();
    expect(r.forecast.fuel).toBeNull();
    const hill = (await reserves()).find((x) => x.site === 'hill')!;
    expect(hill.forecast.fuel).toBeNull();
    expect(hill.forecast.electricity).toBeNull();
    expect(hill.forecast.water!.trend).toBe('unknown');
    expect(hill.forecast.water!.unknown_reason).toBe('not_measured');
    expect(hill.installed.fuel).toBe(false);
    expect(hill.time_zone).toBe('Asia/Tokyo');
  });

  it('a restart keeps the trend: a new api process reads the hour back from InfluxDB', async () => {
    const again = await stack.app();
    expect(await again.reserveHistory!.done).toBe(true);
    await waitFor(async () => (await river(again)).usable_water_m3.value === 900, { description: 'live again' });
    const w = (await river(again)).forecast.water!;
    expect(w.trend).toBe('falling');
    expect(Math.abs(w.critical!.at! - (liveTs + 10 * HOUR))).toBeLessThan(2 * MIN);
    await again.close();
  });

  it('the seed query binds its times and names only whitelisted identifiers', () => {
    const q = reserveHistoryQuery('storage_tank', ['usable_water_m3', 'stored_heat_kwh'], 0, HOUR);
    expect(q.query).toBe(
      'SELECT mean("usable_water_m3") AS "usable_water_m3", mean("stored_heat_kwh") AS "stored_heat_kwh" FROM "storage_tank" ' +
        'WHERE time >= $from AND time <= $to GROUP BY time(1m), "site", "asset" fill(none)',
    );
    expect(q.params).toEqual({ from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T01:00:00.000Z' });
  });
});

describe('the live model keeps the last hour of reserve samples from the live stream', () => {
  it('an hour of states gives the trend without InfluxDB; states older than the hour drop out', () => {
    const registry = new RegistryIndex(parseRegistry(REGISTRY, 't.yaml'));
    let now = Date.UTC(2026, 11, 3, 4);
    const model = new LiveModel(registry, createLogger('t', 'silent'), () => now);
    const state = (ts: number, level: number) =>
      JSON.stringify({
        ts,
        received_ms: ts,
        type: 'storage_tank',
        values: { level_m: level },
        derived: { usable_water_m3: level * 100, stored_heat_kwh: 1000 },
        rejected: {},
        faults: [],
      });
    const start = now - HOUR;
    for (let m = 0; m <= 60; m += 2)
      expect(model.applyState('river', 'tank', state(start + m * MIN, 9.5 - m / 120))).toBe(true);
    const w = model.site('river')!.reserve.forecast.water!;
    expect(w.trend).toBe('falling');
    expect(w.slope_per_h).toBeCloseTo(-50, 6);
    expect(w.critical!.at).toBe(now + 10 * HOUR);
    // seeding adds only what is older than the first live sample
    expect(model.seedReserve('river', 'tank', [{ ts: start - MIN, values: { usable_water_m3: 960 } }])).toBe(1);
    expect(model.seedReserve('river', 'tank', [{ ts: start + MIN, values: { usable_water_m3: 0 } }])).toBe(0);
    expect(model.seedReserve('nowhere', 'tank', [{ ts: start, values: { usable_water_m3: 0 } }])).toBe(0);
    now += 2 * HOUR;
    expect(model.site('river')!.reserve.forecast.water!.trend).toBe('unknown'); // stale by now
    expect(model.reserveSamples('river', 'tank').length).toBeGreaterThan(0);
  });
});

describe('export of the reserve sheet', () => {
  it('CSV in Japanese: UTF-8 BOM, status first, totals, every figure with its measured-at in the site’s time', async () => {
    const res = await app.inject({ url: '/api/reserves/export?format=csv&lang=ja', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="reserves-\d{8}-\d{4}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = res.rawPayload.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('防災備蓄 一覧');
    const header = lines.findIndex((l) => l.startsWith('サイト,状態,'));
    const cols = lines[header]!.split(',');
    expect(cols).toEqual(
      expect.arrayContaining([
        '利用可能水量 (m³)',
        '生活用水 (人日)',
        '水 計測日時',
        '燃料の持続時間 (時間)',
        '電力の見通し',
      ]),
    );
    // unknown (hill: its tank never sent) before ok (river)
    const hill = lines[header + 1]!.split(',');
    const riv = lines[header + 2]!.split(',');
    expect(hill.slice(0, 2)).toEqual(['丘の上庁舎', '不明']);
    expect(riv.slice(0, 2)).toEqual(['川辺防災拠点', expect.any(String)]);
    expect(hill[cols.indexOf('燃料の持続時間 (時間)')]).toBe('設置なし');
    expect(hill[cols.indexOf('利用可能水量 (m³)')]).toBe('不明');
    expect(riv[cols.indexOf('利用可能水量 (m³)')]).toBe('900');
    expect(riv[cols.indexOf('水 計測日時')]).toBe(isoLocalDateTime(liveTs, 'Asia/Tokyo'));
    // water lasts until the fire reserve, as a wall time in Tokyo
    const until = riv[cols.indexOf('水の見通し（生活用水が尽きる）')]!;
    expect(until).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Math.abs(Date.parse(until.replace(' ', 'T') + '+09:00') - (liveTs + 10 * HOUR))).toBeLessThan(2 * MIN);
    const totals = lines[header + 3]!.split(',');
    expect(totals[0]).toMatch(/^合計/);
    expect(totals[cols.indexOf('利用可能水量 (m³)')]).toBe('900');
    expect(totals[cols.indexOf('蓄電量 (kWh)')]).toBe('180');
    // the figures table: one row per figure, each with its measured-at and data state
    const fh = lines.findIndex((l) => l.startsWith('サイト,区分,項目,値,単位,計測日時'));
    expect(fh).toBeGreaterThan(header);
    const figures = lines
      .slice(fh + 1)
      .filter(Boolean)
      .map((l) => l.split(','));
    const usable = figures.find((f) => f[0] === '川辺防災拠点' && f[2] === '利用可能水量')!;
    expect(usable.slice(3, 7)).toEqual(['900', 'm³', isoLocalDateTime(liveTs, 'Asia/Tokyo'), '最新']);
    const elec = figures.find((f) => f[0] === '川辺防災拠点' && f[2]!.startsWith('電力の持続時間'))!;
    expect(elec.join(',')).toContain('蓄電池を重要負荷 50 kW で使い切るまで');
    expect(figures.find((f) => f[0] === '丘の上庁舎' && f[2] === '燃料の持続時間')![3]).toBe('設置なし');
    expect(text).not.toMatch(/秒前|分前|ago/);
  });

  it('XLSX in English: two sheets, numbers with the screen’s decimals, measured-at as date cells of the site’s wall time', async () => {
    const res = await app.inject({ url: '/api/reserves/export?format=xlsx&lang=en', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Figures']);
    const sum = wb.getWorksheet('Summary')!;
    const headers = (sum.getRow(3).values as unknown[]).slice(1);
    expect(headers.slice(0, 5)).toEqual([
      'Site',
      'Status',
      'Reasons',
      'Usable water (m³)',
      'Living water (person-days)',
    ]);
    const col = (name: string) => headers.indexOf(name) + 1;
    expect(sum.getRow(4).getCell(1).value).toBe('Hilltop office');
    expect(sum.getRow(4).getCell(col('Fuel (h)')).value).toBe('none installed');
    expect(sum.getRow(4).getCell(col('Usable water (m³)')).value).toBe('unknown');
    const r = sum.getRow(5);
    expect(r.getCell(1).value).toBe('Riverside shelter');
    expect(r.getCell(col('Usable water (m³)')).value).toBe(900);
    expect(r.getCell(col('Usable water (m³)')).numFmt).toBe('#,##0');
    const measured = r.getCell(col('Water measured at'));
    expect(measured.value).toBeInstanceOf(Date);
    expect((measured.value as Date).toISOString().slice(0, 19).replace('T', ' ')).toBe(
      isoLocalDateTime(liveTs, 'Asia/Tokyo'),
    );
    expect(measured.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(r.getCell(col('Time zone')).value).toBe('Japan Standard Time (Asia/Tokyo)');
    expect(sum.getRow(6).getCell(1).value).toMatch(/^Total/);
    expect(sum.getRow(6).font?.bold).toBe(true);
    const fig = wb.getWorksheet('Figures')!;
    const fh = (fig.getRow(3).values as unknown[]).slice(1);
    expect(fh).toEqual([
      'Site',
      'Reserve',
      'Figure',
      'Value',
      'Unit',
      'Measured at (site time)',
      'Data',
      'Until warning level',
      'Until critical level',
      'Until empty',
      'Assumes',
      'Time zone',
    ]);
    const rows: unknown[][] = [];
    fig.eachRow((row, i) => i > 3 && rows.push((row.values as unknown[]).slice(1)));
    const heat = rows.find((x) => x[0] === 'Riverside shelter' && x[2] === 'Heat autonomy')!;
    expect(heat[5]).toBeInstanceOf(Date);
    expect(heat[6]).toBe('live');
    expect(heat[9]).toBe('steady (not falling)');
    expect(String(heat[10])).toMatch(/^stored heat at the current heat demand of 200 kW$/);
    const water = rows.find((x) => x[0] === 'Riverside shelter' && x[2] === 'Usable water')!;
    expect(water[8]).toBeInstanceOf(Date); // until the fire reserve
    expect(rows.find((x) => x[0] === 'Hilltop office' && x[2] === 'Heat autonomy')![3]).toBe('unknown');
  });

  it('needs the read scope; a bad format is a 400 that names it', async () => {
    expect((await app.inject({ url: '/api/reserves/export?format=csv' })).statusCode).toBe(401);
    const bad = await app.inject({ url: '/api/reserves/export?format=pdf', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/format/);
    const metricsOnly = await app.inject({ url: '/api/reserves/export?format=csv', headers: bearer(TOKENS.metrics) });
    expect(metricsOnly.statusCode).toBe(403);
  });
});
