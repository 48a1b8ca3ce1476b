/** Live resilience reserve of a site (DOMAIN §9): water, stored heat, fuel, battery, autonomy and status. */
import type { FuelSpec } from '../calc/fuels.ts';
import { MJ_PER_KWH } from '../calc/fuels.ts';
import {
  batteryReserveHours,
  batteryReserveKwh,
  daysForPopulation,
  equalTankLayers,
  fireReserveKept,
  fuelReserveHours,
  fuelReserveKwh,
  heatAutonomyHours,
  livingWaterM3,
  personDays,
  reserveStatus,
  storedHeatKwh,
  tankVolumeM3,
  usableWaterM3,
  type ReserveReason,
  type ReserveStatus,
} from '../calc/reserve.ts';
import type { BoilerAsset, Site } from '../registry/schema.ts';
import { contribution, stateNumber, type AssetView } from './assets.ts';
import { figure, type Contribution, type LiveFigure } from './figure.ts';

export interface TankReserve {
  asset: string;
  volume_m3: LiveFigure;
  usable_water_m3: LiveFigure;
  fire_reserve_m3: number;
  fire_reserve_kept: boolean | null;
  living_water_m3: LiveFigure;
  stored_heat_kwh: LiveFigure;
}

export interface FuelReserve {
  asset: string;
  fuel: string;
  contents: LiveFigure;
  energy_kwh: LiveFigure;
  /** Hours of boiler operation at the current (else rated) fuel rate of the boilers burning this fuel. */
  hours: LiveFigure;
  /** Efficiency of the boiler that turns this fuel into heat (best one burning it); null when none does. */
  boiler_efficiency: number | null;
}

export interface SiteReserve {
  site: string;
  status: ReserveStatus;
  reasons: ReserveReason[];
  /** Assets whose data is stale, offline or missing (the reason for unknown). */
  stale_assets: string[];
  population_served: number;
  water_volume_m3: LiveFigure;
  usable_water_m3: LiveFigure;
  fire_reserve_m3: number | null;
  fire_reserve_kept: boolean | null;
  living_water_m3: LiveFigure;
  person_days: LiveFigure;
  days_for_population: LiveFigure;
  stored_heat_kwh: LiveFigure;
  fuel_energy_kwh: LiveFigure;
  fuel_hours: LiveFigure;
  battery_kwh: LiveFigure;
  battery_hours: LiveFigure;
  heat_demand_kw: LiveFigure;
  heat_autonomy_h: LiveFigure;
  warning_hours: number;
  critical_hours: number;
  tanks: TankReserve[];
  fuels: FuelReserve[];
}

export interface ReserveInput {
  site: Site;
  views: readonly AssetView[];
  fuel: (fuelId: string) => FuelSpec;
  /** Current heat demand (heat delivered); see SiteKpis.heat_delivered_kw. */
  heat_demand_kw: LiveFigure;
  /** Assets the demand was measured on (their staleness makes the status unknown). */
  demand_assets: readonly string[];
}

/** Rated fuel rate (fuel unit per hour) of a boiler at rated heat: rated kW / efficiency / HHV. */
export function ratedFuelRatePerH(
  boiler: Pick<BoilerAsset, 'rated_heat_kw' | 'efficiency'>,
  spec: FuelSpec,
): number | null {
  const hhv_kwh = spec.hhv_mj_per_unit / MJ_PER_KWH;
  if (!(hhv_kwh > 0) || !(boiler.efficiency > 0)) return null;
  return boiler.rated_heat_kw / boiler.efficiency / hhv_kwh;
}

function addFigures(parts: readonly LiveFigure[], unit: string): LiveFigure {
  const inputs: Contribution[] = parts.map((p) => ({ ts: p.measured_at, live: !p.stale }));
  const known = parts.filter((p) => p.value !== null);
  return figure(known.length ? known.reduce((a, p) => a + (p.value ?? 0), 0) : null, unit, inputs);
}

