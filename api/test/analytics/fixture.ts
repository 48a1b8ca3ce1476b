/**
 * A generated month for a test site, written as line protocol with the storage schema ingest uses
 * (measurement = asset type; tags site, asset; fields = metrics + derived; flags as int 0/1).
 *
 * Every 10 minutes from 2026-09-30 00:00 JST to 2026-11-01 03:00 JST; a counter step "ends" at a sample time t:
 * - hp-1 (heat pump): running 06:00–24:00 local: +5 kWh electricity, +15 kWh heat per step; standby +0.5 kWh, 0 heat.
 *   Heat counter reset at 2026-10-10 12:00 local (bucket boundary), electricity counter reset at 12:20 (inside a bucket);
 *   heat_kw −30 (defrost) on 2026-10-03 08:00–08:50 local.
 * - boiler-1 (city gas): +1 m³N fuel, +10 kWh heat per step.
 * - hm-1 (output heat meter): +20 kWh per step.
 * - pv-1 (100 kWp): +10 kWh per step ending 09:00–14:50 local.
 * - grid-1: +4 kWh import per step.
 * - tank-1: usable water 500 m³ (300 on 2026-10-05 10:00–11:50 local, below the 400 m³ fire reserve), stored heat 1000 kWh.
 * - gap: no samples 2026-10-15 02:00–06:50 local; missing day: no samples at all on 2026-10-20 local.
 * - alarms: 2 warning + 1 critical in October, 1 warning on 2026-09-30.
 */
import { Point } from '@influxdata/influxdb-client';
import { parseRegistry, RegistryIndex } from '@ems/domain';
import { toLineMs } from '@ems/testkit';

export const SITE = 'test-dhc';
const H = 3_600_000;
const STEP = 600_000;
const JST = 9 * H;

export const REGISTRY_YAML = `
version: 1
sites:
  - id: ${SITE}
    name: { ja: テスト地域熱供給センター, en: Test District Heating Plant }
    time_zone: Asia/Tokyo
    location: { lat: 35.0, lon: 139.0 }
    population_served: 1000
    assets:
      - { id: hp-1, type: heat_pump, name: { ja: ヒートポンプ1号機, en: Heat pump 1 }, rated_power_kw: 100, rated_heat_kw: 300, expected_interval_s: 600 }
      - { id: boiler-1, type: boiler, name: { ja: ガスボイラ, en: Gas boiler }, fuel: city_gas, rated_heat_kw: 500, efficiency: 0.9, expected_interval_s: 600 }
      - { id: hm-1, type: heat_meter, name: { ja: 送出熱量計, en: Output heat meter }, expected_interval_s: 600 }
      - { id: pv-1, type: pv, name: { ja: 屋上太陽光, en: Rooftop PV }, kwp: 100, expected_interval_s: 600 }
      - { id: grid-1, type: grid_meter, name: { ja: 受電, en: Grid meter }, expected_interval_s: 600 }
      - { id: tank-1, type: storage_tank, name: { ja: 蓄熱槽, en: Tank }, area_m2: 100, height_m: 10, dead_volume_m3: 50, fire_reserve_m3: 400, expected_interval_s: 600 }
  - id: edge
    name: { ja: 境界テスト, en: Edge test }
    time_zone: Asia/Tokyo
    location: { lat: 35.0, lon: 139.0 }
    population_served: 10
    assets:
      - { id: tank-1, type: storage_tank, name: { ja: 水槽, en: Tank }, area_m2: 10, height_m: 10, dead_volume_m3: 0, fire_reserve_m3: 10, expected_interval_s: 600 }
`;

export const registry = (): RegistryIndex => new RegistryIndex(parseRegistry(REGISTRY_YAML, 'test.yaml'));

