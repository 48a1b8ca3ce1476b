/**
 * Per-site plant: weather → heat demand → dispatch of its devices by what they can do (devices/capabilities.ts),
 * never by their type. The heat sources run in merit order against the demand and what the heat store wants; the
 * store takes the surplus and covers the shortfall. With the grid there the electricity stores balance the site;
 * in a grid outage only the critical load is kept, on the producers, the stores and the backup generators
 * (island.ts). What the fuel consumers burnt comes out of the fuel stores that supply them (fuel-supply.ts).
 */
import { DateTime } from 'luxon';
import { hasTrait, type RegistryIndex, type Site } from '@ems/domain';
import { ElectricLoad, HeatDemand, demandProfileFor, type LocalTime } from './demand.ts';
import {
  isBackupGenerator,
  isElectricityConsumer,
  isElectricityProducer,
  isElectricityStore,
  isFuelConsumer,
  isFuelStore,
  isGridMeter,
  isHeatMeter,
  isHeatSource,
  isHeatStore,
  isWaterReserve,
  isWeatherDrivenGenerator,
  type BackupGenerator,
  type ElectricityConsumer,
  type ElectricityProducer,
  type ElectricityStore,
  type FuelConsumer,
  type GridMeter,
  type HeatMeter,
  type HeatSource,
  type HeatStore,
  type NetworkConditions,
  type WaterReserve,
  type WeatherDrivenGenerator,
} from './devices/capabilities.ts';
import { createSiteDevices, type Device } from './devices/index.ts';
import { clamp, HOUR_MS } from './devices/types.ts';
import { FuelSupply } from './fuel-supply.ts';
import { designSupplyTempC, returnTempC, supplyTempC } from './heat-network.ts';
import { runIsland } from './island.ts';
import type { Rng } from './random.ts';
import type { ScenarioState } from './scenarios.ts';
import { Weather, type WeatherSample } from './weather.ts';

export interface PlantSnapshot {
  ts_ms: number;
  weather: WeatherSample;
  demand_kw: number;
  served_kw: number;
  production_kw: number;
  tank_net_kw: number;
  supply_temp_c: number;
  return_temp_c: number;
  base_load_kw: number;
  /** Output of the weather-driven generators (PV), kW. */
  pv_kw: number;
  grid_net_kw: number;
  /** Output of the backup generators, kW. */
  backup_kw: number;
  scenario: ScenarioState;
}

interface HeatBalance {
  production_kw: number;
  served_kw: number;
  store_net_kw: number;
}

export class Plant {
  readonly devices = new Map<string, Device>();
  readonly weather: Weather;
  readonly demand: HeatDemand;
  readonly load: ElectricLoad;
  /** In merit order; Array.prototype.sort is stable, so equal ranks stay in registry order. */
  private readonly heatSources: HeatSource[];
  private readonly heatStores: HeatStore[];
  private readonly waterReserves: WaterReserve[];
  private readonly weatherDriven: WeatherDrivenGenerator[];
  private readonly consumers: ElectricityConsumer[];
  private readonly producers: ElectricityProducer[];
  private readonly electricityStores: ElectricityStore[];
  private readonly backups: BackupGenerator[];
  private readonly heatMeters: HeatMeter[];
  private readonly gridMeters: GridMeter[];
  /**
   * Backup generators first: they ran on what their stores held at the start of the step, so they draw it before a
   * boiler on the same store can.
   */
  private readonly fuelConsumers: FuelConsumer[];
  private readonly fuel: FuelSupply;
  private readonly designSupplyC: number;
  private readonly contractKw: number | undefined;
  private offsetCache = { hour: Number.NaN, offsetMin: 0 };
  last: PlantSnapshot | undefined;

  /** The plant of a site with the device of each of its assets (DEVICE_TYPES). */
  static forSite(site: Site, registry: RegistryIndex, rng: Rng): Plant {
    return new Plant(site, createSiteDevices(site, registry, rng), rng);
  }

  constructor(
    readonly site: Site,
    devices: Iterable<Device>,
    rng: Rng,
  ) {
    this.weather = new Weather(site.location.lat, site.location.lon, rng.fork('weather'));
    this.designSupplyC = designSupplyTempC(site);
    const janMean = this.weather.seasonalMeanC(this.weather.climate.coldest_day_of_year);
    this.demand = new HeatDemand(demandProfileFor(site.assets, janMean), rng.fork('demand'));
    const grid = site.assets.find((a) => hasTrait(a, 'meters_grid'));
    this.contractKw = grid && 'contract_kw' in grid ? grid.contract_kw : undefined;
    const contract = this.contractKw ?? 200;
    this.load = new ElectricLoad(0.15 * contract, 0.35 * contract, rng.fork('load'));

    const all = [...devices];
    for (const d of all) this.devices.set(d.asset.id, d);
    this.heatSources = all.filter(isHeatSource).sort((a, b) => a.heat_merit_rank - b.heat_merit_rank);
    this.heatStores = all.filter(isHeatStore);
    this.waterReserves = all.filter(isWaterReserve);
    this.weatherDriven = all.filter(isWeatherDrivenGenerator);
    this.consumers = all.filter(isElectricityConsumer);
    this.producers = all.filter(isElectricityProducer);
    this.electricityStores = all.filter(isElectricityStore);
    this.backups = all.filter(isBackupGenerator);
    this.heatMeters = all.filter(isHeatMeter);
    this.gridMeters = all.filter(isGridMeter);
    this.fuelConsumers = all
      .filter(isFuelConsumer)
      .sort((a, b) => Number(isBackupGenerator(b)) - Number(isBackupGenerator(a)));
    this.fuel = new FuelSupply(site, all.filter(isFuelStore));
  }

