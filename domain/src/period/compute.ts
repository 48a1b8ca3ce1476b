/**
 * Period figures (DESIGN §6) from per-asset bucket aggregates: daily rows in the site's time zone and period
 * totals. All formulas are the calc functions (DOMAIN §1–§10); this module only adds up and chooses inputs.
 */
import { periodCop, COP_MIN_POWER_FRACTION } from '../calc/cop.ts';
import { periodCo2, pvAvoidedCo2Kg, heatCo2IntensityKgPerGjFromKwh, renewableHeatShare } from '../calc/co2.ts';
import { datedEntryAt, PRIMARY_ENERGY_FACTOR_TABLE, scope2Kwh } from '../calc/electricity.ts';
import type { DatedValue } from '../calc/electricity.ts';
import { fuelCo2Kg, fuelEnergyGj, fuelEnergyKwh } from '../calc/fuels.ts';
import {
  boilerEfficiency,
  KWH_TO_GJ,
  NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
  plantPrimaryCop,
} from '../calc/primary-energy.ts';
import { capacityFactor, hoursInPeriod, performanceRatio, specificYieldKwhPerKwp } from '../calc/pv.ts';
import { completeness, expectedSamples } from '../calc/quality.ts';
import { safeRatio } from '../calc/num.ts';
import { dayRanges } from '../calc/time.ts';
import type { Asset, FuelSpecEntry, Site } from '../registry/schema.ts';
import { attributeCounter, type Bucket, type Range, type RunClass } from './buckets.ts';
import { bilingual, FUEL_NAMES } from '../report/names.ts';
import type {
  AlarmCount,
  Bilingual,
  AssetBuckets,
  AssetFigures,
  Co2BySource,
  DayRow,
  FactorUsed,
  FactorsUsed,
  FuelFactorUsed,
  MonthRow,
  PeriodNote,
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
  /** When the figures are computed: completeness counts only the part of the period before it. Default: no limit. */
  now_ms?: number;
}

export const NATIONAL_AVERAGE_SOURCE: Bilingual = {
  ja: '日本熱供給事業協会 地域冷暖房 全国平均 2024年度（002）',
  en: 'JHSBA, national average of district heating and cooling, FY2024 (002)',
};
const DEFAULT_FUEL_SOURCE: Bilingual = {
  ja: '既定値（日本の標準値、高位発熱量）',
  en: 'DOMAIN §5 default (Japanese standard value, HHV)',
};
const RESERVE_GAUGES = ['usable_water_m3', 'stored_heat_kwh', 'volume_l', 'soc_pct'] as const;
type ReserveGauge = (typeof RESERVE_GAUGES)[number];

/** Counter field, and the gauge integrated where the counter does not exist (DOMAIN §1). */
type Quantity = 'heat' | 'elec' | 'generated' | 'fuel' | 'imp' | 'exp' | 'defrost';
const SOURCES: Partial<Record<Asset['type'], Partial<Record<Quantity, [counter: string, gauge: string]>>>> = {
  heat_pump: { heat: ['heat_kwh', 'heat_kw'], elec: ['energy_kwh', 'power_kw'] },
  boiler: { heat: ['heat_kwh', 'heat_kw'], fuel: ['fuel_total', 'fuel_rate'] },
  chp: { heat: ['heat_kwh', 'heat_kw'], fuel: ['fuel_total', 'fuel_rate'], generated: ['energy_kwh', 'power_kw'] },
  heat_meter: { heat: ['heat_kwh', 'heat_kw'] },
  pv: { generated: ['energy_kwh', 'power_kw'] },
  grid_meter: { imp: ['import_kwh', 'import_kw'], exp: ['export_kwh', 'export_kw'] },
};

/** Additive quantities of one asset over one range (a day of the period). */
interface AssetAcc {
  received: number;
  slots: number;
  heat: number;
  elec: number;
  generated: number;
  fuel: number;
  imp: number;
  exp: number;
  defrost: number;
  /** heat and electricity in running hours; heat in measured hours without running (DOMAIN §3) */
  heat_running: number;
  elec_running: number;
  heat_off: number;
  irradiation: number;
  below_h: number;
  resets: number;
  gauges: Partial<Record<ReserveGauge, { sum: number; count: number; min: number }>>;
}

