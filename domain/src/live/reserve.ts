/**
 * Live resilience reserve of a site (DOMAIN §9): water, stored heat, fuel, battery and generator, the autonomy they
 * give, and the status. Assets take part by the reserve they hold (their module's `reserve`) and by their traits.
 */
import type { FuelSpec } from '../calc/fuels.ts';
import {
  batteryReserveHours,
  daysForPopulation,
  fuelReserveHours,
  heatAutonomyHours,
  personDays,
  reserveStatus,
} from '../calc/reserve.ts';
import { fuelOf, hasTrait, moduleOf, type Asset } from '../assets/index.ts';
import type { Site } from '../registry/schema.ts';
import { contribution, stateFlag, stateNumber, type AssetView } from './assets.ts';
import { figure, inputsOf, type Contribution, type LiveFigure } from './figure.ts';
import { reserveForecasts, type ReserveSample } from './forecast.ts';
import type { FuelReserve, SiteReserve, TankReserve } from './schemas.ts';

export interface ReserveInput {
  site: Site;
  views: readonly AssetView[];
  fuel: (fuelId: string) => FuelSpec;
  /** Current heat demand (heat delivered); see SiteKpis.heat_delivered_kw. */
  heat_demand_kw: LiveFigure;
  /** Assets the demand was measured on (their staleness makes the status unknown). */
  demand_assets: readonly string[];
  /** Now (UTC ms): the trend looks at the hour before it. */
  now_ms?: number;
  /** Recent reserve samples of an asset, oldest first (the last hour, for the time to threshold). */
  history?: (assetId: string) => readonly ReserveSample[];
}

/** Fuel per hour (fuel units) of a fuel-burning asset at rated output; null for other assets. */
export function ratedFuelRatePerH(asset: Asset, spec: FuelSpec): number | null {
  return moduleOf(asset).combustion?.rated_fuel_per_h(asset, spec) ?? null;
}

function addFigures(parts: readonly LiveFigure[], unit: string): LiveFigure {
  const known = parts.filter((p) => p.value !== null);
  return figure(known.length ? known.reduce((a, p) => a + (p.value ?? 0), 0) : null, unit, inputsOf(parts));
}

/** The assets a fuel tank feeds: its `supplies`, else every asset of the site burning its fuel. */
export function suppliedBy(tank: Asset, site: Site): Asset[] {
  const listed = 'supplies' in tank ? tank.supplies : undefined;
  const fuel = fuelOf(tank);
  return site.assets.filter((a) => (listed ? listed.includes(a.id) : hasTrait(a, 'burns_fuel') && fuelOf(a) === fuel));
}

function tankReserve(v: AssetView): TankReserve {
  const c = [contribution(v)];
  const n = (k: string) => stateNumber(v.state, k) ?? null;
  const fire = 'fire_reserve_m3' in v.asset ? v.asset.fire_reserve_m3 : 0;
  return {
    asset: v.asset.id,
    volume_m3: figure(n('volume_m3'), 'm³', c),
    usable_water_m3: figure(n('usable_water_m3'), 'm³', c),
    fire_reserve_m3: fire,
    fire_reserve_kept: stateFlag(v.state, 'fire_reserve_kept') ?? null,
    living_water_m3: figure(n('living_water_m3'), 'm³', c),
    stored_heat_kwh: figure(n('stored_heat_kwh'), 'kWh', c),
  };
}

