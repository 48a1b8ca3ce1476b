/**
 * Period figures (DESIGN §6) from per-asset bucket aggregates: daily rows in the site's time zone and period
 * totals. All formulas are the calc functions (DOMAIN §1–§10); this module only adds up and chooses inputs.
 */
import { copFromIntervals, periodCop, COP_MIN_POWER_FRACTION } from '../calc/cop.ts';
import type { CopInterval } from '../calc/cop.ts';
import { periodCo2, pvAvoidedCo2Kg, heatCo2IntensityKgPerGjFromKwh, renewableHeatShare } from '../calc/co2.ts';
import { datedEntryAt, PRIMARY_ENERGY_FACTOR_TABLE, scope2Kwh } from '../calc/electricity.ts';
import type { DatedValue } from '../calc/electricity.ts';
import { fuelCo2Kg, fuelEnergyGj, fuelEnergyKwh } from '../calc/fuels.ts';
import {
  boilerEfficiency,
  KWH_TO_GJ,
  NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
  plantPrimaryCop,
} from '../calc/primaryEnergy.ts';
import { capacityFactor, hoursInPeriod, performanceRatio, specificYieldKwhPerKwp } from '../calc/pv.ts';
import { completeness, expectedSamples } from '../calc/quality.ts';
import { safeRatio } from '../calc/num.ts';
import { dayRanges } from '../calc/time.ts';
import type { Asset, FuelSpecEntry, Site } from '../registry/schema.ts';
import { bucketMeanEnergy, counterChain } from './counters.ts';
import type {
  AlarmCount,
  AssetBuckets,
  AssetFigures,
  Bucket,
  Co2BySource,
  DayRow,
  FactorUsed,
  FactorsUsed,
  FuelFactorUsed,
  PeriodResult,
  SiteFigures,
} from './types.ts';

export interface PeriodInput {
  site: Site;
  /** Fuel table after overrides (RegistryIndex.fuel). */
  fuel: (fuelId: string) => FuelSpecEntry;
  from_ms: number;
  to_ms: number;
  /** Buckets per asset id; assets without an entry had no data. */
  assets: Readonly<Partial<Record<string, AssetBuckets>>>;
  alarms?: readonly AlarmCount[];
  /** Alarm severities always listed (with 0). */
  severities?: readonly string[];
}

export const NATIONAL_AVERAGE_SOURCE = 'JHSBA, national average of district heating and cooling, FY2024 (002)';
const RESERVE_GAUGES = ['usable_water_m3', 'stored_heat_kwh', 'volume_l', 'soc_pct'] as const;
type ReserveGauge = (typeof RESERVE_GAUGES)[number];

/** One asset's values in one bucket, after choosing counter or integration. */
interface BucketValues {
  start_ms: number;
  samples: number;
  heat: number;
  elec: number;
  running: boolean;
  generated: number;
  fuel: number;
  imp: number;
  exp: number;
  irradiation: number;
  defrost: number;
  below_h: number;
  gauges: Partial<Record<ReserveGauge, { mean: number; min: number; count: number }>>;
}

interface AssetPlan {
  asset: Asset;
  values: BucketValues[];
  /** which quantities the asset measures in the period */
  has: { heat: boolean; elec: boolean; generated: boolean; fuel: boolean; imp: boolean; exp: boolean; irr: boolean };
  counterUsed: boolean;
  integrated: boolean;
  resets: number;
  tankSeen: boolean;
}

const HOUR_MS = 3_600_000;

