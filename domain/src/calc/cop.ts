/** Heat-pump COP (DOMAIN §3). */
import { safeRatio } from './num.ts';

/** Share of rated electric power below which no instantaneous COP is given. */
export const COP_MIN_POWER_FRACTION = 0.05;
const KELVIN_OFFSET = 273.15;

export interface InstantaneousCopInput {
  heat_kw: number;
  power_kw: number;
  /** Whether the compressor runs. When the device does not report it, running means power ≥ 5 % of rated. */
  running?: boolean;
  rated_power_kw: number;
}

/**
 * heat_kw / power_kw, only while running and power ≥ 5 % of rated electric power; otherwise null.
 * Never 0 and never infinite: zero or negative heat (defrost) also gives null.
 */
export function instantaneousCop(input: InstantaneousCopInput): number | null {
  const { heat_kw, power_kw, running, rated_power_kw } = input;
  if (![heat_kw, power_kw, rated_power_kw].every(Number.isFinite) || rated_power_kw <= 0) return null;
  if (running === false) return null;
  if (power_kw <= 0 || power_kw < COP_MIN_POWER_FRACTION * rated_power_kw) return null;
  if (heat_kw <= 0) return null;
  const cop = safeRatio(heat_kw, power_kw);
  return cop !== null && cop > 0 ? cop : null;
}

/** Energy-weighted COP over a period: Σ heat_kWh / Σ electricity_kWh; null when electricity is not positive. */
export function periodCop(heat_kwh: number, electricity_kwh: number): number | null {
  return safeRatio(heat_kwh, electricity_kwh);
}

export interface CopInterval {
  /** Net heat in the interval (counter difference); negative during defrost. */
  heat_kwh: number;
  electricity_kwh: number;
  running: boolean;
}

export interface CopFromIntervalsResult {
  /** COP over the intervals in which the unit ran. */
  running_cop: number | null;
  /** COP over all intervals, standby consumption included. */
  total_cop: number | null;
  /** Heat drawn back from the water (defrost), as a positive number; included in the totals. */
  defrost_kwh: number;
  heat_kwh: number;
  electricity_kwh: number;
  running_heat_kwh: number;
  running_electricity_kwh: number;
  /** Positive heat metered in intervals with the compressor off: a metering fault to flag. */
  heat_while_off_kwh: number;
}

/**
 * Running COP, total COP and defrost energy from intervals (DOMAIN §3). Intervals with negative heat count as
 * defrost: their (negative) heat stays in the totals and is also reported as `defrost_kwh`. Non-finite values
 * count as 0.
 */
export function copFromIntervals(intervals: readonly CopInterval[]): CopFromIntervalsResult {
  let heat = 0;
  let elec = 0;
  let runHeat = 0;
  let runElec = 0;
  let defrost = 0;
  let heatWhileOff = 0;
  for (const iv of intervals) {
    const h = Number.isFinite(iv.heat_kwh) ? iv.heat_kwh : 0;
    const e = Number.isFinite(iv.electricity_kwh) ? iv.electricity_kwh : 0;
    heat += h;
    elec += e;
    if (iv.running) {
      runHeat += h;
      runElec += e;
    } else if (h > 0) {
      heatWhileOff += h;
    }
    if (h < 0) defrost += -h;
  }
  return {
    running_cop: periodCop(runHeat, runElec),
    total_cop: periodCop(heat, elec),
    defrost_kwh: defrost,
    heat_kwh: heat,
    electricity_kwh: elec,
    running_heat_kwh: runHeat,
    running_electricity_kwh: runElec,
    heat_while_off_kwh: heatWhileOff,
  };
}

/** Default band of heat reading treated as meter noise when checking for heat while off. */
export const HEAT_WHILE_OFF_TOLERANCE_KW = 0.5;

/**
 * True when heat above the noise band is reported while the compressor is off — a metering fault (DOMAIN §3).
 * Defrost (negative heat) is not this fault.
 */
export function heatWhileOffFault(input: { running: boolean; heat_kw: number; tolerance_kw?: number }): boolean {
  const tol = input.tolerance_kw ?? HEAT_WHILE_OFF_TOLERANCE_KW;
  return !input.running && Number.isFinite(input.heat_kw) && input.heat_kw > tol;
}

/** Carnot COP for heating, T_supply/(T_supply − T_source) in kelvin; null unless supply is above source. */
export function carnotCop(supply_temp_c: number, source_temp_c: number): number | null {
  if (!Number.isFinite(supply_temp_c) || !Number.isFinite(source_temp_c)) return null;
  const supply_k = supply_temp_c + KELVIN_OFFSET;
  const source_k = source_temp_c + KELVIN_OFFSET;
  if (source_k <= 0 || supply_k <= source_k) return null;
  return safeRatio(supply_k, supply_k - source_k);
}

/** COP as a fraction of the Carnot COP at the measured supply and source temperatures; null without a value. */
export function carnotFraction(cop: number | null, supply_temp_c: number, source_temp_c: number): number | null {
  if (cop === null || !Number.isFinite(cop) || cop <= 0) return null;
  const carnot = carnotCop(supply_temp_c, source_temp_c);
  return carnot === null ? null : safeRatio(cop, carnot);
}
