import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { waitFor } from '@ems/testkit';
import { bearer, startStack, TOKENS, type Stack } from './helpers.ts';

const auth = bearer(TOKENS.viewer);
let stack: Stack;
let app: FastifyInstance;

beforeAll(async () => {
  stack = await startStack();
  app = await stack.app();
});
afterAll(async () => stack?.close());

async function site(id: string) {
  const res = await app.inject({ url: `/api/sites/${id}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('live values match hand calculations (DOMAIN.md)', () => {
  beforeAll(async () => {
    const ts = Date.now();
    await stack.publishState('alpha', 'hp', { power_kw: 100, heat_kw: 300, running: true }, ts);
    await stack.publishState('alpha', 'boiler', { fuel_rate: 20, heat_kw: 180, running: true }, ts);
    await stack.publishState('alpha', 'chp', { fuel_rate: 50, power_kw: 150, heat_kw: 250, running: true }, ts);
    await stack.publishState('alpha', 'tank', { level_m: 8, temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 }, ts);
    await stack.publishState('alpha', 'oil', { volume_l: 1000 }, ts);
    await stack.publishState('alpha', 'meter', { heat_kw: 500 }, ts);
    await stack.publishState('alpha', 'grid', { import_kw: 200, export_kw: 0 }, ts);
    await stack.publishState('alpha', 'pv', { power_kw: 30 }, ts);
    await stack.publishState('alpha', 'battery', { soc_pct: 50 }, ts);
    await waitFor(
      async () =>
        (await site('alpha')).assets.every((a: { live: { data_state: string } }) => a.live.data_state === 'live'),
      {
        description: 'all alpha assets live',
      },
    );
  });

  it('heat-pump COP = heat / electricity = 300 / 100 = 3.0', async () => {
    const s = await site('alpha');
    expect(s.kpis.cop_by_asset.hp.value).toBeCloseTo(3.0, 6);
    expect(s.kpis.cop_by_asset.hp.stale).toBe(false);
    expect(s.kpis.cop_by_asset.hp.measured_at).toBeTypeOf('number');
  });

  it('heat produced, delivered, electricity, PV and grid figures', async () => {
    const k = (await site('alpha')).kpis;
    expect(k.heat_produced_kw.value).toBeCloseTo(300 + 180 + 250, 6);
    expect(k.heat_delivered_kw.value).toBeCloseTo(500, 6);
    expect(k.electricity_used_kw.value).toBeCloseTo(100, 6);
    expect(k.fuel_generation_kw.value).toBeCloseTo(150, 6);
    expect(k.pv_power_kw.value).toBeCloseTo(30, 6);
    expect(k.grid_import_kw.value).toBeCloseTo(200, 6);
  });

  it('CO2 rate by source: kerosene 20 L/h × 2.49 + city gas 50 m³N/h × 2.23 + grid 200 kW × 0.5', async () => {
    const k = (await site('alpha')).kpis;
    expect(k.co2_fuel_kg_h.value).toBeCloseTo(20 * 2.49 + 50 * 2.23, 6); // 49.8 + 111.5
    expect(k.co2_grid_kg_h.value).toBeCloseTo(100, 6);
    expect(k.co2_kg_h.value).toBeCloseTo(49.8 + 111.5 + 100, 6);
    expect(k.grid_factor_kg_per_kwh.value).toBe(0.5);
  });

  it('reserve: water, living water, person-days, stored heat, fuel, battery and heat autonomy', async () => {
    const r = (await site('alpha')).reserve;
    // V = 10 m² × 8 m = 80 m³; usable = 80 − 5 = 75; living = 75 − 40 = 35 m³ → 35,000 L / 20 = 1,750 person-days
    expect(r.water_volume_m3.value).toBeCloseTo(80, 6);
    expect(r.usable_water_m3.value).toBeCloseTo(75, 6);
    expect(r.living_water_m3.value).toBeCloseTo(35, 6);
    expect(r.fire_reserve_kept).toBe(true);
    expect(r.person_days.value).toBeCloseTo(1750, 6);
    expect(r.days_for_population.value).toBeCloseTo(17.5, 6);
    // 100 m³ from 60 to 40 °C ≈ 2,284 kWh (DOMAIN §9) → 80 m³ ≈ 1,827 kWh
    expect(r.stored_heat_kwh.value).toBeGreaterThan(2284 * 0.8 * 0.995);
    expect(r.stored_heat_kwh.value).toBeLessThan(2284 * 0.8 * 1.005);
    // 1,000 L kerosene × 36.7 MJ/L / 3.6 = 10,194.4 kWh
    expect(r.fuel_energy_kwh.value).toBeCloseTo((1000 * 36.7) / 3.6, 3);
    // at the current rate of 20 L/h: 50 h
    expect(r.fuel_hours.value).toBeCloseTo(50, 6);
    // battery 50 % × 100 kWh = 50 kWh at 10 kW critical load = 5 h
    expect(r.battery_kwh.value).toBeCloseTo(50, 6);
    expect(r.battery_hours.value).toBeCloseTo(5, 6);
    // autonomy = (stored heat + fuel kWh × 0.9) / 500 kW demand (heat delivered)
    const expected = (r.stored_heat_kwh.value + ((1000 * 36.7) / 3.6) * 0.9) / 500;
    expect(expected).toBeGreaterThan(21.9);
    expect(expected).toBeLessThan(22.1);
    expect(r.heat_autonomy_h.value).toBeCloseTo(expected, 6);
    expect(r.heat_demand_kw.value).toBe(500);
    expect(r.status).toBe('warning'); // 6 h ≤ 22 h < 24 h
    expect(r.reasons).toEqual(['autonomy_below_warning']);
  });

  it('GET /api/reserves lists every site and GET /api/sites the summaries', async () => {
    const res = await app.inject({ url: '/api/reserves', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().reserves.map((r: { site: string }) => r.site)).toEqual(['alpha', 'beta']);
    const list = await app.inject({ url: '/api/sites', headers: auth });
    const alpha = list.json().sites.find((s: { id: string }) => s.id === 'alpha');
    expect(alpha.reserve_status).toBe('warning');
    expect(alpha.kpis.cop_by_asset.hp.value).toBeCloseTo(3, 6);
  });

  it('a tank below its fire reserve makes the site critical', async () => {
    await stack.publishState('alpha', 'tank', { level_m: 4, temp_top_c: 60, temp_mid_c: 60, temp_bottom_c: 60 });
    // V = 40 m³, usable 35 < 40 fire reserve
    await waitFor(async () => (await site('alpha')).reserve.usable_water_m3.value === 35, {
      description: 'tank update',
    });
    const r = (await site('alpha')).reserve;
    expect(r.fire_reserve_kept).toBe(false);
    expect(r.living_water_m3.value).toBe(0);
    expect(r.status).toBe('critical');
    expect(r.reasons).toContain('below_fire_reserve');
  });
});

describe('stale data', () => {
  it('gives reserve status unknown, never ok, and marks figures stale', async () => {
    const ts = Date.now();
    await stack.publishState('beta', 'tank', { level_m: 9, temp_top_c: 70, temp_mid_c: 60, temp_bottom_c: 50 }, ts);
    await stack.publishState('beta', 'meter', { heat_kw: 10 }, ts);
    await waitFor(async () => (await site('beta')).reserve.status === 'ok', { description: 'beta ok while live' });
    // expected_interval_s = 1 → stale after 3 s without data
    await waitFor(async () => (await site('beta')).reserve.status === 'unknown', {
      timeoutMs: 8_000,
      description: 'beta unknown',
    });
    const s = await site('beta');
    expect(s.reserve.reasons).toContain('stale_data');
    expect(s.reserve.stale_assets).toEqual(['tank', 'meter']);
    expect(s.reserve.usable_water_m3.stale).toBe(true);
    expect(s.assets[0].live.data_state).toBe('stale');
    expect(s.assets[0].live.age_s).toBeGreaterThanOrEqual(3);
  });
});