/** The site's live reserve. Pure: every number from the domain calc functions, with its age and staleness. */
export function siteReserve(input: ReserveInput): SiteReserve {
  const { site, views, fuel } = input;
  const lpp = site.reserve.living_water_l_per_person_day;
  const reserveAssets = new Set<string>(input.demand_assets);

  const tanks: TankReserve[] = [];
  for (const v of views) {
    if (v.asset.type !== 'storage_tank') continue;
    const a = v.asset;
    reserveAssets.add(a.id);
    const c = [contribution(v)];
    const level = stateNumber(v.state, 'level_m');
    const measuredVolume = stateNumber(v.state, 'volume_m3');
    const volume = tankVolumeM3({
      area_m2: a.area_m2,
      ...(measuredVolume !== undefined && v.state?.values.volume_m3 !== undefined ? { volume_m3: measuredVolume } : {}),
      ...(level !== undefined ? { level_m: level } : {}),
    });
    const usable = volume === null ? null : usableWaterM3(volume, a.dead_volume_m3);
    const temps = ['temp_top_c', 'temp_mid_c', 'temp_bottom_c']
      .map((k) => stateNumber(v.state, k))
      .filter((t): t is number => t !== undefined);
    const heat =
      volume !== null && temps.length ? storedHeatKwh(equalTankLayers(volume, temps), a.min_useful_temp_c) : null;
    tanks.push({
      asset: a.id,
      volume_m3: figure(volume, 'm³', c),
      usable_water_m3: figure(usable, 'm³', c),
      fire_reserve_m3: a.fire_reserve_m3,
      fire_reserve_kept: usable === null ? null : fireReserveKept(usable, a.fire_reserve_m3),
      living_water_m3: figure(usable === null ? null : livingWaterM3(usable, a.fire_reserve_m3), 'm³', c),
      stored_heat_kwh: figure(heat, 'kWh', c),
    });
  }

  const boilers = views.filter((v) => v.asset.type === 'boiler');
  const fuels: FuelReserve[] = [];
  for (const v of views) {
    if (v.asset.type !== 'fuel_tank') continue;
    const a = v.asset;
    reserveAssets.add(a.id);
    const spec = fuel(a.fuel);
    const contents = stateNumber(v.state, 'volume_l');
    const energy = contents === undefined ? null : fuelReserveKwh(contents, spec);
    const burning = boilers.filter((b) => b.asset.type === 'boiler' && b.asset.fuel === a.fuel);
    let current: number | undefined;
    let rated = 0;
    let efficiency: number | null = null;
    for (const b of burning) {
      if (b.asset.type !== 'boiler') continue;
      const r = stateNumber(b.state, 'fuel_rate');
      if (r !== undefined && r > 0) current = (current ?? 0) + r;
      rated += ratedFuelRatePerH(b.asset, spec) ?? 0;
      efficiency = Math.max(efficiency ?? 0, b.asset.efficiency);
    }
    const c = [contribution(v), ...burning.map(contribution)];
    const hours =
      contents === undefined
        ? null
        : fuelReserveHours({ contents, current_rate_per_h: current ?? null, rated_rate_per_h: rated || null });
    fuels.push({
      asset: a.id,
      fuel: a.fuel,
      contents: figure(contents ?? null, spec.unit, [contribution(v)]),
      energy_kwh: figure(energy, 'kWh', [contribution(v)]),
      hours: figure(hours, 'h', c),
      boiler_efficiency: efficiency,
    });
  }

  const batteries = views.filter((v) => v.asset.type === 'battery');
  const batteryParts: LiveFigure[] = [];
  for (const v of batteries) {
    if (v.asset.type !== 'battery') continue;
    reserveAssets.add(v.asset.id);
    const soc = stateNumber(v.state, 'soc_pct');
    batteryParts.push(
      figure(soc === undefined ? null : batteryReserveKwh(soc, v.asset.capacity_kwh), 'kWh', [contribution(v)]),
    );
  }
  const battery_kwh = addFigures(batteryParts, 'kWh');
  const battery_hours = figure(
    site.reserve.critical_load_kw && battery_kwh.value !== null
      ? batteryReserveHours(battery_kwh.value, site.reserve.critical_load_kw)
      : null,
    'h',
    batteryParts.map((p) => ({ ts: p.measured_at, live: !p.stale })),
  );

  const water_volume_m3 = addFigures(
    tanks.map((t) => t.volume_m3),
    'm³',
  );
  const usable_water_m3 = addFigures(
    tanks.map((t) => t.usable_water_m3),
    'm³',
  );
  const living_water_m3 = addFigures(
    tanks.map((t) => t.living_water_m3),
    'm³',
  );
  const stored_heat_kwh = addFigures(
    tanks.map((t) => t.stored_heat_kwh),
    'kWh',
  );
  const tankInputs = tanks.map((t) => ({ ts: t.usable_water_m3.measured_at, live: !t.usable_water_m3.stale }));
  const pd = living_water_m3.value === null ? null : personDays(living_water_m3.value, lpp);
  const person_days = figure(pd, 'person-days', tankInputs);
  const days_for_population = figure(daysForPopulation(pd, site.population_served), 'd', tankInputs);

  const fuel_energy_kwh = addFigures(
    fuels.map((f) => f.energy_kwh),
    'kWh',
  );
  const fuel_hours = addFigures(
    fuels.filter((f) => f.boiler_efficiency !== null).map((f) => f.hours),
    'h',
  );
  // Fuel that a boiler turns into heat: Σ tank energy × efficiency of the boiler burning it.
  let fuel_heat_kwh = 0;
  for (const f of fuels)
    if (f.energy_kwh.value !== null && f.boiler_efficiency !== null)
      fuel_heat_kwh += f.energy_kwh.value * f.boiler_efficiency;

  const demand = input.heat_demand_kw;
  const autonomyInputs: Contribution[] = [
    { ts: demand.measured_at, live: !demand.stale },
    ...tankInputs,
    ...fuels.map((f) => ({ ts: f.energy_kwh.measured_at, live: !f.energy_kwh.stale })),
  ];
  const autonomy =
    demand.value === null || (stored_heat_kwh.value === null && fuels.length === 0)
      ? null
      : heatAutonomyHours({
          stored_heat_kwh: stored_heat_kwh.value ?? 0,
          fuel_reserve_kwh: fuel_heat_kwh,
          boiler_efficiency: 1, // already applied per fuel above: Σ fuel kWh × that fuel's boiler efficiency
          heat_demand_kw: demand.value,
        });
  const heat_autonomy_h = figure(autonomy, 'h', autonomyInputs);

  const stale_assets = views
    .filter((v) => reserveAssets.has(v.asset.id) && v.data_state !== 'live')
    .map((v) => v.asset.id);
  // The tank closest to (or furthest below) its fire reserve decides the fire-reserve check.
  let worst: TankReserve | undefined;
  for (const t of tanks) {
    const margin = (t.usable_water_m3.value ?? -Infinity) - t.fire_reserve_m3;
    const worstMargin = worst ? (worst.usable_water_m3.value ?? -Infinity) - worst.fire_reserve_m3 : Infinity;
    if (margin < worstMargin) worst = t;
  }
  const status = reserveStatus({
    stale: stale_assets.length > 0,
    ...(worst ? { usable_water_m3: worst.usable_water_m3.value, fire_reserve_m3: worst.fire_reserve_m3 } : {}),
    autonomy_h: autonomy,
    critical_hours: site.reserve.critical_hours,
    warning_hours: site.reserve.warning_hours,
  });
  const fire_reserve_m3 = tanks.length ? tanks.reduce((a, t) => a + t.fire_reserve_m3, 0) : null;
  const kept = tanks.map((t) => t.fire_reserve_kept);
  return {
    site: site.id,
    status: status.status,
    reasons: status.reasons,
    stale_assets,
    population_served: site.population_served,
    water_volume_m3,
    usable_water_m3,
    fire_reserve_m3,
    fire_reserve_kept: kept.length === 0 || kept.includes(null) ? null : kept.every(Boolean),
    living_water_m3,
    person_days,
    days_for_population,
    stored_heat_kwh,
    fuel_energy_kwh,
    fuel_hours,
    battery_kwh,
    battery_hours,
    heat_demand_kw: demand,
    heat_autonomy_h,
    warning_hours: site.reserve.warning_hours,
    critical_hours: site.reserve.critical_hours,
    tanks,
    fuels,
  };
}
