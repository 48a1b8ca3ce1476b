/** Live site KPIs from the latest state of each asset (DOMAIN §3, §4, §6, §7). */
import { co2RateKgPerH } from '../calc/co2.ts';
import { integratePowerKwh, type PowerSample } from '../calc/counters.ts';
import { factorAt, scope2Kw, scope2Kwh } from '../calc/electricity.ts';
import type { FuelSpec } from '../calc/fuels.ts';
import { KWH_TO_GJ, NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024, plantPrimaryCop } from '../calc/primary-energy.ts';
import { STALE_AFTER_INTERVALS } from '../calc/quality.ts';
import type { StatePayload } from '../contract/state.ts';
import type { Site } from '../registry/schema.ts';
import { fuelOf, hasTrait, moduleOf, type Asset } from '../assets/index.ts';
import type { Flows, Trait } from '../assets/types.ts';
import { contribution, stateNumber, type AssetView } from './assets.ts';
import { configured, figure, type Contribution, type LiveFigure } from './figure.ts';
import type { SiteKpis } from './schemas.ts';

/** Power figures of one state message kept for window integration, by energy flow of the asset. */
export interface LiveSample {
  ts: number;
  heat_kw?: number;
  fuel_power_kw?: number;
  electricity_in_kw?: number;
  electricity_out_kw?: number;
  import_kw?: number;
}

const SAMPLE_FLOWS: readonly [keyof Omit<LiveSample, 'ts' | 'fuel_power_kw'>, keyof Flows][] = [
  ['heat_kw', 'heat'],
  ['electricity_in_kw', 'electricity_in'],
  ['electricity_out_kw', 'electricity_out'],
  ['import_kw', 'grid_import'],
];

export function liveSampleOf(asset: Asset, state: StatePayload): LiveSample {
  const s: LiveSample = { ts: state.ts };
  const flows = moduleOf(asset).flows;
  for (const [key, flow] of SAMPLE_FLOWS) {
    const rate = flows[flow]?.rate;
    const v = rate === undefined ? undefined : stateNumber(state, rate);
    if (v !== undefined) s[key] = v;
  }
  const fuel = stateNumber(state, 'fuel_power_kw');
  if (fuel !== undefined && hasTrait(asset, 'burns_fuel')) s.fuel_power_kw = fuel;
  return s;
}

export interface KpiInput {
  site: Site;
  views: readonly AssetView[];
  now_ms: number;
  fuel: (fuelId: string) => FuelSpec;
  /** Recent live samples of an asset, oldest first (for the 1-hour primary-energy COP). */
  history?: (assetId: string) => readonly LiveSample[];
  window_ms?: number;
}

export const PRIMARY_COP_WINDOW_MS = 3_600_000;

type View = AssetView;

/** The rate metric of an asset's flow (heat_kw, power_kw, import_kw, fuel_rate …). */
const rateOf = (v: View, flow: keyof Flows): string | undefined => moduleOf(v.asset).flows[flow]?.rate;

/**
 * Sum of a flow's rate over assets; assets without a value are inputs that say "no value" and make it stale.
 */
function sum(views: readonly View[], flow: keyof Flows, unit: string): LiveFigure {
  if (views.length === 0) return figure(null, unit, []);
  let total = 0;
  let any = false;
  const inputs: Contribution[] = [];
  for (const v of views) {
    const key = rateOf(v, flow);
    const x = key === undefined ? undefined : stateNumber(v.state, key);
    inputs.push(contribution(v));
    if (x === undefined) continue;
    total += x;
    any = true;
  }
  return figure(any ? total : null, unit, inputs);
}

/** The views of assets with every given trait. */
const withTraits = (views: readonly View[], ...traits: Trait[]): View[] =>
  views.filter((v) => traits.every((t) => hasTrait(v.asset, t)));

function fuelParts(
  views: readonly View[],
  fuel: (id: string) => FuelSpec,
): { fuel_rate_per_h: number; spec: FuelSpec }[] {
  const parts: { fuel_rate_per_h: number; spec: FuelSpec }[] = [];
  for (const v of views) {
    const key = rateOf(v, 'fuel');
    const id = fuelOf(v.asset);
    const rate = key === undefined ? undefined : stateNumber(v.state, key);
    if (rate !== undefined && id !== null) parts.push({ fuel_rate_per_h: rate, spec: fuel(id) });
  }
  return parts;
}