/** The site's live reserve. Pure: every number from the domain, with its age and staleness. */
export function siteReserve(input: ReserveInput): SiteReserve {
  const { site, views, fuel } = input;
  const lpp = site.reserve.living_water_l_per_person_day;
  const critical_load = site.reserve.critical_load_kw ?? null;
  const reserveAssets = new Set<string>(input.demand_assets);
  const viewOf = new Map(views.map((v) => [v.asset.id, v]));
  const kindOf = (v: AssetView) => moduleOf(v.asset).reserve;

  const tanks: TankReserve[] = [];
  const fuels: FuelReserve[] = [];
  const batteryParts: LiveFigure[] = [];
  const batteries: { asset: string; field: string }[] = [];
  for (const v of views) {
    const reserve = kindOf(v);
    if (!reserve) continue;
    reserveAssets.add(v.asset.id);
    if (reserve.kind === 'water') tanks.push(tankReserve(v));
    else if (reserve.kind === 'electricity') {
      const kwh = stateNumber(v.state, reserve.stored_kwh);
      batteryParts.push(figure(kwh ?? null, 'kWh', [contribution(v)]));
      batteries.push({ asset: v.asset.id, field: reserve.stored_kwh });
    } else {
      const fuelId = fuelOf(v.asset);
      if (fuelId === null) continue;
      const spec = fuel(fuelId);
      const contents = stateNumber(v.state, reserve.contents);
      const energy = stateNumber(v.state, 'fuel_energy_kwh') ?? null;
      const fed = suppliedBy(v.asset, site);
      let current: number | undefined;
      let rated = 0;
      let heatEff: number | null = null;
      let elecEff: number | null = null;
      for (const a of fed) {
        const burner = viewOf.get(a.id);
        const rateKey = moduleOf(a).flows.fuel?.rate;
        const r = burner && rateKey ? stateNumber(burner.state, rateKey) : undefined;
        if (r !== undefined && r > 0) current = (current ?? 0) + r;
        rated += ratedFuelRatePerH(a, spec) ?? 0;
        const combustion = moduleOf(a).combustion;
        const h = combustion?.heat_efficiency(a) ?? null;
        if (h !== null) heatEff = Math.max(heatEff ?? 0, h);
        const e = hasTrait(a, 'backup_power') ? (combustion?.electric_efficiency(a) ?? null) : null;
        if (e !== null) elecEff = Math.max(elecEff ?? 0, e);
      }
      const c = [contribution(v), ...fed.flatMap((a) => (viewOf.get(a.id) ? [contribution(viewOf.get(a.id)!)] : []))];
      const hours =
        contents === undefined
          ? null
          : fuelReserveHours({ contents, current_rate_per_h: current ?? null, rated_rate_per_h: rated || null });
      const rate_basis = current !== undefined ? 'current' : rated > 0 ? 'rated' : null;
      fuels.push({
        asset: v.asset.id,
        fuel: fuelId,
        contents: figure(contents ?? null, spec.unit, [contribution(v)]),
        energy_kwh: figure(energy, 'kWh', [contribution(v)]),
        supplies: fed.map((a) => a.id),
        hours: figure(hours, 'h', c),
        heat_efficiency: heatEff,
        electric_efficiency: elecEff,
        rate_per_h: rate_basis === 'current' ? (current ?? null) : rate_basis === 'rated' ? rated : null,
        rate_basis,
      });
    }
  }

  const battery_kwh = addFigures(batteryParts, 'kWh');
  const battery_hours = figure(
    critical_load && battery_kwh.value !== null ? batteryReserveHours(battery_kwh.value, critical_load) : null,
    'h',
    inputsOf(batteryParts),
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
  const tankInputs = inputsOf(tanks.map((t) => t.usable_water_m3));
  const pd = living_water_m3.value === null ? null : personDays(living_water_m3.value, lpp);
  const person_days = figure(pd, 'person-days', tankInputs);
  const days_for_population = figure(daysForPopulation(pd, site.population_served), 'd', tankInputs);

  const fuel_energy_kwh = addFigures(
    fuels.map((f) => f.energy_kwh),
    'kWh',
  );
  const fuel_hours = addFigures(
    fuels.filter((f) => f.supplies.length > 0).map((f) => f.hours),
    'h',
  );
  // A tank's fuel counts once per figure: as heat through the best heat maker it feeds (heat autonomy), and as
  // electricity through the best emergency generator it feeds (electricity autonomy).
  let fuel_heat_kwh = 0;
  for (const f of fuels)
    if (f.energy_kwh.value !== null && f.heat_efficiency !== null)
      fuel_heat_kwh += f.energy_kwh.value * f.heat_efficiency;
  const genFuels = fuels.filter((f) => f.electric_efficiency !== null);
  const generator_fuel_kwh = addFigures(
    genFuels.map((f) => f.energy_kwh),
    'kWh',
  );
  let generator_kwh_e = 0;
  for (const f of genFuels) generator_kwh_e += (f.energy_kwh.value ?? 0) * f.electric_efficiency!;
  const generators = views.filter((v) => hasTrait(v.asset, 'backup_power'));
  const electricityInputs = [...inputsOf(batteryParts), ...inputsOf(genFuels.map((f) => f.energy_kwh))];
  const electricity_autonomy_h = figure(
    critical_load && (battery_kwh.value !== null || generator_fuel_kwh.value !== null)
      ? batteryReserveHours((battery_kwh.value ?? 0) + generator_kwh_e, critical_load)
      : null,
    'h',
    electricityInputs,
  );

  const demand = input.heat_demand_kw;
  const autonomyInputs: Contribution[] = [
    ...inputsOf([demand]),
    ...tankInputs,
    ...inputsOf(fuels.map((f) => f.energy_kwh)),
  ];
  const autonomy =
    demand.value === null || (stored_heat_kwh.value === null && fuels.length === 0)
      ? null
      : heatAutonomyHours({
          stored_heat_kwh: stored_heat_kwh.value ?? 0,
          fuel_reserve_kwh: fuel_heat_kwh,
          boiler_efficiency: 1, // already applied per fuel above: Σ fuel kWh × that fuel's heat efficiency
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
  const history = input.history;
  const forecast = reserveForecasts({
    now_ms: input.now_ms ?? Math.max(0, ...views.map((v) => v.state?.ts ?? 0)),
    views,
    history: history ?? (() => []),
    tanks,
    fuels: fuels.map((f) => ({
      asset: f.asset,
      supplies: f.supplies,
      energy_kwh: f.energy_kwh.value,
      hours: f.hours.value,
      heat_efficiency: f.heat_efficiency,
      electric_efficiency: f.electric_efficiency,
    })),
    batteries,
    heat_installed: tanks.length > 0 || fuels.some((f) => f.heat_efficiency !== null),
    electricity_installed: batteries.length > 0 || generators.length > 0,
    heat_demand_kw: demand.value,
    critical_load_kw: critical_load,
    population: site.population_served,
    litres_per_person_per_day: lpp,
    warning_hours: site.reserve.warning_hours,
    critical_hours: site.reserve.critical_hours,
  });
  return {
    site: site.id,
    name: { ja: site.name.ja, en: site.name.en },
    time_zone: site.time_zone,
    status: status.status,
    reasons: status.reasons,
    stale_assets,
    installed: {
      water: tanks.length > 0,
      fuel: fuels.length > 0,
      battery: batteryParts.length > 0,
      generator: generators.length > 0,
    },
    population_served: site.population_served,
    living_water_l_per_person_day: lpp,
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
    generator_fuel_kwh,
    electricity_autonomy_h,
    critical_load_kw: critical_load,
    heat_demand_kw: demand,
    heat_autonomy_h,
    warning_hours: site.reserve.warning_hours,
    critical_hours: site.reserve.critical_hours,
    tanks,
    fuels,
    forecast,
  };
}