/** Counter field, and the gauge integrated where the counter does not exist (DOMAIN §1). */
type Quantity = 'heat' | 'elec' | 'generated' | 'fuel' | 'imp' | 'exp';
const SOURCES: Partial<Record<Asset['type'], Partial<Record<Quantity, [counter: string, gauge: string]>>>> = {
  heat_pump: { heat: ['heat_kwh', 'heat_kw'], elec: ['energy_kwh', 'power_kw'] },
  boiler: { heat: ['heat_kwh', 'heat_kw'], fuel: ['fuel_total', 'fuel_rate'] },
  chp: { heat: ['heat_kwh', 'heat_kw'], fuel: ['fuel_total', 'fuel_rate'], generated: ['energy_kwh', 'power_kw'] },
  heat_meter: { heat: ['heat_kwh', 'heat_kw'] },
  pv: { generated: ['energy_kwh', 'power_kw'] },
  grid_meter: { imp: ['import_kwh', 'import_kw'], exp: ['export_kwh', 'export_kw'] },
};

function planAsset(asset: Asset, data: AssetBuckets | undefined, from_ms: number, to_ms: number): AssetPlan {
  const buckets = (data?.buckets ?? []).filter((b) => b.start_ms >= from_ms && b.start_ms < to_ms);
  const interval_s = asset.expected_interval_s;
  const values: BucketValues[] = buckets
    .slice()
    .sort((a, b) => a.start_ms - b.start_ms)
    .map((b) => ({
      start_ms: b.start_ms,
      samples: b.samples,
      heat: 0,
      elec: 0,
      running: false,
      generated: 0,
      fuel: 0,
      imp: 0,
      exp: 0,
      irradiation: 0,
      defrost: 0,
      below_h: 0,
      gauges: {},
    }));
  const byStart = new Map(values.map((v) => [v.start_ms, v]));
  const has = { heat: false, elec: false, generated: false, fuel: false, imp: false, exp: false, irr: false };
  let counterUsed = false;
  let integrated = false;
  let resets = 0;

  for (const [q, pair] of Object.entries(SOURCES[asset.type] ?? {}) as [Quantity, [string, string]][]) {
    const [counter, gauge] = pair;
    const chain = counterChain(buckets, counter, data?.seed?.[counter]);
    if (chain.present) {
      has[q] = true;
      counterUsed = true;
      resets += chain.resets;
      for (const [start, inc] of chain.perBucket) {
        const v = byStart.get(start);
        if (v) v[q] += inc;
      }
    } else if (buckets.some((b) => (b.gauges[gauge]?.count ?? 0) > 0)) {
      has[q] = true;
      integrated = true;
      for (const b of buckets) {
        const v = byStart.get(b.start_ms);
        if (v) v[q] += bucketMeanEnergy(b.gauges[gauge], b, interval_s);
      }
    }
  }

  let tankSeen = false;
  for (const b of buckets) {
    const v = byStart.get(b.start_ms);
    if (!v) continue;
    const bucket_h = (b.end_ms - b.start_ms) / HOUR_MS;
    if (asset.type === 'heat_pump') {
      const running = b.gauges.running;
      const power = b.gauges.power_kw;
      v.running =
        running && running.count > 0
          ? running.max >= 1
          : power && power.count > 0
            ? power.max >= COP_MIN_POWER_FRACTION * asset.rated_power_kw
            : v.heat > 0;
      const neg = b.negative_heat;
      if (neg && neg.heat_samples > 0 && neg.sum_kw < 0) {
        // each heat_kw sample stands for its share of the bucket's time
        v.defrost = (-neg.sum_kw * bucket_h) / neg.heat_samples;
      }
    }
    if (asset.type === 'pv') {
      const irr = b.gauges.irradiance_wm2;
      if (irr && irr.count > 0) {
        has.irr = true;
        v.irradiation = bucketMeanEnergy(irr, b, interval_s) / 1000; // W/m² · h → kWh/m²
      }
    }
    if (asset.type === 'storage_tank') {
      const kept = b.gauges.fire_reserve_kept;
      if (kept && kept.count > 0) {
        tankSeen = true;
        v.below_h = (1 - Math.min(1, Math.max(0, kept.mean))) * bucket_h;
      }
    }
    for (const g of RESERVE_GAUGES) {
      const s = b.gauges[g];
      if (s && s.count > 0 && Number.isFinite(s.mean)) {
        v.gauges[g] = { mean: s.mean, min: s.min, count: s.count };
        if (asset.type === 'storage_tank') tankSeen = true;
      }
    }
  }
  return { asset, values, has, counterUsed, integrated, resets, tankSeen };
}