  /** Local hour, weekday and day of month in the site's time zone (offset looked up once per UTC hour). */
  localTime(ts_ms: number): LocalTime {
    const hourKey = Math.floor(ts_ms / HOUR_MS);
    if (hourKey !== this.offsetCache.hour) {
      this.offsetCache = { hour: hourKey, offsetMin: DateTime.fromMillis(ts_ms, { zone: this.site.time_zone }).offset };
    }
    const local = ts_ms + this.offsetCache.offsetMin * 60_000;
    const hour = (local / HOUR_MS) % 24;
    const weekday = ((Math.floor(local / 86_400_000) + 3) % 7) + 1; // 1970-01-01 was a Thursday
    return { hour: hour < 0 ? hour + 24 : hour, weekday, day: new Date(local).getUTCDate() };
  }

  /** Advances the whole site by dtMs to ts_ms under the scenario's conditions. */
  step(ts_ms: number, dtMs: number, sc: ScenarioState): PlantSnapshot {
    this.weather.temp_offset_c = sc.temp_offset_c;
    const wx = this.weather.step(ts_ms, dtMs);
    const local = this.localTime(ts_ms);
    const grid = !sc.outage;
    const demand = this.demand.step(dtMs, wx.temp_c, local);
    const profile = this.demand.profile;
    const loadFraction = clamp(demand / (profile.design_space_kw * 1.2 + profile.dhw_mean_kw), 0, 1);
    const supply = supplyTempC(this.designSupplyC, wx.temp_c);
    const ret = returnTempC(supply, loadFraction);
    const baseLoad = this.load.step(dtMs, local);
    let pv = 0;
    for (const g of this.weatherDriven) pv += g.generateFromWeather(ts_ms, wx, dtMs);

    const network: NetworkConditions = {
      ts_ms,
      weather: wx,
      demand_kw: demand,
      supply_temp_c: supply,
      return_temp_c: ret,
      grid,
    };
    const budget = grid ? (this.contractKw === undefined ? Infinity : 0.95 * this.contractKw - baseLoad + pv) : 0;
    const heat = this.dispatchHeat(network, budget, dtMs);
    for (const s of this.heatStores) s.loseHeat(wx.temp_c, dtMs);
    for (const w of this.waterReserves) {
      if (sc.fire_draw_m3h > 0) w.drawWater(sc.fire_draw_m3h, dtMs);
      else if (sc.supplies) w.topUpWater(dtMs);
    }
    for (const m of this.heatMeters) m.meterHeat(heat.served_kw / this.heatMeters.length, supply, ret, dtMs);

    const { net, backup } = this.balanceElectricity(grid, baseLoad, local, dtMs);
    for (const c of this.fuelConsumers) this.fuel.draw(c.asset.id, (c.fuel_per_h * dtMs) / HOUR_MS);
    for (const s of this.fuel.stores) s.awaitDelivery(sc.supplies);

    this.last = {
      ts_ms,
      weather: wx,
      demand_kw: demand,
      served_kw: heat.served_kw,
      production_kw: heat.production_kw,
      tank_net_kw: heat.store_net_kw,
      supply_temp_c: supply,
      return_temp_c: ret,
      base_load_kw: baseLoad,
      pv_kw: pv,
      grid_net_kw: net,
      backup_kw: backup,
      scenario: sc,
    };
    return this.last;
  }

  /** The heat sources in merit order against the demand and the store's wish; the store absorbs the difference. */
  private dispatchHeat(network: NetworkConditions, budget_kw: number, dtMs: number): HeatBalance {
    const demand = network.demand_kw;
    const store = this.heatStores[0];
    let remaining = Math.max(0, demand + (store ? store.chargeWishKw(network, dtMs) : 0));
    let budget = budget_kw;
    let production = 0;
    for (const source of this.heatSources) {
      const conditions = {
        ...network,
        power_budget_kw: Math.max(0, budget),
        fuel_left: this.fuel.leftFor(source.asset.id),
      };
      const delivery = source.supplyHeat(remaining, conditions, dtMs);
      budget -= delivery.electricity_drawn_kw;
      remaining -= delivery.heat_kw;
      production += delivery.heat_kw;
    }
    if (!store) return { production_kw: production, served_kw: Math.min(demand, production), store_net_kw: 0 };
    const storeNet = store.bufferHeat(production - demand, network, dtMs);
    // heat the store could not take warms the network a little
    const served = Math.min(demand, Math.max(0, production - storeNet));
    return { production_kw: production, served_kw: served, store_net_kw: storeNet };
  }

  /** The site's electric balance: the grid's import (+) or export (−) and the backup generators' output, kW. */
  private balanceElectricity(
    grid: boolean,
    baseLoad: number,
    local: LocalTime,
    dtMs: number,
  ): { net: number; backup: number } {
    let consumed = 0;
    for (const c of this.consumers) consumed += c.electricity_in_kw;
    let produced = 0;
    for (const p of this.producers) produced += p.electricity_out_kw;
    let net = baseLoad + consumed - produced;
    let backup = 0;
    if (grid) {
      for (const g of this.backups) backup += g.standBy(local, dtMs, this.fuel.leftFor(g.asset.id));
      for (const s of this.electricityStores) net += s.exchangeElectricity(-net, s.reserve_soc, dtMs);
    } else {
      const critical = this.site.reserve.critical_load_kw ?? 0.3 * baseLoad;
      backup = runIsland(critical - produced, this.electricityStores, this.backups, this.fuel, dtMs);
      net = 0;
    }
    for (const m of this.gridMeters) m.meterGrid(net, grid, dtMs);
    return { net, backup };
  }
}