/** Live KPIs of a site. Pure: time is passed in; every figure says when it was measured and whether it is stale. */
export function siteKpis(input: KpiInput): SiteKpis {
  const { site, views, now_ms, fuel } = input;
  const producers = withTraits(views, 'produces_heat');
  const meters = withTraits(views, 'meters_heat_delivered');
  const consumers = withTraits(views, 'consumes_electricity');
  const fuelGenerators = withTraits(views, 'produces_electricity', 'burns_fuel');
  const pvs = withTraits(views, 'solar');
  const grids = withTraits(views, 'meters_grid');
  const burners = withTraits(views, 'burns_fuel');

  const heat_produced_kw = sum(producers, 'heat', 'kW');
  const heat_delivered_kw = meters.length ? sum(meters, 'heat', 'kW') : heat_produced_kw;
  const electricity_used_kw = sum(consumers, 'electricity_in', 'kW');
  const fuel_generation_kw = sum(fuelGenerators, 'electricity_out', 'kW');
  const pv_power_kw = sum(pvs, 'electricity_out', 'kW');
  const grid_import_kw = sum(grids, 'grid_import', 'kW');
  const grid_export_kw = sum(grids, 'grid_export', 'kW');

  const scope2Inputs = grids.length ? grids : [...consumers, ...pvs];
  const scope2 = grids.length
    ? scope2Kw({ ...(grid_import_kw.value !== null ? { grid_import_kw: grid_import_kw.value } : {}) })
    : scope2Kw({
        ...(electricity_used_kw.value !== null ? { consumption_kw: electricity_used_kw.value } : {}),
        ...(pv_power_kw.value !== null ? { pv_kw: pv_power_kw.value } : {}),
      });
  const scope2_kw = figure(scope2, 'kW', scope2Inputs.map(contribution));

  const factor = factorAt(site.grid_emission_factors, now_ms, site.time_zone);
  const grid_factor_kg_per_kwh = configured(factor, 'kg/kWh');
  const fuels = fuelParts(burners, fuel);
  const burnerInputs = burners.map(contribution);
  const co2_fuel_kg_h = figure(
    burners.length ? co2RateKgPerH({ fuels, scope2_kw: 0, grid_factor_kg_per_kwh: 0 }) : null,
    'kg/h',
    burnerInputs,
  );
  const co2_grid_kg_h = figure(
    scope2 !== null && factor !== null
      ? co2RateKgPerH({ fuels: [], scope2_kw: scope2, grid_factor_kg_per_kwh: factor })
      : null,
    'kg/h',
    scope2Inputs.map(contribution),
  );
  const co2_kg_h = figure(
    co2_fuel_kg_h.value === null && co2_grid_kg_h.value === null
      ? null
      : co2RateKgPerH({ fuels, scope2_kw: scope2 ?? 0, grid_factor_kg_per_kwh: factor ?? 0 }),
    'kg/h',
    [...burnerInputs, ...scope2Inputs.map(contribution)],
  );

  // the COP ingest derived from the sample (DOMAIN §3: only while running above 5 % of rated power)
  const cop_by_asset: Record<string, LiveFigure> = {};
  for (const v of withTraits(views, 'has_cop'))
    cop_by_asset[v.asset.id] = figure(stateNumber(v.state, 'cop') ?? null, '', [contribution(v)]);

  return {
    site: site.id,
    heat_produced_kw,
    heat_delivered_kw,
    electricity_used_kw,
    fuel_generation_kw,
    pv_power_kw,
    grid_import_kw,
    grid_export_kw,
    scope2_kw,
    grid_factor_kg_per_kwh,
    co2_fuel_kg_h,
    co2_grid_kg_h,
    co2_kg_h,
    primary_cop_1h: primaryCopWindow(input),
    primary_cop_national_average: NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
    cop_by_asset,
  };
}

/**
 * Plant primary-energy COP over the last window (default 1 h) of live samples: heat delivered (heat meters,
 * else generators) / (fuel energy HHV + scope-2 electricity × primary-energy factor in force). Energies are
 * integrated (trapezoid) from the power samples seen in the window; gaps over 3 expected intervals count as no data.
 */
export function primaryCopWindow(input: KpiInput): LiveFigure {
  const { site, views, now_ms, history } = input;
  if (!history) return figure(null, '', []);
  const window_ms = input.window_ms ?? PRIMARY_COP_WINDOW_MS;
  const from = now_ms - window_ms;
  const kwhOf = (v: View, key: keyof Omit<LiveSample, 'ts'>): number | undefined => {
    const samples: PowerSample[] = [];
    for (const s of history(v.asset.id)) {
      const kw = s[key];
      if (kw !== undefined && s.ts >= from && s.ts <= now_ms) samples.push({ ts_ms: s.ts, value_kw: kw });
    }
    if (samples.length === 0) return undefined;
    return integratePowerKwh(samples, STALE_AFTER_INTERVALS * v.asset.expected_interval_s * 1000);
  };
  const total = (vs: readonly View[], key: keyof Omit<LiveSample, 'ts'>): number | undefined => {
    let t: number | undefined;
    for (const v of vs) {
      const k = kwhOf(v, key);
      if (k !== undefined) t = (t ?? 0) + k;
    }
    return t;
  };
  const meters = withTraits(views, 'meters_heat_delivered');
  const heatViews = meters.length ? meters : withTraits(views, 'produces_heat');
  const burners = withTraits(views, 'burns_fuel');
  const grids = withTraits(views, 'meters_grid');
  const consumers = withTraits(views, 'consumes_electricity');
  const pvs = withTraits(views, 'solar');
  const heat_kwh = total(heatViews, 'heat_kw');
  const fuel_kwh = total(burners, 'fuel_power_kw') ?? 0;
  const import_kwh = total(grids, 'import_kw');
  const used_kwh = total(consumers, 'electricity_in_kw');
  const pv_kwh = total(pvs, 'electricity_out_kw');
  const electricity_kwh = grids.length
    ? scope2Kwh(import_kwh === undefined ? {} : { grid_import_kwh: import_kwh })
    : scope2Kwh({
        ...(used_kwh !== undefined ? { consumption_kwh: used_kwh } : {}),
        ...(pv_kwh !== undefined ? { pv_kwh } : {}),
      });
  const factor = factorAt(site.primary_energy_factors, now_ms, site.time_zone);
  const inputs = [...heatViews, ...burners, ...(grids.length ? grids : [...consumers, ...pvs])].map(contribution);
  if (heat_kwh === undefined || factor === null) return figure(null, '', inputs);
  const cop = plantPrimaryCop({
    heat_delivered_gj: heat_kwh * KWH_TO_GJ,
    fuel_energy_gj_hhv: fuel_kwh * KWH_TO_GJ,
    electricity_kwh: electricity_kwh ?? 0,
    primary_factor_mj_per_kwh: factor,
  });
  return figure(cop, '', inputs);
}
