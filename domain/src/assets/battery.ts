/** Battery: electricity reserve for the site's critical load (DOMAIN §9). */
import { batteryReserveHours, batteryReserveKwh } from '../calc/reserve.ts';
import { Positive } from '../registry/base.ts';
import { derivedSpec, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const battery = defineAsset({
  type: 'battery',
  name: { ja: '蓄電池', en: 'Battery' },
  params: {
    capacity_kwh: Positive('usable capacity, kWh'),
    rated_power_kw: Positive('inverter rating, kW'),
  },
  param_labels: {
    capacity_kwh: { ja: '蓄電容量 (kWh)', en: 'Usable capacity (kWh)' },
    rated_power_kw: { ja: '定格出力 (kW)', en: 'Inverter rating (kW)' },
  },
  traits: [],
  reserve: { kind: 'electricity', stored_kwh: 'stored_kwh' },
  metrics: {
    soc_pct: gauge('%', 'State of charge', '充電率', { min: 0, max: 100 }),
    power_kw: gauge('kW', 'Power (+ charging, − discharging)', '電力(+充電/−放電)', {
      min: (a: { rated_power_kw: number }) => -2 * a.rated_power_kw,
      max: (a: { rated_power_kw: number }) => 2 * a.rated_power_kw,
    }),
  },
  required: [['soc_pct']],
  derived: {
    stored_kwh: derivedSpec('gauge', 'kWh', 'Energy stored', '蓄電量'),
    reserve_hours: derivedSpec('gauge', 'h', 'Hours at the critical load', '重要負荷の運転時間'),
  },
  derive({ site, asset }, _ts, values, out) {
    const soc = num(values.soc_pct);
    if (soc === undefined) return;
    const stored = batteryReserveKwh(soc, asset.capacity_kwh);
    setIf(out.derived, 'stored_kwh', stored);
    if (site.reserve.critical_load_kw)
      setIf(out.derived, 'reserve_hours', batteryReserveHours(stored, site.reserve.critical_load_kw));
  },
  flows: {},
  period_gauges: ['soc_pct'],
  example: {
    params: { capacity_kwh: 100, rated_power_kw: 50 },
    sample: { soc_pct: 80, power_kw: -20 },
  },
  display: {
    icon: 'battery',
    key_metrics: ['soc_pct', 'power_kw', 'stored_kwh', 'reserve_hours'],
    history: ['soc_pct', 'power_kw'],
    signs: {
      power_kw: {
        positive: { ja: '充電', en: 'charging' },
        negative: { ja: '放電', en: 'discharging' },
        positive_flow: 'in',
      },
    },
  },
});
