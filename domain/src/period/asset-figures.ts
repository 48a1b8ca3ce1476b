/** One asset's figures over a period (the report's asset table), from what its traits and reserve say it does. */
import { periodCop } from '../calc/cop.ts';
import { fuelCo2Kg, fuelEnergyGj } from '../calc/fuels.ts';
import { boilerEfficiency } from '../calc/primary-energy.ts';
import { capacityFactor, performanceRatio, specificYieldKwhPerKwp } from '../calc/pv.ts';
import { completeness } from '../calc/quality.ts';
import { fuelOf, hasTrait, moduleOf } from '../assets/index.ts';
import type { FuelSpecEntry } from '../registry/schema.ts';
import { expectedSlots, gaugeMean, gaugeMin, type AssetAcc, type AssetPlan } from './accumulate.ts';
import type { AssetFigures } from './schemas.ts';

export interface AssetFigureContext {
  from_ms: number;
  to_ms: number;
  now_ms?: number | undefined;
  hours: number;
  fuel: (fuelId: string) => FuelSpecEntry;
}

const param = (asset: object, key: string): number | null => {
  const v = (asset as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : null;
};

export function assetFigures(ctx: AssetFigureContext, p: AssetPlan, a: AssetAcc): AssetFigures {
  const asset = p.asset;
  const is = (t: Parameters<typeof hasTrait>[1]) => hasTrait(asset, t);
  const reserve = moduleOf(asset).reserve;
  const expected = expectedSlots(ctx.from_ms, ctx.to_ms, asset.expected_interval_s, ctx.now_ms);
  const n = (flag: boolean, v: number): number | null => (flag ? v : null);
  const f: AssetFigures = {
    asset: asset.id,
    type: asset.type,
    name: { ja: asset.name.ja, en: asset.name.en },
    received_samples: a.received,
    expected_samples: expected,
    completeness: completeness(a.slots, expected),
    counter_resets: a.resets,
    energy_source: p.counterUsed ? 'counter' : p.integrated ? 'integrated' : 'none',
    heat_kwh: n(p.has.heat, a.flow.heat),
    electricity_kwh: is('consumes_electricity') ? n(p.has.electricity_in, a.flow.electricity_in) : null,
    running_heat_kwh: null,
    running_electricity_kwh: null,
    cop_total: null,
    cop_running: null,
    defrost_kwh: null,
    heat_while_off_kwh: null,
    fuel: null,
    fuel_unit: null,
    fuel_amount: null,
    fuel_gj: null,
    efficiency: null,
    co2_kg: null,
    generated_kwh: is('produces_electricity') ? n(p.has.electricity_out, a.flow.electricity_out) : null,
    kwp: null,
    specific_yield_kwh_per_kwp: null,
    capacity_factor: null,
    performance_ratio: null,
    import_kwh: is('meters_grid') ? n(p.has.grid_import, a.flow.grid_import) : null,
    export_kwh: is('meters_grid') ? n(p.has.grid_export, a.flow.grid_export) : null,
    usable_water_min_m3: null,
    usable_water_mean_m3: null,
    stored_heat_min_kwh: null,
    stored_heat_mean_kwh: null,
    hours_below_fire_reserve: null,
    fire_reserve_m3: null,
    volume_min_l: null,
    volume_mean_l: null,
    soc_min_pct: null,
    soc_mean_pct: null,
  };
  if (is('has_cop')) {
    f.running_heat_kwh = a.heat_running;
    f.running_electricity_kwh = a.electricity_in_running;
    f.cop_total = periodCop(a.flow.heat, a.flow.electricity_in);
    f.cop_running = periodCop(a.heat_running, a.electricity_in_running);
    f.defrost_kwh = a.flow.defrost;
    f.heat_while_off_kwh = a.heat_off;
  }
  const fuel = fuelOf(asset);
  if (is('burns_fuel') && fuel !== null) {
    const spec = ctx.fuel(fuel);
    f.fuel = fuel;
    f.fuel_unit = spec.unit;
    f.fuel_amount = n(p.has.fuel, a.flow.fuel);
    f.fuel_gj = p.has.fuel ? fuelEnergyGj(a.flow.fuel, spec) : null;
    f.co2_kg = p.has.fuel ? fuelCo2Kg(a.flow.fuel, spec) : null;
    // what it makes of its fuel: heat (boilers, CHP on heat), else electricity (generators)
    const made = is('produces_heat')
      ? p.has.heat
        ? a.flow.heat
        : null
      : p.has.electricity_out
        ? a.flow.electricity_out
        : null;
    f.efficiency = p.has.fuel && made !== null ? boilerEfficiency(made, a.flow.fuel, spec) : null;
  }
  if (is('solar')) {
    const kwp = param(asset, 'kwp') ?? 0;
    f.kwp = kwp;
    if (p.has.electricity_out) {
      f.specific_yield_kwh_per_kwp = specificYieldKwhPerKwp(a.flow.electricity_out, kwp);
      f.capacity_factor = capacityFactor(a.flow.electricity_out, kwp, ctx.hours);
      if (p.has.irradiance) f.performance_ratio = performanceRatio(a.flow.electricity_out, kwp, a.irradiation);
    }
  }
  if (reserve?.kind === 'water') {
    f.usable_water_min_m3 = gaugeMin(a, 'usable_water_m3');
    f.usable_water_mean_m3 = gaugeMean(a, 'usable_water_m3');
    f.stored_heat_min_kwh = gaugeMin(a, 'stored_heat_kwh');
    f.stored_heat_mean_kwh = gaugeMean(a, 'stored_heat_kwh');
    f.hours_below_fire_reserve = p.reserveSeen ? a.below_h : null;
    f.fire_reserve_m3 = param(asset, 'fire_reserve_m3');
  } else if (reserve?.kind === 'fuel') {
    f.volume_min_l = gaugeMin(a, reserve.contents);
    f.volume_mean_l = gaugeMean(a, reserve.contents);
  } else if (reserve?.kind === 'electricity') {
    f.soc_min_pct = gaugeMin(a, 'soc_pct');
    f.soc_mean_pct = gaugeMean(a, 'soc_pct');
  }
  return f;
}
