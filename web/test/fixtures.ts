/** Small builders of API payloads for unit tests (typed by the generated schema). */
import type { Alarm, AssetLive, Measured, SiteKpis, SiteReserve } from '../src/lib/api/types.ts';

export const m = (value: number | null, unit: string, measured_at: number | null, stale = false): Measured => ({
  value,
  unit,
  measured_at,
  stale,
});

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
    heat_pump_power_kw: f(10, 'kW'),
    chp_power_kw: f(0, 'kW'),
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
    heat_pump_cop: { 'hp-1': f(3.4, '') },
  };
}

export function reserve(site: string, at: number, status: SiteReserve['status'] = 'ok', usable = 1500): SiteReserve {
  const f = (v: number | null, u: string) => m(v, u, at);
  return {
    site,
    name: { ja: 'サイト', en: 'Site' },
    status,
    reasons: [],
    stale_assets: [],
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
    heat_demand_kw: f(800, 'kW'),
    heat_autonomy_h: f(25, 'h'),
    warning_hours: 24,
    critical_hours: 6,
    tanks: [],
    fuels: [],
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
