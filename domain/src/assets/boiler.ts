/** Boiler: fuel in, heat out (DOMAIN §4 boiler efficiency, §5 fuels). */
import { Type } from '@sinclair/typebox';
import { fuelPowerKw, MJ_PER_KWH } from '../calc/fuels.ts';
import { FuelIdSchema, Positive } from '../registry/base.ts';
import { burnerDerived, counter, derivedSpec, flag, gauge, hydraulic, hydraulicHeat, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const boiler = defineAsset({
  type: 'boiler',
  name: { ja: 'ボイラ', en: 'Boiler' },
  params: {
    fuel: FuelIdSchema,
    rated_heat_kw: Positive('rated heat output, kW'),
    efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1.1, description: 'nominal efficiency on HHV' }),
  },
  param_labels: {
    fuel: { ja: '燃料', en: 'Fuel' },
    rated_heat_kw: { ja: '定格出力 (kW)', en: 'Rated heat output (kW)' },
    efficiency: { ja: 'ボイラ効率（高位発熱量基準）', en: 'Efficiency (HHV)' },
  },
  traits: ['produces_heat', 'burns_fuel'],
  metrics: {
    fuel_rate: gauge('/h', 'Fuel rate', '燃料消費率', { min: 0 }),
    fuel_total: counter('', 'Fuel used', '燃料使用量'),
    heat_kw: gauge('kW', 'Heat output', '熱出力', {
      min: 0,
      max: (a: { rated_heat_kw: number }) => 1.5 * a.rated_heat_kw,
    }),
    ...hydraulic(),
    heat_kwh: counter('kWh', 'Heat produced', '生産熱量'),
    running: flag('Running', '運転'),
  },
  derived: {
    heat_kw: derivedSpec('gauge', 'kW', 'Heat output (from flow and temperatures)', '熱出力（流量・温度から）'),
    ...burnerDerived,
    thermal_efficiency: derivedSpec('gauge', '', 'Efficiency now', '瞬時効率'),
  },
  derive({ asset, fuel }, _ts, values, out) {
    const heat_kw = hydraulicHeat(values, out);
    const fuel_rate = num(values.fuel_rate);
    if (fuel_rate === undefined) return;
    const spec = fuel(asset.fuel);
    const fuel_power_kw = fuelPowerKw(fuel_rate, spec);
    setIf(out.derived, 'fuel_power_kw', fuel_power_kw);
    setIf(out.derived, 'co2_kg_h', fuel_rate * spec.co2_kg_per_unit);
    if (fuel_power_kw && fuel_power_kw > 0 && heat_kw !== undefined)
      setIf(out.derived, 'thermal_efficiency', heat_kw / fuel_power_kw);
  },
  flows: {
    heat: { counter: 'heat_kwh', rate: 'heat_kw' },
    fuel: { counter: 'fuel_total', rate: 'fuel_rate' },
  },
  period_gauges: ['running'],
  combustion: {
    rated_fuel_per_h: (a, spec) => {
      const hhv_kwh = spec.hhv_mj_per_unit / MJ_PER_KWH;
      return hhv_kwh > 0 && a.efficiency > 0 ? a.rated_heat_kw / a.efficiency / hhv_kwh : null;
    },
    heat_efficiency: (a: { efficiency: number }) => a.efficiency,
    electric_efficiency: () => null,
  },
  example: {
    params: { fuel: 'city_gas', rated_heat_kw: 500, efficiency: 0.9 },
    sample: { fuel_rate: 10, fuel_total: 100, flow_m3h: 5, supply_temp_c: 80, return_temp_c: 60, running: true },
  },
  display: {
    icon: 'boiler',
    key_metrics: ['heat_kw', 'fuel_rate', 'thermal_efficiency', 'supply_temp_c', 'running'],
    history: ['heat_kw', 'supply_temp_c'],
    ratios: ['thermal_efficiency'],
  },
});