/** Additive quantities of one asset over a set of buckets. */
interface AssetAcc {
  received: number;
  heat: number;
  elec: number;
  generated: number;
  fuel: number;
  imp: number;
  exp: number;
  irradiation: number;
  defrost: number;
  below_h: number;
  intervals: CopInterval[];
  gauges: Partial<Record<ReserveGauge, { sum: number; count: number; min: number }>>;
}

function accumulate(values: readonly BucketValues[]): AssetAcc {
  const acc: AssetAcc = {
    received: 0,
    heat: 0,
    elec: 0,
    generated: 0,
    fuel: 0,
    imp: 0,
    exp: 0,
    irradiation: 0,
    defrost: 0,
    below_h: 0,
    intervals: [],
    gauges: {},
  };
  for (const v of values) {
    acc.received += v.samples;
    acc.heat += v.heat;
    acc.elec += v.elec;
    acc.generated += v.generated;
    acc.fuel += v.fuel;
    acc.imp += v.imp;
    acc.exp += v.exp;
    acc.irradiation += v.irradiation;
    acc.defrost += v.defrost;
    acc.below_h += v.below_h;
    acc.intervals.push({ heat_kwh: v.heat, electricity_kwh: v.elec, running: v.running });
    for (const [g, s] of Object.entries(v.gauges) as [ReserveGauge, { mean: number; min: number; count: number }][]) {
      const a = (acc.gauges[g] ??= { sum: 0, count: 0, min: Infinity });
      a.sum += s.mean * s.count;
      a.count += s.count;
      a.min = Math.min(a.min, s.min);
    }
  }
  return acc;
}

const gaugeMin = (acc: AssetAcc, g: ReserveGauge): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.min : null;
};
const gaugeMean = (acc: AssetAcc, g: ReserveGauge): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.sum / s.count : null;
};

function sourceOf(entry: DatedValue | null): string | null {
  return entry?.source ?? null;
}

function primaryTable(site: Site): readonly DatedValue[] {
  return site.primary_energy_factors.length ? site.primary_energy_factors : PRIMARY_ENERGY_FACTOR_TABLE;
}