const emptyAcc = (): AssetAcc => ({
  received: 0,
  slots: 0,
  heat: 0,
  elec: 0,
  generated: 0,
  fuel: 0,
  imp: 0,
  exp: 0,
  defrost: 0,
  heat_running: 0,
  elec_running: 0,
  heat_off: 0,
  irradiation: 0,
  below_h: 0,
  resets: 0,
  gauges: {},
});

function addAcc(into: AssetAcc, a: AssetAcc): void {
  for (const k of [
    'received',
    'slots',
    'heat',
    'elec',
    'generated',
    'fuel',
    'imp',
    'exp',
    'defrost',
    'heat_running',
    'elec_running',
    'heat_off',
    'irradiation',
    'below_h',
    'resets',
  ] as const)
    into[k] += a[k];
  for (const [g, s] of Object.entries(a.gauges) as [ReserveGauge, { sum: number; count: number; min: number }][]) {
    const t = (into.gauges[g] ??= { sum: 0, count: 0, min: Infinity });
    t.sum += s.sum;
    t.count += s.count;
    t.min = Math.min(t.min, s.min);
  }
}

interface AssetPlan {
  asset: Asset;
  /** One accumulation per range (day) of the period. */
  byRange: AssetAcc[];
  total: AssetAcc;
  /** which quantities the asset measures in the period */
  has: Record<Quantity | 'irr', boolean>;
  counterUsed: boolean;
  integrated: boolean;
  tankSeen: boolean;
}

/**
 * Whether an asset ran in a bucket of an hour or less: its running flag, else (heat pumps) electric input of at
 * least 5 % of rated power (DOMAIN §3), else heat counted; no samples → unknown.
 */
export function runClassOf(asset: Asset, b: Bucket): RunClass {
  if (b.samples === 0) return 'unknown';
  const running = b.gauges.running;
  if (running && running.count > 0) return running.max >= 1 ? 'running' : 'off';
  if (asset.type === 'heat_pump') {
    const power = b.gauges.power_kw;
    if (power && power.count > 0) return power.max >= COP_MIN_POWER_FRACTION * asset.rated_power_kw ? 'running' : 'off';
    return (b.counters.heat_kwh?.increase ?? 0) > 0 ? 'running' : 'off';
  }
  return 'off';
}

