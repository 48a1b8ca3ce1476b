/** Heat pump: electricity in, heat out; COP (DOMAIN §3). */
import { Type } from '@sinclair/typebox';
import { carnotFraction, COP_MIN_POWER_FRACTION, heatWhileOffFault, instantaneousCop } from '../calc/cop.ts';
import { Positive } from '../registry/base.ts';
import { counter, derivedSpec, flag, gauge, hydraulic, hydraulicHeat, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const heatPump = defineAsset({
  type: 'heat_pump',
  name: { ja: 'ヒートポンプ', en: 'Heat pump' },
  params: {
    rated_power_kw: Positive('rated electric input, kW'),
    rated_heat_kw: Positive('rated heat output, kW'),
    source: Type.Union([Type.Literal('air'), Type.Literal('water'), Type.Literal('ground')], { default: 'air' }),
    min_cop: Type.Optional(Positive('alarm when the COP while running is below this')),
  },
  param_labels: {
    rated_power_kw: { ja: '定格消費電力 (kW)', en: 'Rated electric input (kW)' },
    rated_heat_kw: { ja: '定格加熱能力 (kW)', en: 'Rated heat output (kW)' },
    source: { ja: '熱源', en: 'Heat source' },
    min_cop: { ja: 'COP下限警報値', en: 'COP alarm limit' },
  },
  traits: ['produces_heat', 'consumes_electricity', 'has_cop'],
  metrics: {
    power_kw: gauge('kW', 'Electric input', '消費電力', {
      min: 0,
      max: (a: { rated_power_kw: number }) => 2 * a.rated_power_kw,
    }),
    // Defrost draws heat back from the water: negative heat is real (DOMAIN §3).
    heat_kw: gauge('kW', 'Heat output', '熱出力', {
      min: (a: { rated_heat_kw: number }) => -a.rated_heat_kw,
      max: (a: { rated_heat_kw: number }) => 2 * a.rated_heat_kw,
    }),
    ...hydraulic(),
    source_temp_c: gauge('°C', 'Source temperature', '熱源温度', { min: -50, max: 100 }),
    energy_kwh: counter('kWh', 'Electricity used', '消費電力量'),
    heat_kwh: counter('kWh', 'Heat produced (net of defrost)', '生産熱量（デフロスト控除後）'),
    defrost_kwh: counter('kWh', 'Heat drawn back by defrost', 'デフロスト熱量'),
    running: flag('Running', '運転'),
    defrost: flag('Defrosting', 'デフロスト'),
  },
  required: [['power_kw']],
  derived: {
    heat_kw: derivedSpec('gauge', 'kW', 'Heat output (from flow and temperatures)', '熱出力（流量・温度から）'),
    cop: derivedSpec('gauge', '', 'COP', 'COP'),
    carnot_fraction: derivedSpec('gauge', '', 'Share of the Carnot COP', 'カルノーCOP比'),
  },
  derive({ asset }, _ts, values, out) {
    const heat_kw = hydraulicHeat(values, out);
    const power_kw = num(values.power_kw);
    const running = typeof values.running === 'boolean' ? values.running : undefined;
    if (heat_kw !== undefined && power_kw !== undefined) {
      const cop = instantaneousCop({
        heat_kw,
        power_kw,
        rated_power_kw: asset.rated_power_kw,
        ...(running === undefined ? {} : { running }),
      });
      setIf(out.derived, 'cop', cop);
      const supply = num(values.supply_temp_c);
      const source = num(values.source_temp_c);
      if (cop !== null && supply !== undefined && source !== undefined)
        setIf(out.derived, 'carnot_fraction', carnotFraction(cop, supply, source));
    }
    if (running === false && heat_kw !== undefined && heatWhileOffFault({ running, heat_kw }))
      out.faults.push('heat_while_off');
  },
  flows: {
    heat: { counter: 'heat_kwh', rate: 'heat_kw' },
    electricity_in: { counter: 'energy_kwh', rate: 'power_kw' },
    defrost: { counter: 'defrost_kwh', rate: 'heat_kw' },
  },
  period_gauges: ['running'],
  // running flag, else electric input ≥ 5 % of rated (DOMAIN §3), else heat counted
  run_class(asset, b) {
    if (b.samples === 0) return 'unknown';
    const running = b.gauges.running;
    if (running && running.count > 0) return running.max >= 1 ? 'running' : 'off';
    const power = b.gauges.power_kw;
    if (power && power.count > 0) return power.max >= COP_MIN_POWER_FRACTION * asset.rated_power_kw ? 'running' : 'off';
    return (b.counters.heat_kwh?.increase ?? 0) > 0 ? 'running' : 'off';
  },
  example: {
    params: { rated_power_kw: 100, rated_heat_kw: 300, source: 'air' },
    sample: {
      power_kw: 50,
      flow_m3h: 10,
      supply_temp_c: 65,
      return_temp_c: 55,
      source_temp_c: 5,
      energy_kwh: 5_000,
      heat_kwh: 15_000,
      running: true,
      defrost: false,
    },
  },
  display: {
    icon: 'heat-pump',
    key_metrics: ['heat_kw', 'power_kw', 'cop', 'supply_temp_c', 'return_temp_c', 'running'],
    history: ['heat_kw', 'power_kw', 'cop'],
    ratios: ['carnot_fraction'],
  },
});