/** Everything a site figure needs for one time range, computed from the per-asset accumulations. */
function siteFigures(
  input: PeriodInput,
  plans: readonly AssetPlan[],
  accOf: (p: AssetPlan) => AssetAcc,
  ranges: readonly { from_ms: number; to_ms: number; accOf: (p: AssetPlan) => AssetAcc }[],
  alarms: Record<string, number>,
  factorsOn: (from_ms: number) => { grid: number; primary: number },
): SiteFigures {
  const from_ms = ranges[0]?.from_ms ?? input.from_ms;
  const to_ms = ranges.at(-1)?.to_ms ?? input.to_ms;
  const hours = hoursInPeriod(from_ms, to_ms);
  const heat_by_generator_kwh: Record<string, number> = {};
  const cop_by_heat_pump: Record<string, number | null> = {};
  const hpIntervals: CopInterval[] = [];
  const hps: { heat_kwh: number; electricity_kwh: number }[] = [];
  let heat_produced = 0;
  let meterHeat: number | null = null;
  let elec = 0;
  let defrost = 0;
  let chpElec = 0;
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
  let received = 0;
  let expected = 0;
  const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

  for (const p of plans) {
    const a = accOf(p);
    const asset = p.asset;
    received += a.received;
    expected += expectedSamples(from_ms, to_ms, asset.expected_interval_s);
    switch (asset.type) {
      case 'heat_pump': {
        heat_by_generator_kwh[asset.id] = a.heat;
        heat_produced += a.heat;
        elec += a.elec;
        defrost += a.defrost;
        hpIntervals.push(...a.intervals);
        hps.push({ heat_kwh: a.heat, electricity_kwh: a.elec });
        cop_by_heat_pump[asset.id] = periodCop(a.heat, a.elec);
        break;
      }
      case 'boiler':
      case 'chp': {
        heat_by_generator_kwh[asset.id] = a.heat;
        heat_produced += a.heat;
        fuelAmounts.set(asset.fuel, (fuelAmounts.get(asset.fuel) ?? 0) + a.fuel);
        const spec = input.fuel(asset.fuel);
        if (spec.biogenic) biogenicHeat += a.heat;
        if (asset.type === 'boiler') {
          boilerHeat += a.heat;
          boilerFuelKwh += fuelEnergyKwh(a.fuel, spec) ?? 0;
        } else chpElec += a.generated;
        break;
      }
      case 'heat_meter':
        if (p.has.heat) meterHeat = (meterHeat ?? 0) + a.heat;
        break;
      case 'grid_meter':
        if (p.has.imp) gridImp = (gridImp ?? 0) + a.imp;
        if (p.has.exp) gridExp = (gridExp ?? 0) + a.exp;
        break;
      case 'pv':
        pvKwp += asset.kwp;
        if (p.has.generated) pv = (pv ?? 0) + a.generated;
        break;
      case 'storage_tank':
        usableMin = add(usableMin, gaugeMin(a, 'usable_water_m3'));
        usableMean = add(usableMean, gaugeMean(a, 'usable_water_m3'));
        storedMin = add(storedMin, gaugeMin(a, 'stored_heat_kwh'));
        storedMean = add(storedMean, gaugeMean(a, 'stored_heat_kwh'));
        if (p.tankSeen) below = Math.max(below ?? 0, a.below_h);
        break;
      default:
        break;
    }
  }

  // Electricity and grid factors by date: each range (day) with the entries in force on its date.
  let co2Grid = 0;
  let scope2: number | null = null;
  let pvAvoided = 0;
  let elecPrimaryMj = 0;
  for (const r of ranges) {
    let rElec = 0;
    let rImp: number | null = null;
    let rPv: number | null = null;
    for (const p of plans) {
      const a = r.accOf(p);
      if (p.asset.type === 'heat_pump') rElec += a.elec;
      if (p.asset.type === 'grid_meter' && p.has.imp) rImp = (rImp ?? 0) + a.imp;
      if (p.asset.type === 'pv' && p.has.generated) rPv = (rPv ?? 0) + a.generated;
    }
    const { grid, primary } = factorsOn(r.from_ms);
    const s2 = scope2Kwh({
      ...(gridImp !== null ? { grid_import_kwh: rImp ?? 0 } : {}),
      consumption_kwh: rElec,
      ...(rPv !== null ? { pv_kwh: rPv } : {}),
    });
    if (s2 !== null) {
      scope2 = (scope2 ?? 0) + s2;
      co2Grid += periodCo2({ fuels: [], scope2_kwh: s2, grid_factor_kg_per_kwh: grid }).electricity_co2_kg;
    }
    pvAvoided += pvAvoidedCo2Kg(rPv ?? 0, grid);
    elecPrimaryMj += rElec * primary;
  }

  const fuel_by_type: SiteFigures['fuel_by_type'] = {};
  const co2_by_source: Co2BySource[] = [];
  let fuelGj = 0;
  for (const [fuel, amount] of fuelAmounts) {
    const spec = input.fuel(fuel);
    const gj = fuelEnergyGj(amount, spec) ?? 0;
    const co2 = fuelCo2Kg(amount, spec) ?? 0;
    fuelGj += gj;
    fuel_by_type[fuel] = { amount, unit: spec.unit, gj, co2_kg: co2 };
    co2_by_source.push({ source: fuel, kind: 'fuel', co2_kg: co2 });
  }
  const fuelCo2 = periodCo2({
    fuels: [...fuelAmounts].map(([f, amount]) => ({ amount, spec: input.fuel(f) })),
    scope2_kwh: 0,
    grid_factor_kg_per_kwh: 0,
  }).fuel_co2_kg;
  co2_by_source.push({ source: 'grid', kind: 'grid', co2_kg: co2Grid });

  const delivered = meterHeat ?? heat_produced;
  const cop = copFromIntervals(hpIntervals);
  // effective primary factor of the range: electricity-weighted over its days
  const effectivePrimary = elec > 0 ? elecPrimaryMj / elec : 0;
  const plant_primary_cop = plantPrimaryCop({
    heat_delivered_gj: delivered * KWH_TO_GJ,
    fuel_energy_gj_hhv: fuelGj,
    electricity_kwh: elec,
    primary_factor_mj_per_kwh: effectivePrimary,
  });
  const co2Total = fuelCo2 + co2Grid;
  const renewable = renewableHeatShare({
    total_heat_kwh: heat_produced,
    biogenic_heat_kwh: biogenicHeat,
    heat_pumps: hps,
  });
  let renewableKwh = biogenicHeat;
  for (const hp of hps) renewableKwh += Math.max(0, hp.heat_kwh - hp.electricity_kwh);

  return {
    hours,
    heat_produced_kwh: heat_produced,
    heat_delivered_kwh: delivered,
    heat_delivered_source: meterHeat !== null ? 'heat_meter' : 'generators',
    heat_by_generator_kwh,
    electricity_used_kwh: elec,
    running_electricity_kwh: cop.running_electricity_kwh,
    cop_total: cop.total_cop,
    cop_running: cop.running_cop,
    defrost_kwh: defrost,
    cop_by_heat_pump,
    chp_electricity_kwh: chpElec,
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
    completeness: expected > 0 ? completeness(received, expected) : null,
    alarms,
    alarms_total: Object.values(alarms).reduce((s, n) => s + n, 0),
  };
}

