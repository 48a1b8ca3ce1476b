/** Output heat meter: the heat the plant delivers to the network (DOMAIN §4). */
import { Type } from '@sinclair/typebox';
import { Positive } from '../registry/base.ts';
import { counter, derivedSpec, gauge, hydraulic, hydraulicHeat } from './common.ts';
import { defineAsset } from './types.ts';

export const heatMeter = defineAsset({
  type: 'heat_meter',
  name: { ja: '熱量計', en: 'Heat meter' },
  params: { max_heat_kw: Type.Optional(Positive()) },
  param_labels: { max_heat_kw: { ja: '最大熱量 (kW)', en: 'Maximum heat (kW)' } },
  traits: ['meters_heat_delivered'],
  metrics: {
    heat_kw: gauge('kW', 'Heat delivered', '供給熱量(瞬時)', { min: 0 }),
    heat_kwh: counter('kWh', 'Heat delivered', '供給熱量'),
    ...hydraulic(),
  },
  required: [['heat_kw'], ['flow_m3h', 'supply_temp_c', 'return_temp_c']],
  derived: {
    heat_kw: derivedSpec('gauge', 'kW', 'Heat delivered (from flow and temperatures)', '供給熱量（流量・温度から）'),
  },
  derive(_ctx, _ts, values, out) {
    hydraulicHeat(values, out);
  },
  flows: { heat: { counter: 'heat_kwh', rate: 'heat_kw' } },
  period_gauges: [],
  example: {
    params: {},
    sample: { flow_m3h: 40, supply_temp_c: 80, return_temp_c: 50, heat_kwh: 100_000 },
  },
  display: {
    icon: 'heat-meter',
    key_metrics: ['heat_kw', 'flow_m3h', 'supply_temp_c', 'return_temp_c'],
    history: ['heat_kw', 'supply_temp_c', 'return_temp_c'],
  },
});
