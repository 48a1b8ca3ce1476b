/** Water heat-storage tank: fire-fighting and living water, stored heat (DOMAIN §9). */
import { Type } from '@sinclair/typebox';
import {
  daysForPopulation,
  equalTankLayers,
  fireReserveKept,
  livingWaterM3,
  personDays,
  storedHeatKwh,
  tankVolumeM3,
  usableWaterM3,
} from '../calc/reserve.ts';
import { NonNegative, Positive } from '../registry/base.ts';
import { derivedSpec, gauge, num, setIf, waterTemp } from './common.ts';
import { defineAsset } from './types.ts';

export const storageTank = defineAsset({
  type: 'storage_tank',
  name: { ja: '蓄熱槽', en: 'Storage tank' },
  params: {
    area_m2: Positive('inner floor area, m²'),
    height_m: Positive('usable water height, m'),
    dead_volume_m3: NonNegative('water below the outlet that cannot be drawn, m³'),
    fire_reserve_m3: NonNegative('fire-fighting water that must always stay, m³'),
    min_useful_temp_c: Type.Number({ minimum: 0, maximum: 100, default: 40 }),
  },
  param_labels: {
    area_m2: { ja: '底面積 (m²)', en: 'Floor area (m²)' },
    height_m: { ja: '有効水深 (m)', en: 'Usable water height (m)' },
    dead_volume_m3: { ja: 'デッドボリューム (m³)', en: 'Dead volume (m³)' },
    fire_reserve_m3: { ja: '消防用水量 (m³)', en: 'Fire-fighting reserve (m³)' },
    min_useful_temp_c: { ja: '利用下限温度 (°C)', en: 'Lowest useful temperature (°C)' },
  },
  traits: [],
  reserve: { kind: 'water' },
  metrics: {
    level_m: gauge('m', 'Water level', '水位', { min: 0, max: (a: { height_m: number }) => a.height_m }),
    volume_m3: gauge('m³', 'Water volume', '貯水量', {
      min: 0,
      max: (a: { area_m2: number; height_m: number }) => a.area_m2 * a.height_m,
    }),
    temp_top_c: waterTemp('Top temperature', '上部温度'),
    temp_mid_c: waterTemp('Middle temperature', '中部温度'),
    temp_bottom_c: waterTemp('Bottom temperature', '下部温度'),
  },
  required: [['level_m'], ['volume_m3']],
  derived: {
    volume_m3: derivedSpec('gauge', 'm³', 'Water volume', '貯水量'),
    usable_water_m3: derivedSpec('gauge', 'm³', 'Usable water', '利用可能水量'),
    living_water_m3: derivedSpec('gauge', 'm³', 'Living water', '生活用水'),
    fire_reserve_kept: derivedSpec('flag', '', 'Fire-fighting reserve kept', '消防用水確保'),
    person_days: derivedSpec('gauge', 'person-days', 'Person-days of living water', '生活用水（人日）'),
    days_for_population: derivedSpec('gauge', 'd', 'Days for the population served', '給水人口の日数'),
    stored_heat_kwh: derivedSpec('gauge', 'kWh', 'Stored heat', '蓄熱量'),
  },
  derive({ site, asset }, _ts, values, out) {
    const volume_m3 = tankVolumeM3({
      area_m2: asset.area_m2,
      ...(num(values.volume_m3) !== undefined ? { volume_m3: num(values.volume_m3) } : {}),
      ...(num(values.level_m) !== undefined ? { level_m: num(values.level_m) } : {}),
    });
    if (volume_m3 === null) return;
    const d = out.derived;
    const usable = usableWaterM3(volume_m3, asset.dead_volume_m3);
    const living = livingWaterM3(usable, asset.fire_reserve_m3);
    const days = personDays(living, site.reserve.living_water_l_per_person_day);
    setIf(d, 'volume_m3', volume_m3);
    setIf(d, 'usable_water_m3', usable);
    setIf(d, 'living_water_m3', living);
    setIf(d, 'fire_reserve_kept', fireReserveKept(usable, asset.fire_reserve_m3));
    setIf(d, 'person_days', days);
    setIf(d, 'days_for_population', daysForPopulation(days, site.population_served));
    const measured = ['temp_top_c', 'temp_mid_c', 'temp_bottom_c']
      .map((k) => num(values[k]))
      .filter((t): t is number => t !== undefined);
    if (measured.length)
      setIf(d, 'stored_heat_kwh', storedHeatKwh(equalTankLayers(volume_m3, measured), asset.min_useful_temp_c));
  },
  flows: {},
  period_gauges: ['usable_water_m3', 'stored_heat_kwh', 'fire_reserve_kept'],
  validate(a) {
    const capacity = a.area_m2 * a.height_m;
    return a.dead_volume_m3 + a.fire_reserve_m3 > capacity
      ? [
          {
            path: '/fire_reserve_m3',
            message: `dead volume + fire reserve (${a.dead_volume_m3 + a.fire_reserve_m3} m³) exceed the tank's capacity (${capacity} m³)`,
          },
        ]
      : [];
  },
  example: {
    params: { area_m2: 20, height_m: 5, dead_volume_m3: 2, fire_reserve_m3: 10, min_useful_temp_c: 40 },
    sample: { level_m: 3, temp_top_c: 70, temp_mid_c: 60, temp_bottom_c: 45 },
  },
  display: {
    icon: 'tank',
    key_metrics: ['usable_water_m3', 'stored_heat_kwh', 'level_m', 'temp_top_c', 'temp_bottom_c'],
    history: ['usable_water_m3', 'stored_heat_kwh'],
  },
});
