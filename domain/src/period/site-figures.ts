/**
 * A site's figures over some days of a period (DESIGN §6, DOMAIN §3–§9), from its assets' accumulations: each
 * asset adds what its traits say it does — heat produced or delivered, electricity used or generated, fuel burnt,
 * grid import and export, water held.
 */
import { periodCop } from '../calc/cop.ts';
import { heatCo2IntensityKgPerGjFromKwh, periodCo2, pvAvoidedCo2Kg, renewableHeatShare } from '../calc/co2.ts';
import { scope2Kwh } from '../calc/electricity.ts';
import { fuelCo2Kg, fuelEnergyGj, fuelEnergyKwh } from '../calc/fuels.ts';
import { safeRatio } from '../calc/num.ts';
import { KWH_TO_GJ, plantPrimaryCop } from '../calc/primary-energy.ts';
import { capacityFactor, hoursInPeriod, specificYieldKwhPerKwp } from '../calc/pv.ts';
import { completeness } from '../calc/quality.ts';
import { fuelOf, hasTrait, moduleOf } from '../assets/index.ts';
import type { FuelSpecEntry, Site } from '../registry/schema.ts';
import { accOver, expectedSlots, gaugeMean, gaugeMin, type AssetPlan } from './accumulate.ts';
import type { Range } from './buckets.ts';
import type { Co2BySource, SiteFigures } from './schemas.ts';

export interface SiteFigureContext {
  site: Site;
  fuel: (fuelId: string) => FuelSpecEntry;
  now_ms?: number | undefined;
  plans: readonly AssetPlan[];
  /** The days of the period, in order. */
  ranges: readonly Range[];
  /** Grid emission and primary-energy factors in force at an instant (the day's date). */
  factorsOn: (from_ms: number) => { grid: number; primary: number };
}

/** The kWp of a solar asset (its `kwp` parameter). */
const kwpOf = (asset: object): number => ('kwp' in asset && typeof asset.kwp === 'number' ? asset.kwp : 0);

