/** Grid meter: the electricity the site buys and sells (DOMAIN §6). */
import { Type } from '@sinclair/typebox';
import { factorAt } from '../calc/electricity.ts';
import { Positive } from '../registry/base.ts';
import { counter, derivedSpec, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const gridMeter = defineAsset({
  type: 'grid_meter',
  name: { ja: '電力量計', en: 'Grid meter' },
  params: { contract_kw: Type.Optional(Positive('contracted demand, kW')) },
  param_labels: { contract_kw: { ja: '契約電力 (kW)', en: 'Contracted demand (kW)' } },
  traits: ['meters_grid'],
  metrics: {
    import_kw: gauge('kW', 'Grid import', '買電電力', { min: 0 }),
    export_kw: gauge('kW', 'Grid export', '売電電力', { min: 0 }),
    import_kwh: counter('kWh', 'Energy imported', '買電量'),
    export_kwh: counter('kWh', 'Energy exported', '売電量'),
  },
  derived: {
    grid_factor_kg_kwh: derivedSpec('gauge', 'kg/kWh', 'Grid emission factor', '排出係数'),
    co2_kg_h: derivedSpec('gauge', 'kg/h', 'CO2 emission rate', 'CO2排出量'),
  },
  derive({ site }, ts_ms, values, out) {
    const factor = factorAt(site.grid_emission_factors, ts_ms, site.time_zone);
    setIf(out.derived, 'grid_factor_kg_kwh', factor);
    const import_kw = num(values.import_kw);
    if (factor !== null && import_kw !== undefined) setIf(out.derived, 'co2_kg_h', import_kw * factor);
  },
  flows: {
    grid_import: { counter: 'import_kwh', rate: 'import_kw' },
    grid_export: { counter: 'export_kwh', rate: 'export_kw' },
  },
  period_gauges: [],
  example: {
    params: { contract_kw: 500 },
    sample: { import_kw: 100, export_kw: 0, import_kwh: 50_000, export_kwh: 10 },
  },
  display: {
    icon: 'grid',
    key_metrics: ['import_kw', 'export_kw', 'co2_kg_h'],
    history: ['import_kw', 'export_kw'],
  },
});
