/** Small builders of API payloads for unit tests (typed by the generated schema). */
import type { Alarm, AssetLive, AssetTypeCatalogue, Measured, SiteKpis, SiteReserve } from '../src/lib/api/types.ts';

/** A measured figure; it turns stale 30 s after it was measured unless `stale_at` says otherwise. */
export const m = (
  value: number | null,
  unit: string,
  measured_at: number | null,
  stale = false,
  stale_at: number | null = measured_at === null || stale ? null : measured_at + 30_000,
): Measured => ({ value, unit, measured_at, stale, stale_at });

export function asset(
  site: string,
  id: string,
  ts: number | null,
  values: Record<string, number> = {},
  extra: Partial<AssetLive> = {},
): AssetLive {
  return {
    site,
    asset: id,
    type: 'heat_pump',
    data_state: 'live',
    age_s: 0,
    ts,
    received_ms: ts,
    stale_at: ts === null ? null : ts + 30_000,
    status: 'online',
    values,
    derived: {},
    rejected: {},
    faults: [],
    ...extra,
  };
}

export function kpis(site: string, at: number, heat = 100): SiteKpis {
  const f = (v: number, u: string) => m(v, u, at);
  return {
    site,
    heat_produced_kw: f(heat, 'kW'),
    heat_delivered_kw: f(heat, 'kW'),
    electricity_used_kw: f(10, 'kW'),
    fuel_generation_kw: f(0, 'kW'),
    pv_power_kw: f(5, 'kW'),
    grid_import_kw: f(3, 'kW'),
    grid_export_kw: f(0, 'kW'),
    scope2_kw: f(3, 'kW'),
    grid_factor_kg_per_kwh: m(0.441, 'kg/kWh', null),
    co2_fuel_kg_h: f(1, 'kg/h'),
    co2_grid_kg_h: f(1.3, 'kg/h'),
    co2_kg_h: f(2.3, 'kg/h'),
    primary_cop_1h: f(1.1, ''),
    primary_cop_national_average: 0.984,
    cop_by_asset: { 'hp-1': f(3.4, '') },
  };
}

type Forecast = NonNullable<SiteReserve['forecast']['water']>;

/** A time-to-threshold: falling when `zeroAt` is given (the zero level then), else steady. */
export function forecast(
  quantity: Forecast['quantity'],
  at: number,
  value: number,
  over: Partial<Forecast> = {},
): Forecast {
  return {
    quantity,
    unit: quantity === 'water' ? 'm³' : 'kWh',
    value,
    measured_at: at,
    trend: 'steady',
    unknown_reason: null,
    slope_per_h: 0,
    window_from: at - 3_600_000,
    points: 60,
    draw_kw: quantity === 'water' ? null : 100,
    warning: null,
    critical: null,
    zero: { value: 0, reached: false, at: null },
    ...over,
  };
}

export function reserve(site: string, at: number, status: SiteReserve['status'] = 'ok', usable = 1500): SiteReserve {
  const f = (v: number | null, u: string) => m(v, u, at);
  return {
    site,
    name: { ja: 'サイト', en: 'Site' },
    time_zone: 'Asia/Tokyo',
    living_water_l_per_person_day: 20,
    status,
    reasons: [],
    stale_assets: [],
    installed: { water: true, fuel: false, battery: false, generator: false },
    population_served: 1000,
    water_volume_m3: f(usable + 100, 'm³'),
    usable_water_m3: f(usable, 'm³'),
    fire_reserve_m3: 400,
    fire_reserve_kept: usable >= 400,
    living_water_m3: f(Math.max(0, usable - 400), 'm³'),
    person_days: f((Math.max(0, usable - 400) * 1000) / 20, 'person-days'),
    days_for_population: f((Math.max(0, usable - 400) * 1000) / 20 / 1000, 'd'),
    stored_heat_kwh: f(20000, 'kWh'),
    fuel_energy_kwh: f(null, 'kWh'),
    fuel_hours: f(null, 'h'),
    battery_kwh: f(null, 'kWh'),
    battery_hours: f(null, 'h'),
    generator_fuel_kwh: f(null, 'kWh'),
    electricity_autonomy_h: f(null, 'h'),
    critical_load_kw: null,
    heat_demand_kw: f(800, 'kW'),
    heat_autonomy_h: f(25, 'h'),
    warning_hours: 24,
    critical_hours: 6,
    tanks: [],
    fuels: [],
    forecast: {
      water: forecast('water', at, usable, { critical: { value: 400, reached: usable <= 400, at: null } }),
      heat: forecast('heat', at, 20000),
      fuel: null,
      electricity: null,
    },
  };
}

