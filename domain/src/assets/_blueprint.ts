/**
 * Blueprint of an asset-type module: copy this file to `<type>.ts`, fill in every part, and add the module to
 * `ASSET_MODULES` in `index.ts`. The rest of the system (registry, MQTT contract, ingest, live KPIs, reserve,
 * reports, api, dashboard) reads the module; `test/assets/modules.test.ts` fails while a part is missing.
 * The simulator needs a device too: `simulators/src/devices/<type>.ts`. See CONTRIBUTING.md, "Add an asset type".
 *
 * This blueprint is not registered: it is type-checked only, so that it stays a valid starting point.
 */
import { Type } from '@sinclair/typebox';
import { Positive } from '../registry/base.ts';
import { counter, derivedSpec, flag, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const blueprint = defineAsset({
  // the id used in the registry (`type: example`), in MQTT and as the InfluxDB measurement
  type: 'example',
  name: { ja: '例', en: 'Example' },
  // registry parameters beyond id, name, type and expected_interval_s; describe each one
  params: {
    rated_kw: Positive('rated output, kW'),
    note: Type.Optional(Type.String()),
  },
  param_labels: {
    rated_kw: { ja: '定格出力 (kW)', en: 'Rated output (kW)' },
    note: { ja: '備考', en: 'Note' },
  },
  // what it does in the plant: see TRAITS in types.ts
  traits: ['produces_heat'],
  // reserve: { kind: 'water' } | { kind: 'fuel', contents: 'volume_l' } | { kind: 'electricity', stored_kwh: '…' },
  // metrics of its telemetry, units in names, with the limits beyond which a value is impossible (DOMAIN §10)
  metrics: {
    heat_kw: gauge('kW', 'Heat output', '熱出力', { min: 0, max: (a: { rated_kw: number }) => 1.5 * a.rated_kw }),
    heat_kwh: counter('kWh', 'Heat produced', '生産熱量'),
    running: flag('Running', '運転'),
  },
  // each inner list is one alternative a sample must carry
  required: [['heat_kw']],
  // values ingest derives from a sample with the domain formulas, stored beside the metrics
  derived: {
    load_pct: derivedSpec('gauge', '%', 'Load', '負荷率'),
  },
  derive({ asset }, _ts, values, out) {
    const heat_kw = num(values.heat_kw);
    if (heat_kw !== undefined) setIf(out.derived, 'load_pct', (100 * heat_kw) / asset.rated_kw);
  },
  // which metrics carry its energy flows (period figures and live KPIs)
  flows: { heat: { counter: 'heat_kwh', rate: 'heat_kw' } },
  // gauges and flags the period figures read besides the flows' rates
  period_gauges: ['running'],
  // a typical asset of this type and a plausible sample of its telemetry (documentation and test input)
  example: {
    params: { rated_kw: 100 },
    sample: { heat_kw: 50, heat_kwh: 1_000, running: true },
  },
  display: {
    icon: 'boiler',
    key_metrics: ['heat_kw', 'load_pct', 'running'],
    history: ['heat_kw'],
  },
});
