/**
 * Per-site plant: weather → heat demand → dispatch. Heat pumps first while grid electricity is there (within
 * the contracted demand), the CHP when the remaining demand is high (or in a grid outage, for island power),
 * boilers for the peaks (biogenic first), and the storage tank buffering: it charges towards a target state of
 * charge when there is spare capacity and covers what the generators do not.
 */
import { DateTime } from 'luxon';
import type { Asset, RegistryIndex, Site } from '@ems/domain';
import { ElectricLoad, HeatDemand, demandProfileFor, type LocalTime } from './demand.ts';
import {
  BatteryDevice,
  BoilerDevice,
  ChpDevice,
  FuelTankDevice,
  GridMeterDevice,
  HeatMeterDevice,
  HeatPumpDevice,
  PvDevice,
  StorageTankDevice,
  createDevice,
  type Device,
} from './devices/index.ts';
import { BATTERY_RESERVE_SOC } from './devices/battery.ts';
import { clamp, HOUR_MS } from './devices/types.ts';
import type { Rng } from './random.ts';
import type { ScenarioState } from './scenarios.ts';
import { Weather, type WeatherSample } from './weather.ts';

/** Diesel burnt by an emergency generator per kWh of electricity (≈ 30 % on HHV), L/kWh. */
const GENSET_L_PER_KWH = 0.32;
/** Mains make-up water into a storage tank, m³/h. */
const MAKEUP_M3H = 20;

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
  pv_kw: number;
  grid_net_kw: number;
  genset_kw: number;
  scenario: ScenarioState;
}

export class Plant {
  readonly devices = new Map<string, Device>();
  readonly weather: Weather;
  readonly demand: HeatDemand;
  readonly load: ElectricLoad;
  private readonly hps: HeatPumpDevice[] = [];
  private readonly boilers: BoilerDevice[] = [];
  private readonly chps: ChpDevice[] = [];
  private readonly tanks: StorageTankDevice[] = [];
  private readonly meters: HeatMeterDevice[] = [];
  private readonly grids: GridMeterDevice[] = [];
  private readonly fuelTanks: FuelTankDevice[] = [];
  private readonly batteries: BatteryDevice[] = [];
  private readonly pvs: PvDevice[] = [];
  private readonly designSupplyC: number;
  private readonly contractKw: number | undefined;
  private offsetCache = { hour: Number.NaN, offsetMin: 0 };
  last: PlantSnapshot | undefined;

  constructor(
    readonly site: Site,
    registry: RegistryIndex,
    rng: Rng,
  ) {
    this.weather = new Weather(site.location.lat, site.location.lon, rng.fork('weather'));
    const big = site.assets.some((a) => a.type === 'chp' || (a.type === 'heat_pump' && a.rated_heat_kw >= 1000));
    this.designSupplyC = big ? 70 : 60;
    const janMean = this.weather.seasonalMeanC(this.weather.climate.coldest_day_of_year);
    this.demand = new HeatDemand(demandProfileFor(site.assets, janMean), rng.fork('demand'));
    const grid = site.assets.find((a) => a.type === 'grid_meter');
    this.contractKw = grid?.type === 'grid_meter' ? grid.contract_kw : undefined;
    const contract = this.contractKw ?? 200;
    this.load = new ElectricLoad(0.15 * contract, 0.35 * contract, rng.fork('load'));
    for (const asset of site.assets) {
      const device = createDevice(
        asset,
        { registry, site, rng: rng.fork(`asset:${asset.id}`) },
        {
          tank: { bottom_c: this.designSupplyC - 22, top_c: this.designSupplyC },
        },
      );
      this.devices.set(asset.id, device);
      this.register(asset, device);
    }
  }

  private register(asset: Asset, d: Device): void {
    if (d instanceof HeatPumpDevice) this.hps.push(d);
    else if (d instanceof BoilerDevice) this.boilers.push(d);
    else if (d instanceof ChpDevice) this.chps.push(d);
    else if (d instanceof StorageTankDevice) this.tanks.push(d);
    else if (d instanceof HeatMeterDevice) this.meters.push(d);
    else if (d instanceof GridMeterDevice) this.grids.push(d);
    else if (d instanceof FuelTankDevice) this.fuelTanks.push(d);
    else if (d instanceof BatteryDevice) this.batteries.push(d);
    else if (d instanceof PvDevice) this.pvs.push(d);
    void asset;
    // biogenic boilers carry the base, fossil ones the peaks
    this.boilers.sort((a, b) => Number(b.biogenic) - Number(a.biogenic));
  }

  /** Local hour and weekday in the site's time zone (offset looked up once per UTC hour). */
  localTime(ts_ms: number): LocalTime {
    const hourKey = Math.floor(ts_ms / HOUR_MS);
    if (hourKey !== this.offsetCache.hour) {
      this.offsetCache = { hour: hourKey, offsetMin: DateTime.fromMillis(ts_ms, { zone: this.site.time_zone }).offset };
    }
    const local = ts_ms + this.offsetCache.offsetMin * 60_000;
    const hour = (local / HOUR_MS) % 24;
    const weekday = ((Math.floor(local / 86_400_000) + 3) % 7) + 1; // 1970-01-01 was a Thursday
    return { hour: hour < 0 ? hour + 24 : hour, weekday };
  }

  /** Network supply temperature from the outdoor temperature (heating curve), °C. */
  supplyTempC(outdoor_c: number): number {
    return this.designSupplyC + 5 * clamp((5 - outdoor_c) / 10, -1.4, 1);
  }