function assetFigures(input: PeriodInput, p: AssetPlan, a: AssetAcc, hours: number): AssetFigures {
  const asset = p.asset;
  const expected = expectedSamples(input.from_ms, input.to_ms, asset.expected_interval_s);
  const n = (flag: boolean, v: number): number | null => (flag ? v : null);
  const f: AssetFigures = {
    asset: asset.id,
    type: asset.type,
    name: { ja: asset.name.ja, en: asset.name.en },
    received_samples: a.received,
    expected_samples: expected,
    completeness: completeness(a.received, expected),
    counter_resets: p.resets,
    energy_source: p.counterUsed ? 'counter' : p.integrated ? 'integrated' : 'none',
    heat_kwh: n(p.has.heat, a.heat),
    electricity_kwh: null,
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
    generated_kwh: null,
    kwp: null,
    specific_yield_kwh_per_kwp: null,
    capacity_factor: null,
    performance_ratio: null,
    import_kwh: null,
    export_kwh: null,
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
  switch (asset.type) {
    case 'heat_pump': {
      const cop = copFromIntervals(a.intervals);
      f.electricity_kwh = n(p.has.elec, a.elec);
      f.running_heat_kwh = cop.running_heat_kwh;
      f.running_electricity_kwh = cop.running_electricity_kwh;
      f.cop_total = cop.total_cop;
      f.cop_running = cop.running_cop;
      f.defrost_kwh = a.defrost;
      f.heat_while_off_kwh = cop.heat_while_off_kwh;
      break;
    }
    case 'boiler':
    case 'chp': {
      const spec = input.fuel(asset.fuel);
      f.fuel = asset.fuel;
      f.fuel_unit = spec.unit;
      f.fuel_amount = n(p.has.fuel, a.fuel);
      f.fuel_gj = p.has.fuel ? fuelEnergyGj(a.fuel, spec) : null;
      f.co2_kg = p.has.fuel ? fuelCo2Kg(a.fuel, spec) : null;
      f.efficiency = p.has.fuel && p.has.heat ? boilerEfficiency(a.heat, a.fuel, spec) : null;
      if (asset.type === 'chp') f.generated_kwh = n(p.has.generated, a.generated);
      break;
    }
    case 'pv':
      f.kwp = asset.kwp;
      f.generated_kwh = n(p.has.generated, a.generated);
      if (p.has.generated) {
        f.specific_yield_kwh_per_kwp = specificYieldKwhPerKwp(a.generated, asset.kwp);
        f.capacity_factor = capacityFactor(a.generated, asset.kwp, hours);
        if (p.has.irr) f.performance_ratio = performanceRatio(a.generated, asset.kwp, a.irradiation);
      }
      break;
    case 'grid_meter':
      f.import_kwh = n(p.has.imp, a.imp);
      f.export_kwh = n(p.has.exp, a.exp);
      break;
    case 'storage_tank':
      f.usable_water_min_m3 = gaugeMin(a, 'usable_water_m3');
      f.usable_water_mean_m3 = gaugeMean(a, 'usable_water_m3');
      f.stored_heat_min_kwh = gaugeMin(a, 'stored_heat_kwh');
      f.stored_heat_mean_kwh = gaugeMean(a, 'stored_heat_kwh');
      f.hours_below_fire_reserve = p.tankSeen ? a.below_h : null;
      f.fire_reserve_m3 = asset.fire_reserve_m3;
      break;
    case 'fuel_tank':
      f.volume_min_l = gaugeMin(a, 'volume_l');
      f.volume_mean_l = gaugeMean(a, 'volume_l');
      break;
    case 'battery':
      f.soc_min_pct = gaugeMin(a, 'soc_pct');
      f.soc_mean_pct = gaugeMean(a, 'soc_pct');
      break;
    default:
      break;
  }
  return f;
}

function factorsIn(table: readonly DatedValue[], days: readonly { from_ms: number }[], tz: string): FactorUsed[] {
  const seen = new Map<string, FactorUsed>();
  for (const d of days) {
    const e = datedEntryAt(table, d.from_ms, tz);
    if (e && !seen.has(e.from_date))
      seen.set(e.from_date, { from_date: e.from_date, value: e.value, source: sourceOf(e) });
  }
  return [...seen.values()];
}

/** Daily rows (local calendar days of the site) and totals over [from_ms, to_ms). */
export function computePeriod(input: PeriodInput): PeriodResult {
  const { site, from_ms, to_ms } = input;
  const tz = site.time_zone;
  const plans = site.assets.map((asset) => planAsset(asset, input.assets[asset.id], from_ms, to_ms));
  const days = dayRanges(from_ms, to_ms, tz);
  const severities = input.severities ?? ['warning', 'critical'];
  const alarmsIn = (a: number, b: number): Record<string, number> => {
    const out: Record<string, number> = Object.fromEntries(severities.map((s) => [s, 0]));
    for (const al of input.alarms ?? [])
      if (al.ts_ms >= a && al.ts_ms < b) out[al.severity] = (out[al.severity] ?? 0) + al.count;
    return out;
  };

  // values are in time order: split each asset's values into the days in one pass
  const dayAccs = days.map(() => new Map<AssetPlan, AssetAcc>());
  for (const p of plans) {
    let i = 0;
    days.forEach((d, k) => {
      const start = i;
      while (i < p.values.length && p.values[i]!.start_ms < d.to_ms) i++;
      const inDay = p.values.slice(start, i).filter((v) => v.start_ms >= d.from_ms);
      dayAccs[k]!.set(p, accumulate(inDay));
    });
  }
  const dayRanged = days.map((d, i) => ({
    from_ms: d.from_ms,
    to_ms: d.to_ms,
    accOf: (p: AssetPlan) => dayAccs[i]!.get(p)!,
  }));
  const totalAcc = new Map(plans.map((p) => [p, accumulate(p.values)]));
  const totalOf = (p: AssetPlan): AssetAcc => totalAcc.get(p)!;

  // factors in force on each day's date, looked up once per day
  const factorCache = new Map<number, { grid: number; primary: number }>();
  const factorsOn = (at: number): { grid: number; primary: number } => {
    let f = factorCache.get(at);
    if (!f) {
      f = {
        grid: datedEntryAt(site.grid_emission_factors, at, tz)?.value ?? 0,
        primary: datedEntryAt(primaryTable(site), at, tz)?.value ?? 0,
      };
      factorCache.set(at, f);
    }
    return f;
  };
  const dayRows: DayRow[] = days.map((d, i) => {
    const r = dayRanged[i]!;
    const fig = siteFigures(input, plans, r.accOf, [r], alarmsIn(d.from_ms, d.to_ms), factorsOn);
    return { date: d.date, from_ms: d.from_ms, to_ms: d.to_ms, has_data: fig.received_samples > 0, ...fig };
  });
  const totals = siteFigures(input, plans, totalOf, dayRanged, alarmsIn(from_ms, to_ms), factorsOn);
  const hours = hoursInPeriod(from_ms, to_ms);
  const assets = plans.map((p) => assetFigures(input, p, totalOf(p), hours));
  const has_data = totals.received_samples > 0;

  const notes: string[] = [];
  if (!has_data) notes.push('No data was stored for this site in this period: every figure is empty or zero.');
  for (const a of assets) {
    if (!has_data) break;
    if (a.received_samples === 0) notes.push(`No data from ${a.asset} (${a.name.en}) in this period.`);
    else if (a.completeness !== null && a.completeness < 0.95)
      notes.push(`Data from ${a.asset} is ${(a.completeness * 100).toFixed(1)} % complete.`);
    if (a.counter_resets > 0)
      notes.push(
        `A counter of ${a.asset} dropped ${a.counter_resets} time(s) (reset or meter replacement); counted from zero after each drop.`,
      );
    if (a.energy_source === 'integrated')
      notes.push(`${a.asset} has no energy counter: its energy is integrated from power.`);
    if ((a.heat_while_off_kwh ?? 0) > 0.5)
      notes.push(
        `${a.asset} metered ${a.heat_while_off_kwh!.toFixed(1)} kWh of heat while the compressor was off (metering fault).`,
      );
  }
  if (has_data && totals.heat_delivered_source === 'generators')
    notes.push('No output heat meter data: heat delivered is the sum of the generators.');

  const fuelIds = [...new Set(site.assets.flatMap((a) => ('fuel' in a ? [a.fuel] : [])))];
  const fuels: FuelFactorUsed[] = fuelIds.map((id) => {
    const spec = input.fuel(id) as FuelSpecEntry & { source?: string };
    return {
      fuel: id,
      unit: spec.unit,
      hhv_mj_per_unit: spec.hhv_mj_per_unit,
      co2_kg_per_unit: spec.co2_kg_per_unit,
      biogenic: spec.biogenic,
      source: spec.source ?? 'DOMAIN §5 default (Japanese standard value, HHV)',
    };
  });
  const factorDays = days.length ? days : [{ from_ms }];
  const factors: FactorsUsed = {
    grid_emission: factorsIn(site.grid_emission_factors, factorDays, tz),
    primary_energy: factorsIn(primaryTable(site), factorDays, tz),
    fuels,
    national_average_primary_cop: NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
    national_average_source: NATIONAL_AVERAGE_SOURCE,
    kwh_to_gj: KWH_TO_GJ,
  };
  if (factors.grid_emission.length === 0)
    notes.push('No grid emission factor is in force for this period: grid CO2 is 0.');

  const ratio =
    totals.plant_primary_cop === null
      ? null
      : safeRatio(totals.plant_primary_cop, NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024);
  return {
    site: site.id,
    site_name: { ja: site.name.ja, en: site.name.en },
    time_zone: tz,
    from_ms,
    to_ms,
    has_data,
    notes,
    totals,
    primary: {
      plant_primary_cop: totals.plant_primary_cop,
      national_average: NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
      ratio_to_national_average: ratio,
      above_national_average:
        totals.plant_primary_cop === null ? null : totals.plant_primary_cop >= NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
    },
    assets,
    days: dayRows,
    factors,
  };
}

export type { Bucket };
