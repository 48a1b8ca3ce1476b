import { PV_MAX_POWER_PER_KWP } from '../calc/quality.ts';
import { WATER_TEMP_MAX_C, WATER_TEMP_MIN_C } from '../calc/water.ts';
import type { Asset, AssetOf, AssetType } from '../registry/schema.ts';

/** gauge: a reading at an instant; counter: only grows (resets allowed); flag: on/off. */
export type MetricKind = 'gauge' | 'counter' | 'flag';

export interface MetricSpec<T extends AssetType = AssetType> {
  kind: MetricKind;
  unit: string;
  /** Lowest physically possible value; below it the metric is rejected. */
  min?: number | ((asset: AssetOf<T>) => number);
  /** Highest physically possible value; above it the metric is rejected. */
  max?: number | ((asset: AssetOf<T>) => number);
  description: { en: string; ja: string };
}

type MetricTable<T extends AssetType> = Record<string, MetricSpec<T>>;

/** DOMAIN §10: water below −5 °C or above 200 °C is impossible. */
const waterTemp = <T extends AssetType>(en: string, ja: string): MetricSpec<T> => ({
  kind: 'gauge',
  unit: '°C',
  min: WATER_TEMP_MIN_C,
  max: WATER_TEMP_MAX_C,
  description: { en, ja },
});
const counter = <T extends AssetType>(unit: string, en: string, ja: string): MetricSpec<T> => ({
  kind: 'counter',
  unit,
  min: 0,
  description: { en, ja },
});
const flag = <T extends AssetType>(en: string, ja: string): MetricSpec<T> => ({
  kind: 'flag',
  unit: '',
  description: { en, ja },
});
const hydraulic = <T extends AssetType>(): MetricTable<T> => ({
  flow_m3h: { kind: 'gauge', unit: 'm³/h', min: 0, max: 100_000, description: { en: 'Flow', ja: '流量' } },
  supply_temp_c: waterTemp('Supply temperature', '往き温度'),
  return_temp_c: waterTemp('Return temperature', '還り温度'),
});

const pv: MetricTable<'pv'> = {
  power_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: 0,
    max: (a) => PV_MAX_POWER_PER_KWP * a.kwp,
    description: { en: 'PV power', ja: 'PV発電電力' },
  },
  energy_kwh: counter('kWh', 'PV energy', 'PV発電量'),
  irradiance_wm2: {
    kind: 'gauge',
    unit: 'W/m²',
    min: 0,
    max: 1_500,
    description: { en: 'In-plane irradiance', ja: '傾斜面日射強度' },
  },
  module_temp_c: {
    kind: 'gauge',
    unit: '°C',
    min: -40,
    max: 100,
    description: { en: 'Module temperature', ja: 'モジュール温度' },
  },
};

const heatPump: MetricTable<'heat_pump'> = {
  power_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: 0,
    max: (a) => 2 * a.rated_power_kw,
    description: { en: 'Electric input', ja: '消費電力' },
  },
  heat_kw: {
    kind: 'gauge',
    unit: 'kW',
    // Defrost draws heat back from the water: negative heat is real (DOMAIN §3).
    min: (a) => -a.rated_heat_kw,
    max: (a) => 2 * a.rated_heat_kw,
    description: { en: 'Heat output', ja: '熱出力' },
  },
  ...hydraulic(),
  source_temp_c: {
    kind: 'gauge',
    unit: '°C',
    min: -50,
    max: 100,
    description: { en: 'Source temperature', ja: '熱源温度' },
  },
  energy_kwh: counter('kWh', 'Electricity used', '消費電力量'),
  heat_kwh: counter('kWh', 'Heat produced (net of defrost)', '生産熱量（デフロスト控除後）'),
  defrost_kwh: counter('kWh', 'Heat drawn back by defrost', 'デフロスト熱量'),
  running: flag('Running', '運転'),
  defrost: flag('Defrosting', 'デフロスト'),
};

const boiler: MetricTable<'boiler'> = {
  fuel_rate: { kind: 'gauge', unit: '/h', min: 0, description: { en: 'Fuel rate', ja: '燃料消費率' } },
  fuel_total: counter('', 'Fuel used', '燃料使用量'),
  heat_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: 0,
    max: (a) => 1.5 * a.rated_heat_kw,
    description: { en: 'Heat output', ja: '熱出力' },
  },
  ...hydraulic(),
  heat_kwh: counter('kWh', 'Heat produced', '生産熱量'),
  running: flag('Running', '運転'),
};

