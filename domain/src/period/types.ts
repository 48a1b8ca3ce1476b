/**
 * Period analytics (DESIGN §6): inputs are per-asset time buckets (aggregates of the stored samples, e.g. hourly
 * roll-ups), outputs are daily rows and period totals. Everything here is pure: no I/O, no clock.
 */

import type { Bucket, CounterPoint } from './buckets.ts';

export interface AssetBuckets {
  /**
   * Buckets inside the period in time order, without overlap: whole days, hours and pieces of hours in any mix
   * (a bucket never spans a day boundary of the site). Gaps are allowed.
   */
  buckets: readonly Bucket[];
  /** The last reading of each counter before the period and the first after it (for the steps across its edges). */
  before?: Readonly<Partial<Record<string, CounterPoint>>>;
  after?: Readonly<Partial<Record<string, CounterPoint>>>;
}

/** A remark on the data of a period, in both languages. */
export interface PeriodNote {
  code: string;
  /** The asset it is about, if any. */
  asset?: string;
  en: string;
  ja: string;
}

export interface AlarmCount {
  /** UTC ms of the alarm (or of the bucket that counted it). */
  ts_ms: number;
  severity: string;
  count: number;
}

/** A text in both languages (a source given as one string reads the same in both). */
export interface Bilingual {
  ja: string;
  en: string;
}

export interface FactorUsed {
  from_date: string;
  value: number;
  source: Bilingual | null;
}

export interface FuelFactorUsed {
  fuel: string;
  /** the fuel's name (DOMAIN §5), so that no report prints its id */
  name: Bilingual;
  unit: string;
  hhv_mj_per_unit: number;
  co2_kg_per_unit: number;
  biogenic: boolean;
  source: Bilingual | null;
}

export interface FactorsUsed {
  /** kg-CO2/kWh entries in force during the period */
  grid_emission: FactorUsed[];
  /** MJ/kWh entries in force during the period */
  primary_energy: FactorUsed[];
  fuels: FuelFactorUsed[];
  national_average_primary_cop: number;
  national_average_source: Bilingual;
  kwh_to_gj: number;
}

export interface Co2BySource {
  /** fuel id, or `grid` for scope-2 electricity */
  source: string;
  kind: 'fuel' | 'grid';
  co2_kg: number;
}

/** Site figures over a day or a period. Energies kWh, fuel GJ (HHV), CO2 kg; ratios as fractions. */
export interface SiteFigures {
  hours: number;
  heat_produced_kwh: number;
  heat_delivered_kwh: number;
  /** Heat delivered comes from the output heat meter(s), else the sum of the generators (DOMAIN §4). */
  heat_delivered_source: 'heat_meter' | 'generators';
  heat_by_generator_kwh: Record<string, number>;
  /** Electricity used by the heat pumps. */
  electricity_used_kwh: number;
  /**
   * The electricity the plant buys (DOMAIN §4): grid import where the registry has a grid meter, else the metered
   * consumers minus PV, floored at 0 — the same number as scope-2 electricity. Null when nothing tells it.
   */
  plant_electricity_kwh: number | null;
  running_electricity_kwh: number;
  cop_total: number | null;
  cop_running: number | null;
  defrost_kwh: number;
  /** Period COP of each asset that has one (heat pumps). */
  cop_by_asset: Record<string, number | null>;
  /** Electricity generated from fuel on site (CHP units, emergency generators). */
  fuel_generation_kwh: number;
  grid_import_kwh: number | null;
  grid_export_kwh: number | null;
  pv_kwh: number | null;
  pv_specific_yield_kwh_per_kwp: number | null;
  pv_capacity_factor: number | null;
  fuel_gj: number;
  fuel_by_type: Record<string, { amount: number; unit: string; gj: number; co2_kg: number }>;
  boiler_efficiency: number | null;
  primary_energy_gj: number;
  plant_primary_cop: number | null;
  scope2_kwh: number | null;
  co2_fuel_kg: number;
  co2_grid_kg: number;
  co2_total_kg: number;
  co2_by_source: Co2BySource[];
  pv_avoided_co2_kg: number;
  heat_co2_intensity_kg_per_gj: number | null;
  renewable_heat_kwh: number;
  renewable_heat_share: number | null;
  usable_water_min_m3: number | null;
  usable_water_mean_m3: number | null;
  stored_heat_min_kwh: number | null;
  stored_heat_mean_kwh: number | null;
  hours_below_fire_reserve: number | null;
  received_samples: number;
  expected_samples: number;
  completeness: number | null;
  alarms: Record<string, number>;
  alarms_total: number;
}

export interface DayRow extends SiteFigures {
  /** local date YYYY-MM-DD */
  date: string;
  from_ms: number;
  to_ms: number;
  has_data: boolean;
}

/** A local calendar month of a longer period (a fiscal year). */
export interface MonthRow extends SiteFigures {
  /** YYYY-MM */
  month: string;
  from_ms: number;
  to_ms: number;
  has_data: boolean;
}

export interface AssetFigures {
  asset: string;
  type: string;
  name: { ja: string; en: string };
  received_samples: number;
  expected_samples: number;
  completeness: number | null;
  /** Counters that dropped (reset or meter replacement) in the period. */
  counter_resets: number;
  /** How the energy was obtained: from counters, or power integrated where no counter exists. */
  energy_source: 'counter' | 'integrated' | 'none';
  heat_kwh: number | null;
  electricity_kwh: number | null;
  running_heat_kwh: number | null;
  running_electricity_kwh: number | null;
  cop_total: number | null;
  cop_running: number | null;
  defrost_kwh: number | null;
  heat_while_off_kwh: number | null;
  fuel: string | null;
  fuel_unit: string | null;
  fuel_amount: number | null;
  fuel_gj: number | null;
  efficiency: number | null;
  co2_kg: number | null;
  generated_kwh: number | null;
  kwp: number | null;
  specific_yield_kwh_per_kwp: number | null;
  capacity_factor: number | null;
  performance_ratio: number | null;
  import_kwh: number | null;
  export_kwh: number | null;
  usable_water_min_m3: number | null;
  usable_water_mean_m3: number | null;
  stored_heat_min_kwh: number | null;
  stored_heat_mean_kwh: number | null;
  hours_below_fire_reserve: number | null;
  fire_reserve_m3: number | null;
  volume_min_l: number | null;
  volume_mean_l: number | null;
  soc_min_pct: number | null;
  soc_mean_pct: number | null;
}

export interface PlantPrimaryComparison {
  plant_primary_cop: number | null;
  national_average: number;
  /** plant / national average; null without a plant value */
  ratio_to_national_average: number | null;
  above_national_average: boolean | null;
}

export interface PeriodResult {
  site: string;
  site_name: { ja: string; en: string };
  time_zone: string;
  from_ms: number;
  to_ms: number;
  has_data: boolean;
  notes: PeriodNote[];
  totals: SiteFigures;
  primary: PlantPrimaryComparison;
  assets: AssetFigures[];
  days: DayRow[];
  factors: FactorsUsed;
}
