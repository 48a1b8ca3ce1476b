/** Emergency generator: fuel in, electricity out, for the site's critical load in an outage (DOMAIN §9). */
import { Type } from '@sinclair/typebox';
import { fuelPowerKw, MJ_PER_KWH } from '../calc/fuels.ts';
import { FuelIdSchema, Positive } from '../registry/base.ts';
import { burnerDerived, counter, derivedSpec, flag, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

/** DOMAIN §9: electrical efficiency of an emergency generator when the registry does not say. */
export const DEFAULT_GENERATOR_EFFICIENCY = 0.33;

export const generator = defineAsset({
  type: 'generator',
  name: { ja: '非常用発電機', en: 'Emergency generator' },
  params: {
    fuel: FuelIdSchema,
    rated_kw: Positive('rated electric output, kW'),
    efficiency: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: DEFAULT_GENERATOR_EFFICIENCY,
      description: 'electrical efficiency on HHV',
    }),
  },
  param_labels: {
    fuel: { ja: '燃料', en: 'Fuel' },
    rated_kw: { ja: '定格出力 (kW)', en: 'Rated output (kW)' },
    efficiency: { ja: '発電効率（高位発熱量基準）', en: 'Electrical efficiency (HHV)' },
  },
  traits: ['burns_fuel', 'produces_electricity', 'backup_power'],
  metrics: {
    power_kw: gauge('kW', 'Electric output', '発電電力', {
      min: 0,
      max: (a: { rated_kw: number }) => 1.5 * a.rated_kw,
    }),
    energy_kwh: counter('kWh', 'Electricity generated', '発電量'),
    fuel_rate: gauge('/h', 'Fuel rate', '燃料消費率', { min: 0 }),
    fuel_total: counter('', 'Fuel used', '燃料使用量'),
    running: flag('Running', '運転'),
  },
  required: [['power_kw']],
  derived: {
    ...burnerDerived,
    electric_efficiency: derivedSpec('gauge', '', 'Electric efficiency now', '瞬時発電効率'),
  },
  derive({ asset, fuel }, _ts, values, out) {
    const fuel_rate = num(values.fuel_rate);
    if (fuel_rate === undefined) return;
    const spec = fuel(asset.fuel);
    const fuel_power_kw = fuelPowerKw(fuel_rate, spec);
    setIf(out.derived, 'fuel_power_kw', fuel_power_kw);
    setIf(out.derived, 'co2_kg_h', fuel_rate * spec.co2_kg_per_unit);
    const power_kw = num(values.power_kw);
    if (fuel_power_kw && fuel_power_kw > 0 && power_kw !== undefined)
      setIf(out.derived, 'electric_efficiency', power_kw / fuel_power_kw);
  },
  flows: {
    electricity_out: { counter: 'energy_kwh', rate: 'power_kw' },
    fuel: { counter: 'fuel_total', rate: 'fuel_rate' },
  },
  period_gauges: ['running'],
  combustion: {
    rated_fuel_per_h: (a, spec) => {
      const hhv_kwh = spec.hhv_mj_per_unit / MJ_PER_KWH;
      return hhv_kwh > 0 ? a.rated_kw / a.efficiency / hhv_kwh : null;
    },
    heat_efficiency: () => null,
    electric_efficiency: (a: { efficiency: number }) => a.efficiency,
  },
  example: {
    params: { fuel: 'diesel', rated_kw: 100, efficiency: 0.3 },
    sample: { power_kw: 30, energy_kwh: 2_000, fuel_rate: 10, fuel_total: 500, running: true },
  },
  display: {
    icon: 'generator',
    key_metrics: ['power_kw', 'fuel_rate', 'running'],
    history: ['power_kw', 'fuel_rate'],
    ratios: ['electric_efficiency'],
  },
});
