/**
 * Per-site plant: weather → heat demand → dispatch. Heat pumps first while grid electricity is there (within
 * the contracted demand), the CHP when the remaining demand is high (or in a grid outage, for island power),
 * boilers for the peaks (biogenic first), and the storage tank buffering: it charges towards a target state of
 * charge when there is spare capacity and covers what the generators do not. In a grid outage the site keeps its
 * critical load on PV, CHP, batteries and emergency generators. Electricity and fuel are booked by the energy flows
 * and traits of the asset-type modules (@ems/domain), and fuel comes from the tanks that supply each burner.
 */
import { DateTime } from 'luxon';
import { hasTrait, moduleOf, suppliedBy, type Asset, type RegistryIndex, type Site } from '@ems/domain';
import { ElectricLoad, HeatDemand, demandProfileFor, generationCapacityKw, type LocalTime } from './demand.ts';
import {
  BatteryDevice,
  BoilerDevice,
  ChpDevice,
  FuelTankDevice,
  GeneratorDevice,
  GridMeterDevice,
  HeatMeterDevice,
  HeatPumpDevice,
  PvDevice,
  StorageTankDevice,
  createDevice,
  type Device,
} from './devices/index.ts';
import { BATTERY_RESERVE_SOC } from './devices/battery.ts';
import { GENERATOR_START_SOC, GENERATOR_STOP_SOC } from './devices/generator.ts';
import { clamp, HOUR_MS } from './devices/types.ts';
import type { Rng } from './random.ts';
import type { ScenarioState } from './scenarios.ts';
import { Weather, type WeatherSample } from './weather.ts';

/** A site with this much heat generation or more is a district-heating plant (70 °C design supply), kW. */
const DISTRICT_HEATING_KW = 1000;
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
  /** Output of the emergency generators, kW. */
  backup_kw: number;
  scenario: ScenarioState;
}

/** A metric of a device read from its state: devices keep each contract metric in a field of the same name. */
interface Reading {
  device: Device;
  metric: string;
}

