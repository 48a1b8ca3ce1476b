/** Rooftop or ground PV (DOMAIN §8). */
import { Type } from '@sinclair/typebox';
import { PV_MAX_POWER_PER_KWP } from '../calc/quality.ts';
import { Positive } from '../registry/base.ts';
import { counter, derivedSpec, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const pv = defineAsset({
  type: 'pv',
  name: { ja: '太陽光発電', en: 'PV' },
  params: {
    kwp: Positive('peak power of the array, kWp'),
    tilt_deg: Type.Number({ minimum: 0, maximum: 90, default: 30 }),
    azimuth_deg: Type.Number({ minimum: -180, maximum: 180, default: 0, description: '0 = south, −90 = east' }),
    inverter_kw: Type.Optional(Positive('inverter AC limit, kW')),
  },
  param_labels: {
    kwp: { ja: '定格出力 (kWp)', en: 'Peak power (kWp)' },
    tilt_deg: { ja: '傾斜角 (°)', en: 'Tilt (°)' },
    azimuth_deg: { ja: '方位角 (°、南=0)', en: 'Azimuth (°, south = 0)' },
    inverter_kw: { ja: 'パワコン容量 (kW)', en: 'Inverter limit (kW)' },
  },
  traits: ['produces_electricity', 'solar'],
  metrics: {
    power_kw: gauge('kW', 'PV power', 'PV発電電力', {
      min: 0,
      max: (a: { kwp: number }) => PV_MAX_POWER_PER_KWP * a.kwp,
    }),
    energy_kwh: counter('kWh', 'PV energy', 'PV発電量'),
    irradiance_wm2: gauge('W/m²', 'In-plane irradiance', '傾斜面日射強度', { min: 0, max: 1_500 }),
    module_temp_c: gauge('°C', 'Module temperature', 'モジュール温度', { min: -40, max: 100 }),
  },
  required: [['power_kw']],
  derived: {
    specific_power_kw_per_kwp: derivedSpec('gauge', 'kW/kWp', 'Power per kWp', 'kWpあたり出力'),
  },
  derive({ asset }, _ts, values, out) {
    const power_kw = num(values.power_kw);
    if (power_kw !== undefined) setIf(out.derived, 'specific_power_kw_per_kwp', power_kw / asset.kwp);
  },
  flows: { electricity_out: { counter: 'energy_kwh', rate: 'power_kw' } },
  period_gauges: ['irradiance_wm2'],
  example: {
    params: { kwp: 100, tilt_deg: 30, azimuth_deg: 0 },
    sample: { power_kw: 40, energy_kwh: 1_000, irradiance_wm2: 800, module_temp_c: 35 },
  },
  display: {
    icon: 'pv',
    key_metrics: ['power_kw', 'irradiance_wm2', 'module_temp_c'],
    history: ['power_kw', 'irradiance_wm2'],
  },
});
