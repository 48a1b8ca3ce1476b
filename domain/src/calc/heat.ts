/** Heat from flow and temperatures (DOMAIN §2). */
import { heatFactorKwPerM3hK } from './water.ts';

export type HeatFault = 'negative_delta_t' | 'negative_flow' | 'invalid_input';

export interface HeatFromFlowInput {
  flow_m3h: number;
  supply_temp_c: number;
  return_temp_c: number;
}

export interface HeatFromFlowResult {
  /** Heat in kW, or null when no value can be given (see `fault`). */
  heat_kw: number | null;
  fault?: HeatFault;
}

/**
 * Q [kW] = ρ(T)·c_p(T)·V̇[m³/h]/3600·(T_supply − T_return), with water properties at the mean of supply and
 * return temperature. Zero flow gives 0 kW whatever the temperatures. For a producer, a negative ΔT (with flow)
 * is a sensor or flow-direction fault: it is flagged and yields no heat (never negative heat). Negative flow is
 * flagged the same way; non-finite or implausible temperatures (outside −5…200 °C) give `invalid_input`.
 */
export function heatFromFlow(input: HeatFromFlowInput): HeatFromFlowResult {
  const { flow_m3h, supply_temp_c, return_temp_c } = input;
  if (!Number.isFinite(flow_m3h) || !Number.isFinite(supply_temp_c) || !Number.isFinite(return_temp_c)) {
    return { heat_kw: null, fault: 'invalid_input' };
  }
  if (flow_m3h < 0) return { heat_kw: null, fault: 'negative_flow' };
  const factor = heatFactorKwPerM3hK((supply_temp_c + return_temp_c) / 2);
  if (factor === null || heatFactorKwPerM3hK(supply_temp_c) === null || heatFactorKwPerM3hK(return_temp_c) === null) {
    return { heat_kw: null, fault: 'invalid_input' };
  }
  if (flow_m3h === 0) return { heat_kw: 0 };
  const delta_t_k = supply_temp_c - return_temp_c;
  if (delta_t_k < 0) return { heat_kw: null, fault: 'negative_delta_t' };
  const heat_kw = factor * flow_m3h * delta_t_k;
  return Number.isFinite(heat_kw) ? { heat_kw } : { heat_kw: null, fault: 'invalid_input' };
}