/** Local (JST) wall-clock parts of a UTC ms instant. */
function local(t: number): { date: string; hour: number; minute: number } {
  const d = new Date(t + JST);
  return { date: d.toISOString().slice(0, 10), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}
const jst = (iso: string): number => Date.parse(`${iso}+09:00`);

export function generateLines(): string[] {
  const lines: string[] = [];
  const from = jst('2026-09-30T00:00:00');
  const to = jst('2026-11-01T03:00:00');
  let elec = 1000;
  let heat = 2000;
  let fuel = 300;
  let boilerHeat = 4000;
  let meter = 5000;
  let pv = 600;
  let grid = 7000;
  for (let t = from; t < to; t += STEP) {
    const { date, hour, minute } = local(t);
    const running = hour >= 6;
    elec += running ? 5 : 0.5;
    heat += running ? 15 : 0;
    if (date === '2026-10-10' && hour === 12 && minute === 0) heat = 15; // reset at a bucket boundary
    if (date === '2026-10-10' && hour === 12 && minute === 20) elec = 5; // reset inside a bucket
    fuel += 1;
    boilerHeat += 10;
    meter += 20;
    if (hour >= 9 && hour < 15) pv += 10;
    grid += 4;
    const missing = date === '2026-10-20' || (date === '2026-10-15' && hour >= 2 && hour < 7);
    if (missing) continue;
    const defrost = date === '2026-10-03' && hour === 8;
    const heatKw = defrost ? -30 : running ? 90 : 0;
    const tankLow = date === '2026-10-05' && (hour === 10 || hour === 11);
    const p = (m: string, asset: string) => new Point(m).tag('site', SITE).tag('asset', asset).timestamp(t);
    lines.push(
      toLineMs(
        p('heat_pump', 'hp-1')
          .floatField('energy_kwh', elec)
          .floatField('heat_kwh', heat)
          .floatField('power_kw', running ? 30 : 3)
          .floatField('heat_kw', heatKw)
          .intField('running', running ? 1 : 0),
      ),
      toLineMs(
        p('boiler', 'boiler-1')
          .floatField('fuel_total', fuel)
          .floatField('heat_kwh', boilerHeat)
          .floatField('fuel_rate', 6),
      ),
      toLineMs(p('heat_meter', 'hm-1').floatField('heat_kwh', meter).floatField('heat_kw', 120)),
      toLineMs(
        p('pv', 'pv-1')
          .floatField('energy_kwh', pv)
          .floatField('power_kw', hour >= 9 && hour < 15 ? 60 : 0),
      ),
      toLineMs(p('grid_meter', 'grid-1').floatField('import_kwh', grid).floatField('import_kw', 24)),
      toLineMs(
        p('storage_tank', 'tank-1')
          .floatField('usable_water_m3', tankLow ? 300 : 500)
          .floatField('stored_heat_kwh', 1000)
          .intField('fire_reserve_kept', tankLow ? 0 : 1),
      ),
    );
  }
  const alarm = (t: number, severity: string, rule: string) =>
    toLineMs(
      new Point('alarm')
        .tag('site', SITE)
        .tag('asset', 'tank-1')
        .tag('rule', rule)
        .tag('severity', severity)
        .stringField('state', 'cleared')
        .stringField('message', rule)
        .timestamp(t),
    );
  lines.push(
    alarm(jst('2026-10-02T10:00:00'), 'warning', 'a'),
    alarm(jst('2026-10-05T10:05:00'), 'critical', 'b'),
    alarm(jst('2026-10-05T11:00:00'), 'warning', 'a'),
    alarm(jst('2026-09-30T10:00:00'), 'warning', 'a'),
  );
  // month boundary at the edge site: 14:59Z is September 30 local, 15:00Z is October 1 local
  const edge = (iso: string, usable: number) =>
    toLineMs(
      new Point('storage_tank')
        .tag('site', 'edge')
        .tag('asset', 'tank-1')
        .floatField('usable_water_m3', usable)
        .intField('fire_reserve_kept', 1)
        .timestamp(Date.parse(iso)),
    );
  lines.push(edge('2026-09-30T14:59:00Z', 100), edge('2026-09-30T15:00:00Z', 200));
  return lines;
}