  private fuelTankFor(fuel: string): FuelTankDevice | undefined {
    return this.fuelTanks.find((t) => t.asset.fuel === fuel);
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
    const supply = this.supplyTempC(wx.temp_c);
    const ret = supply - (8 + 12 * loadFraction);
    const baseLoad = this.load.step(dtMs, local);
    let pv = 0;
    for (const p of this.pvs) pv += p.step(ts_ms, dtMs, wx);

    // --- heat: what the tank wants, then heat pumps, CHP, boilers
    const tank = this.tanks[0];
    let chargeWish = 0;
    if (tank) {
      const target = sc.outage ? 0.1 : 0.6;
      const soc = tank.stateOfCharge(supply);
      const fullKwh = tank.usefulKwh() / Math.max(soc, 0.05);
      chargeWish = clamp(
        ((target - soc) * fullKwh) / 4,
        -tank.maxDischargeKw(ret, dtMs),
        tank.maxChargeKw(supply, dtMs),
      );
    }
    const want = Math.max(0, demand + chargeWish);
    let remaining = want;
    let budget = grid ? (this.contractKw === undefined ? Infinity : 0.95 * this.contractKw - baseLoad + pv) : 0;
    let production = 0;
    for (const hp of this.hps) {
      const heat = hp.operate(
        remaining,
        {
          supply_temp_c: supply,
          return_temp_c: ret,
          outdoor_temp_c: wx.temp_c,
          humidity_pct: wx.humidity_pct,
          grid,
          power_budget_kw: Math.max(0, budget),
        },
        dtMs,
      );
      budget -= hp.power_kw;
      remaining -= heat;
      production += heat;
    }
    for (const chp of this.chps) {
      const fuelOk = this.fuelAvailable(chp.asset.fuel);
      const wantOn = fuelOk && (remaining > 0.6 * chp.fullLoadHeatKw || (sc.outage && demand > 0));
      const heat = chp.operate(wantOn, remaining, dtMs);
      remaining -= heat;
      production += heat;
    }
    for (const boiler of this.boilers) {
      const heat = boiler.operate(remaining, supply, ret, dtMs, this.fuelAvailable(boiler.asset.fuel));
      remaining -= heat;
      production += heat;
    }

    // --- the tank absorbs the difference between production and demand
    let tankNet = 0;
    let served = Math.min(demand, production);
    if (tank) {
      const net = clamp(production - demand, -tank.maxDischargeKw(ret, dtMs), tank.maxChargeKw(supply, dtMs));
      tankNet = tank.exchange(net, supply, ret, dtMs);
      served = Math.max(0, production - tankNet);
      if (served > demand) served = demand; // heat the tank could not take warms the network a little
    }
    for (const t of this.tanks) {
      t.lose(wx.temp_c, dtMs);
      if (sc.fire_draw_m3h > 0) t.draw(sc.fire_draw_m3h, dtMs);
      else if (sc.supplies) t.refill(MAKEUP_M3H, dtMs);
    }
    for (const m of this.meters) m.measure(served / this.meters.length, supply, ret, dtMs);

    // --- fuel
    for (const b of this.boilers) this.fuelTankFor(b.asset.fuel)?.drain((b.fuel_rate * dtMs) / HOUR_MS);
    for (const c of this.chps) this.fuelTankFor(c.asset.fuel)?.drain((c.fuel_rate * dtMs) / HOUR_MS);

    // --- electricity
    let hpPower = 0;
    for (const hp of this.hps) hpPower += hp.power_kw;
    let chpPower = 0;
    for (const c of this.chps) chpPower += c.power_kw;
    let net = baseLoad + hpPower - pv - chpPower;
    let genset = 0;
    if (grid) {
      for (const b of this.batteries) net += b.operate(-net, BATTERY_RESERVE_SOC, dtMs);
    } else {
      // island: only the critical load is kept; the battery, PV and CHP carry it, a diesel generator the rest
      const critical = this.site.reserve.critical_load_kw ?? 0.3 * baseLoad;
      let uncovered = critical - pv - chpPower;
      for (const b of this.batteries) uncovered += b.operate(-uncovered, 0, dtMs);
      const diesel = this.fuelTankFor('diesel');
      if (uncovered > 0 && diesel) {
        const litres = diesel.drain(uncovered * GENSET_L_PER_KWH * (dtMs / HOUR_MS));
        genset = litres > 0 ? litres / GENSET_L_PER_KWH / (dtMs / HOUR_MS) : 0;
      }
      net = 0;
    }
    for (const g of this.grids) g.measure(net, grid, dtMs);
    for (const f of this.fuelTanks) f.maybeRefill(sc.supplies);

    this.last = {
      ts_ms,
      weather: wx,
      demand_kw: demand,
      served_kw: served,
      production_kw: production,
      tank_net_kw: tankNet,
      supply_temp_c: supply,
      return_temp_c: ret,
      base_load_kw: baseLoad,
      pv_kw: pv,
      grid_net_kw: net,
      genset_kw: genset,
      scenario: sc,
    };
    return this.last;
  }

  /** A fuel from a tank on the site is available while the tank holds some; piped and bulk fuels always are. */
  private fuelAvailable(fuel: string): boolean {
    const tank = this.fuelTankFor(fuel);
    return tank === undefined || tank.volume_l > 1;
  }
}
