/** Fuel tank: liquid fuel for the burners it supplies (DOMAIN §9 fuel reserve). */
import { Type } from '@sinclair/typebox';
import { DEFAULT_FUELS } from '../calc/fuels.ts';
import { fuelReserveKwh } from '../calc/reserve.ts';
import { FuelIdSchema, Id, Positive } from '../registry/base.ts';
import { derivedSpec, gauge, num, setIf } from './common.ts';
import { defineAsset } from './types.ts';

export const fuelTank = defineAsset({
  type: 'fuel_tank',
  name: { ja: '燃料タンク', en: 'Fuel tank' },
  params: {
    fuel: FuelIdSchema,
    capacity_l: Positive('tank capacity, L'),
    supplies: Type.Optional(
      Type.Array(Id, {
        uniqueItems: true,
        description: 'ids of the assets it feeds (default: every asset of the site burning its fuel)',
      }),
    ),
  },
  param_labels: {
    fuel: { ja: '燃料', en: 'Fuel' },
    capacity_l: { ja: '容量 (L)', en: 'Capacity (L)' },
    supplies: { ja: '供給先', en: 'Supplies' },
  },
  traits: [],
  reserve: { kind: 'fuel', contents: 'volume_l' },
  metrics: {
    volume_l: gauge('L', 'Fuel in tank', '燃料残量', { min: 0, max: (a: { capacity_l: number }) => a.capacity_l }),
  },
  aliases: { level_l: 'volume_l' },
  required: [['volume_l']],
  derived: {
    fuel_energy_kwh: derivedSpec('gauge', 'kWh', 'Energy of the fuel (HHV)', '燃料の熱量(高位)'),
    fill_pct: derivedSpec('gauge', '%', 'Fill level', '充填率'),
  },
  derive({ asset, fuel }, _ts, values, out) {
    const volume_l = num(values.volume_l);
    if (volume_l === undefined) return;
    setIf(out.derived, 'fuel_energy_kwh', fuelReserveKwh(volume_l, fuel(asset.fuel)));
    setIf(out.derived, 'fill_pct', (100 * volume_l) / asset.capacity_l);
  },
  flows: {},
  period_gauges: ['volume_l'],
  validate: (a) =>
    DEFAULT_FUELS[a.fuel].unit !== 'L'
      ? [{ path: '/fuel', message: `a fuel tank holds a liquid fuel measured in litres, not ${a.fuel}` }]
      : [],
  example: {
    params: { fuel: 'diesel', capacity_l: 2_000 },
    sample: { volume_l: 1_500 },
  },
  display: {
    icon: 'fuel-tank',
    key_metrics: ['volume_l', 'fill_pct', 'fuel_energy_kwh'],
    history: ['volume_l'],
  },
});