/** Everything a site figure needs for the ranges (days) with the given indices. */
export function siteFigures(
  ctx: SiteFigureContext,
  idx: readonly number[],
  alarms: Record<string, number>,
): SiteFigures {
  const { plans, ranges } = ctx;
  const from_ms = ranges[idx[0]!]?.from_ms ?? 0;
  const to_ms = ranges[idx.at(-1)!]?.to_ms ?? 0;
  const hours = hoursInPeriod(from_ms, to_ms);
  const hasGridMeter = ctx.site.assets.some((a) => hasTrait(a, 'meters_grid'));
  const heat_by_generator_kwh: Record<string, number> = {};
  const cop_by_asset: Record<string, number | null> = {};
  const ambient: { heat_kwh: number; electricity_kwh: number }[] = [];
  let heat_produced = 0;
  let meterHeat: number | null = null;
  let copHeat = 0;
  let copElec = 0;
  let elec = 0;
  let runHeat = 0;
  let runElec = 0;
  let defrost = 0;
  let fuelGeneration = 0;
  let gridImp: number | null = null;
  let gridExp: number | null = null;
  let pv: number | null = null;
  let pvKwp = 0;
  let biogenicHeat = 0;
  let boilerHeat = 0;
  let boilerFuelKwh = 0;
  const fuelAmounts = new Map<string, number>();
  let usableMin: number | null = null;
  let usableMean: number | null = null;
  let storedMin: number | null = null;
  let storedMean: number | null = null;
  let below: number | null = null;
  let slots = 0;
  let expected = 0;
  let received = 0;
  const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

  for (const p of plans) {
    const a = accOver(p, idx);
    const asset = p.asset;
    const is = (t: Parameters<typeof hasTrait>[1]) => hasTrait(asset, t);
    received += a.received;
    slots += a.slots;
    for (const i of idx)
      expected += expectedSlots(ranges[i]!.from_ms, ranges[i]!.to_ms, asset.expected_interval_s, ctx.now_ms);
    if (is('produces_heat')) {
      heat_by_generator_kwh[asset.id] = a.flow.heat;
      heat_produced += a.flow.heat;
    }
    if (is('meters_heat_delivered') && p.has.heat) meterHeat = (meterHeat ?? 0) + a.flow.heat;
    if (is('consumes_electricity')) elec += a.flow.electricity_in;
    if (is('has_cop')) {
      copHeat += a.flow.heat;
      copElec += a.flow.electricity_in;
      runHeat += a.heat_running;
      runElec += a.electricity_in_running;
      defrost += a.flow.defrost;
      cop_by_asset[asset.id] = periodCop(a.flow.heat, a.flow.electricity_in);
    }
    // heat pumps' ambient heat is renewable (DOMAIN §7)
    if (is('produces_heat') && is('consumes_electricity'))
      ambient.push({ heat_kwh: a.flow.heat, electricity_kwh: a.flow.electricity_in });
    const fuel = fuelOf(asset);
    if (is('burns_fuel') && fuel !== null) {
      fuelAmounts.set(fuel, (fuelAmounts.get(fuel) ?? 0) + a.flow.fuel);
      const spec = ctx.fuel(fuel);
      if (is('produces_heat') && spec.biogenic) biogenicHeat += a.flow.heat;
      if (is('produces_heat') && !is('produces_electricity')) {
        boilerHeat += a.flow.heat;
        boilerFuelKwh += fuelEnergyKwh(a.flow.fuel, spec) ?? 0;
      }
      if (is('produces_electricity')) fuelGeneration += a.flow.electricity_out;
    }
    if (is('meters_grid')) {
      // a grid meter of the registry counts, with or without data (a gap lowers completeness, DOMAIN §6)
      gridImp = (gridImp ?? 0) + a.flow.grid_import;
      if (p.has.grid_export) gridExp = (gridExp ?? 0) + a.flow.grid_export;
    }
    if (is('solar')) {
      pvKwp += kwpOf(asset);
      if (p.has.electricity_out) pv = (pv ?? 0) + a.flow.electricity_out;
    }
    if (moduleOf(asset).reserve?.kind === 'water') {
      usableMin = add(usableMin, gaugeMin(a, 'usable_water_m3'));
      usableMean = add(usableMean, gaugeMean(a, 'usable_water_m3'));
      storedMin = add(storedMin, gaugeMin(a, 'stored_heat_kwh'));
      storedMean = add(storedMean, gaugeMean(a, 'stored_heat_kwh'));
      if (p.reserveSeen) below = Math.max(below ?? 0, a.below_h);
    }
  }

  // The electricity the plant buys (DOMAIN §4, §6), day by day with the factors in force on each date.
  let co2Grid = 0;
  let scope2: number | null = null;
  let pvAvoided = 0;
  let elecPrimaryMj = 0;
  for (const i of idx) {
    let rElec = 0;
    let rImp = 0;
    let rPv: number | null = null;
    let rConsumers = false;
    for (const p of plans) {
      const a = p.byRange[i]!;
      if (hasTrait(p.asset, 'consumes_electricity') && p.has.electricity_in) {
        rElec += a.flow.electricity_in;
        rConsumers = true;
      }
      if (hasTrait(p.asset, 'meters_grid')) rImp += a.flow.grid_import;
      if (hasTrait(p.asset, 'solar') && p.has.electricity_out) rPv = (rPv ?? 0) + a.flow.electricity_out;
    }
    const { grid, primary } = ctx.factorsOn(ranges[i]!.from_ms);
    const s2 = hasGridMeter
      ? scope2Kwh({ grid_import_kwh: rImp })
      : scope2Kwh({
          ...(rConsumers ? { consumption_kwh: rElec } : {}),
          ...(rPv !== null ? { pv_kwh: rPv } : {}),
        });
    if (s2 !== null) {
      scope2 = (scope2 ?? 0) + s2;
      co2Grid += periodCo2({ fuels: [], scope2_kwh: s2, grid_factor_kg_per_kwh: grid }).electricity_co2_kg;
      elecPrimaryMj += s2 * primary;
    }
    pvAvoided += pvAvoidedCo2Kg(rPv ?? 0, grid);
  }

  const fuel_by_type: SiteFigures['fuel_by_type'] = {};
  const co2_by_source: Co2BySource[] = [];
  let fuelGj = 0;
  for (const [fuel, amount] of fuelAmounts) {
    const spec = ctx.fuel(fuel);
    const gj = fuelEnergyGj(amount, spec) ?? 0;
    const co2 = fuelCo2Kg(amount, spec) ?? 0;
    fuelGj += gj;
    fuel_by_type[fuel] = { amount, unit: spec.unit, gj, co2_kg: co2 };
    co2_by_source.push({ source: fuel, kind: 'fuel', co2_kg: co2 });
  }
  const fuelCo2 = periodCo2({
    fuels: [...fuelAmounts].map(([f, amount]) => ({ amount, spec: ctx.fuel(f) })),
    scope2_kwh: 0,
    grid_factor_kg_per_kwh: 0,
  }).fuel_co2_kg;
  co2_by_source.push({ source: 'grid', kind: 'grid', co2_kg: co2Grid });

  const delivered = meterHeat ?? heat_produced;
  const plantElec = scope2 ?? 0;
  // effective primary factor of the range: weighted by the electricity bought on each day
  const effectivePrimary = plantElec > 0 ? elecPrimaryMj / plantElec : 0;
  const plant_primary_cop = plantPrimaryCop({
    heat_delivered_gj: delivered * KWH_TO_GJ,
    fuel_energy_gj_hhv: fuelGj,
    electricity_kwh: plantElec,
    primary_factor_mj_per_kwh: effectivePrimary,
  });
  const co2Total = fuelCo2 + co2Grid;
  const renewable = renewableHeatShare({
    total_heat_kwh: heat_produced,
    biogenic_heat_kwh: biogenicHeat,
    heat_pumps: ambient,
  });
  let renewableKwh = biogenicHeat;
  for (const hp of ambient) renewableKwh += Math.max(0, hp.heat_kwh - hp.electricity_kwh);

  return {
    hours,
    heat_produced_kwh: heat_produced,
    heat_delivered_kwh: delivered,
    heat_delivered_source: meterHeat !== null ? 'heat_meter' : 'generators',
    heat_by_generator_kwh,
    electricity_used_kwh: elec,
    plant_electricity_kwh: scope2,
    running_electricity_kwh: runElec,
    cop_total: periodCop(copHeat, copElec),
    cop_running: periodCop(runHeat, runElec),
    defrost_kwh: defrost,
    cop_by_asset,
    fuel_generation_kwh: fuelGeneration,
    grid_import_kwh: gridImp,
    grid_export_kwh: gridExp,
    pv_kwh: pv,
    pv_specific_yield_kwh_per_kwp: pv === null ? null : specificYieldKwhPerKwp(pv, pvKwp),
    pv_capacity_factor: pv === null ? null : capacityFactor(pv, pvKwp, hours),
    fuel_gj: fuelGj,
    fuel_by_type,
    boiler_efficiency: safeRatio(boilerHeat, boilerFuelKwh),
    primary_energy_gj: fuelGj + elecPrimaryMj / 1000,
    plant_primary_cop,
    scope2_kwh: scope2,
    co2_fuel_kg: fuelCo2,
    co2_grid_kg: co2Grid,
    co2_total_kg: co2Total,
    co2_by_source,
    pv_avoided_co2_kg: pvAvoided,
    heat_co2_intensity_kg_per_gj: heatCo2IntensityKgPerGjFromKwh(co2Total, delivered),
    renewable_heat_kwh: renewableKwh,
    renewable_heat_share: renewable,
    usable_water_min_m3: usableMin,
    usable_water_mean_m3: usableMean,
    stored_heat_min_kwh: storedMin,
    stored_heat_mean_kwh: storedMean,
    hours_below_fire_reserve: below,
    received_samples: received,
    expected_samples: expected,
    completeness: expected > 0 ? completeness(slots, expected) : null,
    alarms,
    alarms_total: Object.values(alarms).reduce((n, k) => n + k, 0),
  };
}