function readingOf(r: Reading): number {
  return (r.device as unknown as Record<string, number>)[r.metric]!;
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
  private readonly generators: GeneratorDevice[] = [];
  /** Electric power drawn, by the `electricity_in` flow. */
  private readonly electricityIn: Reading[] = [];
  /** Electric power produced by everything but the emergency generators, by the `electricity_out` flow. */
  private readonly electricityOut: Reading[] = [];
  /**
   * Fuel rates of the assets that burn fuel, by the `fuel` flow. Emergency generators first: they ran on what their
   * tanks held at the start of the step, so they draw it before a boiler on the same tank can.
   */
  private readonly burners: Reading[] = [];
  /** The tanks that supply each fuel-burning asset (DOMAIN §9 `supplies`), by asset id. */
  private readonly supply = new Map<string, FuelTankDevice[]>();
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
    this.designSupplyC = generationCapacityKw(site.assets) >= DISTRICT_HEATING_KW ? 70 : 60;
    const janMean = this.weather.seasonalMeanC(this.weather.climate.coldest_day_of_year);
    this.demand = new HeatDemand(demandProfileFor(site.assets, janMean), rng.fork('demand'));
    const grid = site.assets.find((a) => hasTrait(a, 'meters_grid'));
    this.contractKw = grid && 'contract_kw' in grid ? grid.contract_kw : undefined;
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
    for (const tank of this.fuelTanks)
      for (const a of suppliedBy(tank.asset, site)) this.supply.set(a.id, [...(this.supply.get(a.id) ?? []), tank]);
  }

  private register(asset: Asset, d: Device): void {
    const flows = moduleOf(asset).flows;
    const reading = (metric: string): Reading => {
      if (typeof (d as unknown as Record<string, unknown>)[metric] !== 'number')
        throw new TypeError(`the ${asset.type} device keeps no ${metric}`);
      return { device: d, metric };
    };
    if (flows.electricity_in) this.electricityIn.push(reading(flows.electricity_in.rate));
    if (flows.electricity_out && !hasTrait(asset, 'backup_power'))
      this.electricityOut.push(reading(flows.electricity_out.rate));
    if (flows.fuel && hasTrait(asset, 'burns_fuel')) {
      const r = reading(flows.fuel.rate);
      if (hasTrait(asset, 'backup_power')) this.burners.unshift(r);
      else this.burners.push(r);
    }

    if (d instanceof HeatPumpDevice) this.hps.push(d);
    else if (d instanceof BoilerDevice) this.boilers.push(d);
    else if (d instanceof ChpDevice) this.chps.push(d);
    else if (d instanceof StorageTankDevice) this.tanks.push(d);
    else if (d instanceof HeatMeterDevice) this.meters.push(d);
    else if (d instanceof GridMeterDevice) this.grids.push(d);
    else if (d instanceof FuelTankDevice) this.fuelTanks.push(d);
    else if (d instanceof BatteryDevice) this.batteries.push(d);
    else if (d instanceof PvDevice) this.pvs.push(d);
    else if (d instanceof GeneratorDevice) this.generators.push(d);
    // biogenic boilers carry the base, fossil ones the peaks
    this.boilers.sort((a, b) => Number(b.biogenic) - Number(a.biogenic));
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

  /** Network supply temperature from the outdoor temperature (heating curve), °C. */
  supplyTempC(outdoor_c: number): number {
    return this.designSupplyC + 5 * clamp((5 - outdoor_c) / 10, -1.4, 1);
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
      const fuelOk = this.fuelAvailable(chp.asset);
      const wantOn = fuelOk && (remaining > 0.6 * chp.fullLoadHeatKw || (sc.outage && demand > 0));
      const heat = chp.operate(wantOn, remaining, dtMs);
      remaining -= heat;
      production += heat;
    }
    for (const boiler of this.boilers) {
      const heat = boiler.operate(remaining, supply, ret, dtMs, this.fuelAvailable(boiler.asset));
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

    // --- electricity
    let consumed = 0;
    for (const r of this.electricityIn) consumed += readingOf(r);
    let produced = 0;
    for (const r of this.electricityOut) produced += readingOf(r);
    let net = baseLoad + consumed - produced;
    let backup = 0;
    if (grid) {
      for (const g of this.generators) {
        // the monthly test runs at no load (as does the cool-down after an outage)
        g.switchTo(g.testRunDue(local), dtMs, this.fuelLeft(g.asset));
        backup += g.run(0, dtMs, this.fuelLeft(g.asset));
      }
      for (const b of this.batteries) net += b.operate(-net, BATTERY_RESERVE_SOC, dtMs);
    } else {
      // island: only the critical load is kept
      const critical = this.site.reserve.critical_load_kw ?? 0.3 * baseLoad;
      backup = this.island(critical - produced, dtMs);
      net = 0;
    }
    for (const g of this.grids) g.measure(net, grid, dtMs);

    // --- fuel: what each burner burnt comes out of the tanks that supply it
    for (const r of this.burners) this.drawFuel(r.device.asset, (readingOf(r) * dtMs) / HOUR_MS);
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
      backup_kw: backup,
      scenario: sc,
    };
    return this.last;
  }

  /**
   * Island operation on what PV and CHP leave (`load_kw`, negative when they have power to spare): the batteries carry
   * it while they can; the emergency generators start when the batteries cannot (too little power, or down to
   * GENERATOR_START_SOC), carry the load and recharge the batteries with what they have to spare, and stop once the
   * batteries hold GENERATOR_STOP_SOC and can carry the load again. Returns the generators' output, kW.
   */
  private island(load_kw: number, dtMs: number): number {
    let batteryKw = 0;
    for (const b of this.batteries) if (b.soc > GENERATOR_START_SOC) batteryKw += b.asset.rated_power_kw;
    const charged = this.batteries.every((b) => b.soc >= GENERATOR_STOP_SOC);
    const running = this.generators.some((g) => g.running);
    const wantOn = load_kw > batteryKw || (running && load_kw > 0 && !charged);
    let capacityKw = 0;
    for (const g of this.generators)
      if (g.switchTo(wantOn, dtMs, this.fuelLeft(g.asset))) capacityKw += g.asset.rated_kw;
    // + the batteries charge with what the generators have to spare, − they cover what the generators cannot
    let request = capacityKw - load_kw;
    let charging = 0;
    for (const b of this.batteries) {
      const p = b.operate(request, 0, dtMs);
      charging += p;
      request -= p;
    }
    const generatorLoad = Math.max(0, load_kw + charging);
    let out = 0;
    for (const g of this.generators) {
      const share = capacityKw > 0 && g.running ? g.asset.rated_kw / capacityKw : 0;
      out += g.run(generatorLoad * share, dtMs, this.fuelLeft(g.asset));
    }
    return out;
  }

  /** Fuel left for an asset in the tanks that supply it, in the fuel's unit; unlimited without a tank (piped fuel). */
  private fuelLeft(asset: Asset): number {
    const tanks = this.supply.get(asset.id);
    if (!tanks) return Number.POSITIVE_INFINITY;
    let left = 0;
    for (const t of tanks) left += t.volume_l / t.litresOf(1);
    return left;
  }

  /** A burner runs while its tanks hold some fuel; piped and bulk fuels always are there. */
  private fuelAvailable(asset: Asset): boolean {
    return this.fuelLeft(asset) > 1;
  }

  /** Takes an amount of fuel (in the fuel's unit) out of the tanks that supply an asset, in their order. */
  private drawFuel(asset: Asset, amount: number): void {
    let rest = amount;
    for (const t of this.supply.get(asset.id) ?? []) if (rest > 0) rest -= t.drain(rest);
  }
}
