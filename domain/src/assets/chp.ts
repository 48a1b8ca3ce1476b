/** Combined heat and power: fuel in, heat and electricity out. */
import { Type } from '@sinclair/typebox';
import { fuelPowerKw, MJ_PER_KWH } from '../calc/fuels.ts';
import { FuelIdSchema, Positive } from '../registry/base.ts';
import { burnerDerived, counter, derivedSpec, flag, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const chp = defineAsset({
  type: 'chp',
  name: { ja: 'コージェネ', en: 'CHP' },
  params: {
    fuel: FuelIdSchema,
    rated_power_kw: Positive('rated electric output, kW'),
    rated_heat_kw: Positive('rated heat output, kW'),
    electric_efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    thermal_efficiency: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  },
  param_labels: {
    fuel: { ja: '燃料', en: 'Fuel' },
    rated_power_kw: { ja: '定格発電出力 (kW)', en: 'Rated electric output (kW)' },
    rated_heat_kw: { ja: '定格熱出力 (kW)', en: 'Rated heat output (kW)' },
    electric_efficiency: { ja: '発電効率', en: 'Electric efficiency' },
    thermal_efficiency: { ja: '熱回収効率', en: 'Thermal efficiency' },
  },
  traits: ['produces_heat', 'burns_fuel', 'produces_electricity'],
  metrics: {
    fuel_rate: gauge('/h', 'Fuel rate', '燃料消費率', { min: 0 }),
    fuel_total: counter('', 'Fuel used', '燃料使用量'),
    power_kw: gauge('kW', 'Electric output', '発電電力', {
      min: 0,
      max: (a: { rated_power_kw: number }) => 1.5 * a.rated_power_kw,
    }),
    energy_kwh: counter('kWh', 'Electricity generated', '発電量'),
    heat_kw: gauge('kW', 'Heat output', '熱出力', {
      min: 0,
      max: (a: { rated_heat_kw: number }) => 1.5 * a.rated_heat_kw,
    }),
    heat_kwh: counter('kWh', 'Heat produced', '生産熱量'),
    running: flag('Running', '運転'),
  },
  derived: {
    ...burnerDerived,
    thermal_efficiency: derivedSpec('gauge', '', 'Thermal efficiency now', '瞬時熱回収効率'),
    electric_efficiency: derivedSpec('gauge', '', 'Electric efficiency now', '瞬時発電効率'),
  },
  derive({ asset, fuel }, _ts, values, out) {
    const fuel_rate = num(values.fuel_rate);
    if (fuel_rate === undefined) return;
    const spec = fuel(asset.fuel);
    const fuel_power_kw = fuelPowerKw(fuel_rate, spec);
    setIf(out.derived, 'fuel_power_kw', fuel_power_kw);
    setIf(out.derived, 'co2_kg_h', fuel_rate * spec.co2_kg_per_unit);
    if (!fuel_power_kw || fuel_power_kw <= 0) return;
    const heat_kw = num(values.heat_kw);
    const power_kw = num(values.power_kw);
    if (heat_kw !== undefined) setIf(out.derived, 'thermal_efficiency', heat_kw / fuel_power_kw);
    if (power_kw !== undefined) setIf(out.derived, 'electric_efficiency', power_kw / fuel_power_kw);
  },
  flows: {
    heat: { counter: 'heat_kwh', rate: 'heat_kw' },
    fuel: { counter: 'fuel_total', rate: 'fuel_rate' },
    electricity_out: { counter: 'energy_kwh', rate: 'power_kw' },
  },
  period_gauges: ['running'],
  combustion: {
    rated_fuel_per_h: (a, spec) => {
      const hhv_kwh = spec.hhv_mj_per_unit / MJ_PER_KWH;
      return hhv_kwh > 0 ? a.rated_power_kw / a.electric_efficiency / hhv_kwh : null;
    },
    heat_efficiency: (a: { thermal_efficiency: number }) => a.thermal_efficiency,
    electric_efficiency: (a: { electric_efficiency: number }) => a.electric_efficiency,
  },
  validate: (a) =>
    a.electric_efficiency + a.thermal_efficiency > 1
      ? [{ path: '/thermal_efficiency', message: 'electric + thermal efficiency exceed 1' }]
      : [],
  example: {
    params: {
      fuel: 'city_gas',
      rated_power_kw: 250,
      rated_heat_kw: 350,
      electric_efficiency: 0.35,
      thermal_efficiency: 0.45,
    },
    sample: { fuel_rate: 50, power_kw: 200, heat_kw: 300, energy_kwh: 9_000, heat_kwh: 12_000, running: true },
  },
  display: {
    icon: 'chp',
    key_metrics: ['power_kw', 'heat_kw', 'fuel_rate', 'running'],
    history: ['power_kw', 'heat_kw'],
    ratios: ['thermal_efficiency', 'electric_efficiency'],
  },
});