/** The range (index) holding instant t, by binary search over ordered disjoint ranges; -1 outside them all. */
function rangeOf(ranges: readonly Range[], t: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (t < r.from_ms) hi = mid - 1;
    else if (t >= r.to_ms) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function planAsset(asset: Asset, data: AssetBuckets | undefined, ranges: readonly Range[]): AssetPlan {
  const from_ms = ranges[0]?.from_ms ?? 0;
  const to_ms = ranges.at(-1)?.to_ms ?? 0;
  const buckets = (data?.buckets ?? [])
    .filter((b) => b.start_ms >= from_ms && b.end_ms <= to_ms)
    .slice()
    .sort((a, b) => a.start_ms - b.start_ms);
  const interval_h = asset.expected_interval_s / 3600;
  const byRange = ranges.map(emptyAcc);
  const has: AssetPlan['has'] = {
    heat: false,
    elec: false,
    generated: false,
    fuel: false,
    imp: false,
    exp: false,
    defrost: false,
    irr: false,
  };
  let counterUsed = false;
  let integrated = false;
  let tankSeen = false;
  const classOf = (b: Bucket) => runClassOf(asset, b);
  const accAt = (b: Bucket): AssetAcc | undefined => byRange[rangeOf(ranges, b.start_ms)];

  const sources: [Quantity, [string, string]][] = Object.entries(SOURCES[asset.type] ?? {}) as [
    Quantity,
    [string, string],
  ][];
  if (asset.type === 'heat_pump') sources.push(['defrost', ['defrost_kwh', '']]);
  for (const [q, [counter, gauge]] of sources) {
    const { shares, present } = attributeCounter(
      counter,
      buckets,
      ranges,
      classOf,
      data?.before?.[counter],
      data?.after?.[counter],
    );
    if (present) {
      has[q] = true;
      counterUsed = true;
      shares.forEach((sh, i) => {
        const a = byRange[i]!;
        a[q] += sh.increase;
        a.resets += sh.resets;
        if (q === 'heat') {
          a.heat_running += sh.running;
          a.heat_off += sh.off;
        } else if (q === 'elec') a.elec_running += sh.running;
      });
      continue;
    }
    if (q === 'defrost') {
      // without a defrost counter: the time integral of the negative heat_kw samples (DOMAIN §3)
      for (const b of buckets) {
        const neg = b.gauges.heat_kw?.neg_sum ?? 0;
        const a = accAt(b);
        if (a && neg < 0) a.defrost += -neg * interval_h;
      }
      has.defrost = true;
      continue;
    }
    if (!buckets.some((b) => (b.gauges[gauge]?.count ?? 0) > 0)) continue;
    has[q] = true;
    integrated = true;
    for (const b of buckets) {
      const g = b.gauges[gauge];
      const a = accAt(b);
      if (!g || !a) continue;
      // where no counter exists: each sample stands for one expected interval (DOMAIN §1)
      const kwh = g.sum * interval_h;
      a[q] += kwh;
      const cls = classOf(b);
      if (q === 'heat') {
        if (cls === 'running') a.heat_running += kwh;
        else if (cls === 'off') a.heat_off += kwh;
      } else if (q === 'elec' && cls === 'running') a.elec_running += kwh;
    }
  }

  for (const b of buckets) {
    const a = accAt(b);
    if (!a) continue;
    a.received += b.samples;
    a.slots += b.slots;
    const irr = b.gauges.irradiance_wm2;
    if (asset.type === 'pv' && irr && irr.count > 0) {
      has.irr = true;
      a.irradiation += (irr.sum * interval_h) / 1000; // W/m² · h → kWh/m²
    }
    const kept = b.gauges.fire_reserve_kept;
    if (asset.type === 'storage_tank' && kept && kept.count > 0) {
      tankSeen = true;
      // each sample below the fire reserve stands for one expected interval
      a.below_h += Math.max(0, kept.count - kept.sum) * interval_h;
    }
    for (const g of RESERVE_GAUGES) {
      const s = b.gauges[g];
      if (!s || s.count <= 0 || !Number.isFinite(s.sum)) continue;
      const t = (a.gauges[g] ??= { sum: 0, count: 0, min: Infinity });
      t.sum += s.sum;
      t.count += s.count;
      t.min = Math.min(t.min, s.min);
      if (asset.type === 'storage_tank') tankSeen = true;
    }
  }
  // heat reported while off: only the positive part is a fault; defrost is not
  for (const a of byRange) a.heat_off = Math.max(0, a.heat_off);
  const total = emptyAcc();
  for (const a of byRange) addAcc(total, a);
  return { asset, byRange, total, has, counterUsed, integrated, tankSeen };
}

const gaugeMin = (acc: AssetAcc, g: ReserveGauge): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.min : null;
};
const gaugeMean = (acc: AssetAcc, g: ReserveGauge): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.sum / s.count : null;
};

function sourceOf(entry: DatedValue | null): Bilingual | null {
  return bilingual(entry?.source);
}

function primaryTable(site: Site): readonly DatedValue[] {
  return site.primary_energy_factors.length ? site.primary_energy_factors : PRIMARY_ENERGY_FACTOR_TABLE;
}

/** Sum of one asset's accumulations over the ranges with the given indices. */
function accOver(p: AssetPlan, idx: readonly number[]): AssetAcc {
  if (idx.length === p.byRange.length) return p.total;
  const acc = emptyAcc();
  for (const i of idx) addAcc(acc, p.byRange[i]!);
  return acc;
}

/** Expected-interval slots in the part of [from, to) before now (DOMAIN §10: a current month counts elapsed time). */
function expectedSlots(from_ms: number, to_ms: number, interval_s: number, now_ms: number | undefined): number {
  return expectedSamples(from_ms, now_ms === undefined ? to_ms : Math.min(to_ms, now_ms), interval_s);
}

