/**
 * What a device can do in the plant. The plant finds devices by these capabilities, never by their class or asset
 * type: a new asset type needs only its device file and its line in DEVICE_TYPES. A device may have several (a CHP
 * is a heat source, an electricity producer and a fuel consumer).
 */
import type { LocalTime } from '../demand.ts';
import type { WeatherSample } from '../weather.ts';
import type { Device } from './types.ts';

/** The heat network and the site in a step. */
export interface NetworkConditions {
  ts_ms: number;
  weather: WeatherSample;
  /** The site's heat demand, kW. */
  demand_kw: number;
  supply_temp_c: number;
  return_temp_c: number;
  /** Grid electricity is there (false in an outage). */
  grid: boolean;
}

/** What one heat source runs against in a step. */
export interface HeatConditions extends NetworkConditions {
  /** Electric power it may still draw within the site's contracted demand, kW. */
  power_budget_kw: number;
  /** Fuel left in the stores that supply it, in its fuel's unit; unlimited without a store (piped fuel). */
  fuel_left: number;
}

export interface HeatDelivery {
  /** Heat delivered to the network, kW (negative: drawn back, e.g. a defrost). */
  heat_kw: number;
  /** Electric power drawn from the site (negative: generated), kW; it moves the budget of the sources after it. */
  electricity_drawn_kw: number;
}

/**
 * Delivers heat on request. Sources run in merit order: lower ranks first, equal ranks in registry order, each
 * asked for what the ones before left (heat pump 10, CHP 20, biogenic boiler 30, fossil boiler 40).
 */
export interface HeatSource extends Device {
  readonly heat_merit_rank: number;
  supplyHeat(request_kw: number, conditions: HeatConditions, dt_ms: number): HeatDelivery;
}

/** Buffers the network's heat: the first one of a site takes what the sources make beyond the demand. */
export interface HeatStore extends Device {
  /** Heat it wants to take (+) or could give (−) on top of the demand this step, kW. */
  chargeWishKw(network: NetworkConditions, dt_ms: number): number;
  /** Takes a surplus (+) or covers a shortfall (−) as far as it can; returns the heat taken (+) or given (−), kW. */
  bufferHeat(surplus_kw: number, network: NetworkConditions, dt_ms: number): number;
  loseHeat(ambient_c: number, dt_ms: number): void;
}

/** Holds water that fire fighting draws, topped up with mains water while supplies run. */
export interface WaterReserve extends Device {
  /** Returns the volume drawn, m³. */
  drawWater(flow_m3h: number, dt_ms: number): number;
  topUpWater(dt_ms: number): void;
}

/** Makes electricity from the weather; stepped before the heat, its output widens the heat pumps' budget. */
export interface WeatherDrivenGenerator extends Device {
  /** Returns the output, kW. */
  generateFromWeather(ts_ms: number, weather: WeatherSample, dt_ms: number): number;
}

/** Draws electricity from the site (booked after the heat dispatch). */
export interface ElectricityConsumer extends Device {
  readonly electricity_in_kw: number;
}

/** Feeds electricity into the site (booked after the heat dispatch); backup generators are not among them. */
export interface ElectricityProducer extends Device {
  readonly electricity_out_kw: number;
}

/** Stores electricity: balances the site with the grid there, carries the critical load in an outage. */
export interface ElectricityStore extends Device {
  /** State of charge, 0–1. */
  readonly soc: number;
  readonly max_power_kw: number;
  /** The state of charge kept for outages while the grid is there, 0–1. */
  readonly reserve_soc: number;
  /** Takes (+) or gives (−) up to request_kw, not below floor_soc; returns the power taken or given, kW. */
  exchangeElectricity(request_kw: number, floor_soc: number, dt_ms: number): number;
}

/** Generates electricity for the critical load in a grid outage; fuel left is in its fuel's unit. */
export interface BackupGenerator extends Device {
  readonly running: boolean;
  readonly rated_output_kw: number;
  /** With the grid there: runs only on its own schedule (test runs); returns its output, kW. */
  standBy(local: LocalTime, dt_ms: number, fuel_left: number): number;
  /** Starts or stops as wished where it can; returns whether it runs. */
  switchTo(want_on: boolean, dt_ms: number, fuel_left: number): boolean;
  /** Carries up to load_kw while running; returns its output, kW. */
  run(load_kw: number, dt_ms: number, fuel_left: number): number;
}

/** Meters the heat the network delivers: its share of it when a site has several. */
export interface HeatMeter extends Device {
  meterHeat(heat_kw: number, supply_temp_c: number, return_temp_c: number, dt_ms: number): void;
}

/** Meters the site's grid connection: net_kw is the site's import (+) or export (−). */
export interface GridMeter extends Device {
  meterGrid(net_kw: number, grid: boolean, dt_ms: number): void;
}

/** Burns fuel drawn, at the end of each step, from the stores that supply it (DOMAIN §9 `supplies`). */
export interface FuelConsumer extends Device {
  /** In its fuel's unit per hour. */
  readonly fuel_per_h: number;
}

/** Holds fuel for the consumers it supplies; amounts are in its fuel's unit. */
export interface FuelStore extends Device {
  readonly fuel_left: number;
  /** Takes an amount out; returns what it had of it. */
  drawFuel(amount: number): number;
  /** A delivery when it runs low, while deliveries run. */
  awaitDelivery(deliveries_run: boolean): void;
}

export const isHeatSource = (d: Device): d is HeatSource => 'supplyHeat' in d;
export const isHeatStore = (d: Device): d is HeatStore => 'bufferHeat' in d;
export const isWaterReserve = (d: Device): d is WaterReserve => 'drawWater' in d;
export const isWeatherDrivenGenerator = (d: Device): d is WeatherDrivenGenerator => 'generateFromWeather' in d;
export const isElectricityConsumer = (d: Device): d is ElectricityConsumer => 'electricity_in_kw' in d;
export const isElectricityProducer = (d: Device): d is ElectricityProducer => 'electricity_out_kw' in d;
export const isElectricityStore = (d: Device): d is ElectricityStore => 'exchangeElectricity' in d;
export const isBackupGenerator = (d: Device): d is BackupGenerator => 'standBy' in d;
export const isHeatMeter = (d: Device): d is HeatMeter => 'meterHeat' in d;
export const isGridMeter = (d: Device): d is GridMeter => 'meterGrid' in d;
export const isFuelConsumer = (d: Device): d is FuelConsumer => 'fuel_per_h' in d;
export const isFuelStore = (d: Device): d is FuelStore => 'drawFuel' in d;

/** A burner runs while its stores hold more than one unit of fuel. */
export function hasFuel(c: HeatConditions): boolean {
  return c.fuel_left > 1;
}
