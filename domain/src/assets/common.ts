/** Metric and derive helpers several asset types share. */
import { heatFromFlow } from '../calc/heat.ts';
import { WATER_TEMP_MAX_C, WATER_TEMP_MIN_C } from '../calc/water.ts';
import type { Derived, MetricSpec, MetricValue } from './types.ts';

/** DOMAIN §10: water below −5 °C or above 200 °C is impossible. */
export const waterTemp = <A>(en: string, ja: string): MetricSpec<A> => ({
  kind: 'gauge',
  unit: '°C',
  min: WATER_TEMP_MIN_C,
  max: WATER_TEMP_MAX_C,
  description: { en, ja },
});

export const counter = <A>(unit: string, en: string, ja: string): MetricSpec<A> => ({
  kind: 'counter',
  unit,
  min: 0,
  description: { en, ja },
});

export const flag = <A>(en: string, ja: string): MetricSpec<A> => ({ kind: 'flag', unit: '', description: { en, ja } });

export const gauge = <A>(
  unit: string,
  en: string,
  ja: string,
  limits: Pick<MetricSpec<A>, 'min' | 'max'> = {},
): MetricSpec<A> => ({ kind: 'gauge', unit, ...limits, description: { en, ja } });

/** Flow and temperatures of a water circuit (heat from them when heat_kw is not reported, DOMAIN §2). */
export const hydraulic = <A>(): Record<string, MetricSpec<A>> => ({
  flow_m3h: gauge('m³/h', 'Flow', '流量', { min: 0, max: 100_000 }),
  supply_temp_c: waterTemp('Supply temperature', '往き温度'),
  return_temp_c: waterTemp('Return temperature', '還り温度'),
});

export const num = (v: MetricValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

export function setIf(
  out: Record<string, number | boolean>,
  key: string,
  value: number | boolean | null | undefined,
): void {
  if (value !== null && value !== undefined && (typeof value === 'boolean' || Number.isFinite(value))) out[key] = value;
}

/** Heat output: as reported, else from flow and temperatures (stored as derived heat_kw), with its faults. */
export function hydraulicHeat(values: Record<string, MetricValue>, out: Derived): number | undefined {
  const measured = num(values.heat_kw);
  if (measured !== undefined) return measured;
  const flow_m3h = num(values.flow_m3h);
  const supply_temp_c = num(values.supply_temp_c);
  const return_temp_c = num(values.return_temp_c);
  if (flow_m3h === undefined || supply_temp_c === undefined || return_temp_c === undefined) return undefined;
  const r = heatFromFlow({ flow_m3h, supply_temp_c, return_temp_c });
  if (r.fault) out.faults.push(r.fault);
  setIf(out.derived, 'heat_kw', r.heat_kw);
  return r.heat_kw ?? undefined;
}

const d = (kind: 'gauge' | 'flag', unit: string, en: string, ja: string) => ({ kind, unit, description: { en, ja } });
/** Derived-value specs shared by burners. */
export const burnerDerived = {
  fuel_power_kw: d('gauge', 'kW', 'Fuel power (HHV)', '燃料入力(高位発熱量)'),
  co2_kg_h: d('gauge', 'kg/h', 'CO2 emission rate', 'CO2排出量'),
};
export const derivedSpec = d;