export function alarm(
  site: string,
  id: string,
  state: Alarm['state'],
  at: number,
  severity: Alarm['severity'] = 'critical',
): Alarm {
  return {
    id,
    site,
    asset: 'tank-1',
    rule: 'below_fire_reserve',
    severity,
    state,
    value: 350,
    message: { ja: '消防用水不足', en: 'Below fire reserve' },
    triggered_at: at,
    acknowledged_by: state === 'acknowledged' ? 'operator' : null,
    acknowledged_at: state === 'acknowledged' ? at + 1000 : null,
    cleared_at: state === 'cleared' ? at + 2000 : null,
  };
}

const L = (ja: string, en: string) => ({ ja, en });
type TypeInfo = AssetTypeCatalogue['types'][number];
const info = (t: Partial<TypeInfo> & Pick<TypeInfo, 'type' | 'name' | 'icon'>): TypeInfo => ({
  traits: [],
  reserve: null,
  params: {},
  fields: {},
  key_metrics: [],
  history: [],
  signs: {},
  ratios: [],
  flows: {},
  ...t,
});

/** A small catalogue as GET /api/asset-types answers it (three types, two fuels). */
export function catalogueFixture(): AssetTypeCatalogue {
  return {
    types: [
      info({
        type: 'boiler',
        name: L('ボイラ', 'Boiler'),
        icon: 'boiler',
        traits: ['produces_heat', 'burns_fuel'],
        params: { fuel: { label: L('燃料', 'Fuel') } },
        fields: {
          heat_kw: { kind: 'gauge', unit: 'kW', label: L('熱出力', 'Heat output'), derived: false },
          fuel_rate: { kind: 'gauge', unit: '/h', label: L('燃料消費率', 'Fuel rate'), derived: false },
          fuel_total: { kind: 'counter', unit: '', label: L('燃料使用量', 'Fuel used'), derived: false },
          running: { kind: 'flag', unit: '', label: L('運転', 'Running'), derived: false },
          thermal_efficiency: { kind: 'gauge', unit: '', label: L('瞬時効率', 'Efficiency now'), derived: true },
        },
        key_metrics: ['heat_kw', 'fuel_rate', 'thermal_efficiency', 'running'],
        history: ['heat_kw'],
        ratios: ['thermal_efficiency'],
        flows: {
          heat: { counter: 'heat_kwh', rate: 'heat_kw' },
          fuel: { counter: 'fuel_total', rate: 'fuel_rate' },
        },
      }),
      info({
        type: 'battery',
        name: L('蓄電池', 'Battery'),
        icon: 'battery',
        reserve: 'electricity',
        fields: {
          soc_pct: { kind: 'gauge', unit: '%', label: L('充電率', 'State of charge'), derived: false },
          power_kw: { kind: 'gauge', unit: 'kW', label: L('電力', 'Power'), derived: false },
        },
        key_metrics: ['soc_pct', 'power_kw'],
        history: ['soc_pct', 'power_kw'],
        signs: {
          power_kw: { positive: L('充電', 'charging'), negative: L('放電', 'discharging'), positive_flow: 'in' },
        },
      }),
      info({ type: 'pv', name: L('太陽光発電', 'PV'), icon: 'pv', traits: ['produces_electricity', 'solar'] }),
    ],
    fuels: [
      { fuel: 'city_gas', name: L('都市ガス', 'City gas'), unit: 'm3N', biogenic: false },
      { fuel: 'kerosene', name: L('灯油', 'Kerosene'), unit: 'L', biogenic: false },
    ],
  };
}