/** Everything a site figure needs for the ranges (days) with the given indices. */
function siteFigures(
  input: PeriodInput,
  plans: readonly AssetPlan[],
  ranges: readonly Range[],
  idx: readonly number[],
  alarms: Record<string, number>,
  factorsOn: (from_ms: number) => { grid: number; primary: number },
): SiteFigures {
  const from_ms = ranges[idx[0]!]?.from_ms ?? input.from_ms;
  const to_ms = ranges[idx.at(-1)!]?.to_ms ?? input.to_ms;
  const hours = hoursInPeriod(from_ms, to_ms);
  const hasGridMeter = input.site.assets.some((a) => a.type === 'grid_meter');
  const heat_by_generator_kwh: Record<string, number> = {};
  const cop_by_heat_pump: Record<string, number | null> = {};
  const hps: { heat_kwh: number; electricity_kwh: number }[] = [];
  let heat_produced = 0;
  let meterHeat: number | null = null;
  let hpHeat = 0;
  let elec = 0;
  let runHeat = 0;
  let runElec = 0;
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
  let slots = 0;
  let expected = 0;
  let received = 0;
  const add = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

  for (const p of plans) {
    const a = accOver(p, idx);
    const asset = p.asset;
    received += a.received;
    slots += a.slots;
    for (const i of idx)
      expected += expectedSlots(ranges[i]!.from_ms, ranges[i]!.to_ms, asset.expected_interval_s, input.now_ms);
    switch (asset.type) {
      case 'heat_pump': {
        heat_by_generator_kwh[asset.id] = a.heat;
        heat_produced += a.heat;
        hpHeat += a.heat;
        elec += a.elec;
        runHeat += a.heat_running;
        runElec += a.elec_running;
        defrost += a.defrost;
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
        // a grid meter of the registry counts, with or without data (a gap lowers completeness, DOMAIN §6)
        gridImp = (gridImp ?? 0) + a.imp;
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
      if (p.asset.type === 'heat_pump' && p.has.elec) {
        rElec += a.elec;
        rConsumers = true;
      }
      if (p.asset.type === 'grid_meter') rImp += a.imp;
      if (p.asset.type === 'pv' && p.has.generated) rPv = (rPv ?? 0) + a.generated;
    }
    const { grid, primary } = factorsOn(ranges[i]!.from_ms);
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
    plant_electricity_kwh: scope2,
    running_electricity_kwh: runElec,
    cop_total: periodCop(hpHeat, elec),
    cop_running: periodCop(runHeat, runElec),
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
    completeness: expected > 0 ? completeness(slots, expected) : null,
    alarms,
    alarms_total: Object.values(alarms).reduce((n, k) => n + k, 0),
  };
}

function assetFigures(input: PeriodInput, p: AssetPlan, a: AssetAcc, hours: number): AssetFigures {
  const asset = p.asset;
  const expected = expectedSlots(input.from_ms, input.to_ms, asset.expected_interval_s, input.now_ms);
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
      f.electricity_kwh = n(p.has.elec, a.elec);
      f.running_heat_kwh = a.heat_running;
      f.running_electricity_kwh = a.elec_running;
      f.cop_total = periodCop(a.heat, a.elec);
      f.cop_running = periodCop(a.heat_running, a.elec_running);
      f.defrost_kwh = a.defrost;
      f.heat_while_off_kwh = a.heat_off;
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
  return periodCore(input).result;
}

/**
 * computePeriod, plus one row per local calendar month the period touches: each month's figures are computed
 * from its days' additive quantities exactly as the totals are from all days (ratios from summed energies).
 */
export function computePeriodByMonth(input: PeriodInput): { result: PeriodResult; months: MonthRow[] } {
  const core = periodCore(input);
  const groups = new Map<string, number[]>();
  core.days.forEach((d, i) => {
    const month = d.date.slice(0, 7);
    const g = groups.get(month);
    if (g) g.push(i);
    else groups.set(month, [i]);
  });
  const months: MonthRow[] = [...groups].map(([month, idx]) => {
    const from = core.days[idx[0]!]!.from_ms;
    const to = core.days[idx.at(-1)!]!.to_ms;
    const fig = siteFigures(input, core.plans, core.days, idx, core.alarmsIn(from, to), core.factorsOn);
    return { month, from_ms: from, to_ms: to, has_data: fig.received_samples > 0, ...fig };
  });
  return { result: core.result, months };
}

function periodCore(input: PeriodInput): {
  result: PeriodResult;
  plans: AssetPlan[];
  days: ReturnType<typeof dayRanges>;
  alarmsIn: (a: number, b: number) => Record<string, number>;
  factorsOn: (from_ms: number) => { grid: number; primary: number };
} {
  const { site, from_ms, to_ms } = input;
  const tz = site.time_zone;
  const days = dayRanges(from_ms, to_ms, tz);
  const plans = site.assets.map((asset) => planAsset(asset, input.assets[asset.id], days));
  const severities = input.severities ?? ['warning', 'critical'];
  const alarmsIn = (a: number, b: number): Record<string, number> => {
    const out: Record<string, number> = Object.fromEntries(severities.map((s) => [s, 0]));
    for (const al of input.alarms ?? [])
      if (al.ts_ms >= a && al.ts_ms < b) out[al.severity] = (out[al.severity] ?? 0) + al.count;
    return out;
  };

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
    const fig = siteFigures(input, plans, days, [i], alarmsIn(d.from_ms, d.to_ms), factorsOn);
    return { date: d.date, from_ms: d.from_ms, to_ms: d.to_ms, has_data: fig.received_samples > 0, ...fig };
  });
  const totals = siteFigures(
    input,
    plans,
    days,
    days.map((_, i) => i),
    alarmsIn(from_ms, to_ms),
    factorsOn,
  );
  const hours = hoursInPeriod(from_ms, to_ms);
  const assets = plans.map((p) => assetFigures(input, p, p.total, hours));
  const has_data = totals.received_samples > 0;

  const notes: PeriodNote[] = [];
  if (!has_data)
    notes.push({
      code: 'no_data',
      en: 'No data was stored for this site in this period: every figure is empty or zero.',
      ja: 'この期間、このサイトのデータは保存されていません。すべての数値は空欄または0です。',
    });
  for (const a of assets) {
    if (!has_data) break;
    if (a.received_samples === 0)
      notes.push({
        code: 'asset_no_data',
        asset: a.asset,
        en: `No data from ${a.name.en} in this period.`,
        ja: `この期間、${a.name.ja}のデータはありません。`,
      });
    else if (a.completeness !== null && a.completeness < 0.95) {
      const pct = (a.completeness * 100).toFixed(1);
      notes.push({
        code: 'asset_incomplete',
        asset: a.asset,
        en: `Data from ${a.name.en} is ${pct} % complete.`,
        ja: `${a.name.ja}のデータ取得率は${pct}%です。`,
      });
    }
    if (a.counter_resets > 0)
      notes.push({
        code: 'counter_reset',
        asset: a.asset,
        en: `A counter of ${a.name.en} dropped ${a.counter_resets} time(s) (reset or meter replacement); counted from zero after each drop.`,
        ja: `${a.name.ja}の積算値が${a.counter_resets}回減少しました（リセットまたはメーター交換）。減少後は0から積算しています。`,
      });
    if (a.energy_source === 'integrated')
      notes.push({
        code: 'integrated',
        asset: a.asset,
        en: `${a.name.en} has no energy counter: its energy is integrated from power.`,
        ja: `${a.name.ja}には積算計がないため、電力・熱出力から積算しています。`,
      });
    if ((a.heat_while_off_kwh ?? 0) > 0.5) {
      const kwh = a.heat_while_off_kwh!.toFixed(1);
      notes.push({
        code: 'heat_while_off',
        asset: a.asset,
        en: `${a.name.en} metered ${kwh} kWh of heat while the compressor was off (metering fault).`,
        ja: `${a.name.ja}は圧縮機停止中に${kwh} kWhの熱量を計測しました（計量の異常）。`,
      });
    }
  }
  if (has_data && totals.heat_delivered_source === 'generators')
    notes.push({
      code: 'no_heat_meter',
      en: 'No output heat meter data: heat delivered is the sum of the generators.',
      ja: '送出熱量計のデータがないため、供給熱量は熱源機の生産熱量の合計です。',
    });

  const fuelIds = [...new Set(site.assets.flatMap((a) => ('fuel' in a ? [a.fuel] : [])))];
  const fuels: FuelFactorUsed[] = fuelIds.map((id) => {
    const spec = input.fuel(id) as FuelSpecEntry & { source?: string | Bilingual };
    return {
      fuel: id,
      name: { ...(FUEL_NAMES[id] ?? { ja: id, en: id }) },
      unit: spec.unit,
      hhv_mj_per_unit: spec.hhv_mj_per_unit,
      co2_kg_per_unit: spec.co2_kg_per_unit,
      biogenic: spec.biogenic,
      source: bilingual(spec.source) ?? DEFAULT_FUEL_SOURCE,
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
    notes.push({
      code: 'no_grid_factor',
      en: 'No grid emission factor is in force for this period: grid CO2 is 0.',
      ja: 'この期間に適用される電力の排出係数がないため、電力由来のCO2は0です。',
    });

  const ratio =
    totals.plant_primary_cop === null
      ? null
      : safeRatio(totals.plant_primary_cop, NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024);
  const result: PeriodResult = {
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
  return { result, plans, days, alarmsIn, factorsOn };
}