const chp: MetricTable<'chp'> = {
  fuel_rate: { kind: 'gauge', unit: '/h', min: 0, description: { en: 'Fuel rate', ja: '燃料消費率' } },
  fuel_total: counter('', 'Fuel used', '燃料使用量'),
  power_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: 0,
    max: (a) => 1.5 * a.rated_power_kw,
    description: { en: 'Electric output', ja: '発電電力' },
  },
  energy_kwh: counter('kWh', 'Electricity generated', '発電量'),
  heat_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: 0,
    max: (a) => 1.5 * a.rated_heat_kw,
    description: { en: 'Heat output', ja: '熱出力' },
  },
  heat_kwh: counter('kWh', 'Heat produced', '生産熱量'),
  running: flag('Running', '運転'),
};

const storageTank: MetricTable<'storage_tank'> = {
  level_m: {
    kind: 'gauge',
    unit: 'm',
    min: 0,
    max: (a) => a.height_m,
    description: { en: 'Water level', ja: '水位' },
  },
  volume_m3: {
    kind: 'gauge',
    unit: 'm³',
    min: 0,
    max: (a) => a.area_m2 * a.height_m,
    description: { en: 'Water volume', ja: '貯水量' },
  },
  temp_top_c: waterTemp('Top temperature', '上部温度'),
  temp_mid_c: waterTemp('Middle temperature', '中部温度'),
  temp_bottom_c: waterTemp('Bottom temperature', '下部温度'),
};

const heatMeter: MetricTable<'heat_meter'> = {
  heat_kw: { kind: 'gauge', unit: 'kW', min: 0, description: { en: 'Heat delivered', ja: '供給熱量(瞬時)' } },
  heat_kwh: counter('kWh', 'Heat delivered', '供給熱量'),
  ...hydraulic(),
};

const gridMeter: MetricTable<'grid_meter'> = {
  import_kw: { kind: 'gauge', unit: 'kW', min: 0, description: { en: 'Grid import', ja: '買電電力' } },
  export_kw: { kind: 'gauge', unit: 'kW', min: 0, description: { en: 'Grid export', ja: '売電電力' } },
  import_kwh: counter('kWh', 'Energy imported', '買電量'),
  export_kwh: counter('kWh', 'Energy exported', '売電量'),
};

const fuelTank: MetricTable<'fuel_tank'> = {
  volume_l: {
    kind: 'gauge',
    unit: 'L',
    min: 0,
    max: (a) => a.capacity_l,
    description: { en: 'Fuel in tank', ja: '燃料残量' },
  },
};

const battery: MetricTable<'battery'> = {
  soc_pct: { kind: 'gauge', unit: '%', min: 0, max: 100, description: { en: 'State of charge', ja: '充電率' } },
  power_kw: {
    kind: 'gauge',
    unit: 'kW',
    min: (a) => -2 * a.rated_power_kw,
    max: (a) => 2 * a.rated_power_kw,
    description: { en: 'Power (+ charging, − discharging)', ja: '電力(+充電/−放電)' },
  },
};

export const METRICS: { [T in AssetType]: MetricTable<T> } = {
  pv,
  heat_pump: heatPump,
  boiler,
  chp,
  storage_tank: storageTank,
  heat_meter: heatMeter,
  grid_meter: gridMeter,
  fuel_tank: fuelTank,
  battery,
};

/** Accepted synonyms, renamed before validation (DESIGN §2 allows `level_l` for fuel tanks). */
export const METRIC_ALIASES: Partial<Record<AssetType, Record<string, string>>> = {
  fuel_tank: { level_l: 'volume_l' },
};

/**
 * Required metrics: each inner list is one alternative; a sample must carry every metric of at least one.
 * A sample that misses them all keeps its other metrics and reports the first alternative as missing.
 */
export const REQUIRED_METRICS: Partial<Record<AssetType, string[][]>> = {
  pv: [['power_kw']],
  heat_pump: [['power_kw']],
  storage_tank: [['level_m'], ['volume_m3']],
  heat_meter: [['heat_kw'], ['flow_m3h', 'supply_temp_c', 'return_temp_c']],
  fuel_tank: [['volume_l']],
  battery: [['soc_pct']],
};

export function metricSpec(asset: Asset, metric: string): MetricSpec | undefined {
  const table = METRICS[asset.type] as MetricTable<AssetType>;
  return Object.hasOwn(table, metric) ? table[metric] : undefined;
}

export function metricBound(bound: MetricSpec['min'], asset: Asset): number | undefined {
  return typeof bound === 'function' ? (bound as (a: Asset) => number)(asset) : bound;
}
