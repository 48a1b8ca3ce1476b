/**
 * The reserves page's table: which reserves a site holds, the sort (status first: critical, warning, unknown, ok)
 * and the totals across sites of what adds up (water m³, person-days, kWh). Pure functions of the API's shapes.
 */
import { RESERVE_STATUS_ORDER } from '@ems/domain/report';
import type { LiveReserve as SiteReserve, Measured } from '../api/types.ts';

export type Forecast = NonNullable<SiteReserve['forecast']['water']>;
export type Quantity = 'water' | 'heat' | 'fuel' | 'electricity';

/** Heat autonomy needs something that holds heat: a water store, or fuel that a heat maker burns. */
export const heatInstalled = (r: SiteReserve): boolean =>
  r.installed.water || r.fuels.some((f) => f.heat_efficiency !== null);
export const electricityInstalled = (r: SiteReserve): boolean => r.installed.battery || r.installed.generator;

export function installed(r: SiteReserve, q: Quantity): boolean {
  if (q === 'water') return r.installed.water;
  if (q === 'heat') return heatInstalled(r);
  if (q === 'fuel') return r.installed.fuel;
  return electricityInstalled(r);
}

/** The headline figure of each quantity: usable water m³, and hours of heat, fuel and electricity. */
export function headline(r: SiteReserve, q: Quantity): Measured {
  if (q === 'water') return r.usable_water_m3;
  if (q === 'heat') return r.heat_autonomy_h;
  if (q === 'fuel') return r.fuel_hours;
  return r.electricity_autonomy_h;
}

/** none: the site holds none; unknown: it does, without a value; value: a number to show. */
export function figureState(r: SiteReserve, q: Quantity): 'none' | 'unknown' | 'value' {
  if (!installed(r, q)) return 'none';
  return headline(r, q).value === null ? 'unknown' : 'value';
}

export type SortKey = 'site' | 'status' | Quantity;
export type SortDir = 'asc' | 'desc';

/**
 * Sites sorted by a column. Status: critical, warning, unknown, ok. Quantities by their headline value (least
 * first when ascending: the most urgent); sites without a value (none installed, unknown) always last. Ties: status,
 * then name.
 */
export function sortReserves(
  list: readonly SiteReserve[],
  key: SortKey = 'status',
  dir: SortDir = 'asc',
  locale: 'ja' | 'en' = 'ja',
): SiteReserve[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byStatus = (a: SiteReserve, b: SiteReserve) => RESERVE_STATUS_ORDER[a.status] - RESERVE_STATUS_ORDER[b.status];
  const byName = (a: SiteReserve, b: SiteReserve) => a.name[locale].localeCompare(b.name[locale], locale);
  return [...list].sort((a, b) => {
    if (key === 'site') return sign * byName(a, b) || byStatus(a, b);
    if (key === 'status') return sign * byStatus(a, b) || byName(a, b);
    const va = installed(a, key) ? headline(a, key).value : null;
    const vb = installed(b, key) ? headline(b, key).value : null;
    if (va === null && vb === null) return byStatus(a, b) || byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byStatus(a, b) || byName(a, b);
  });
}

export interface Total {
  /** Σ of the known values; null when no site has one. */
  value: number | null;
  /** Sites that hold this reserve but whose value is unknown (left out of the sum). */
  unknown: number;
  /** Oldest measurement in the sum. */
  measured_at: number | null;
}

function total(
  list: readonly SiteReserve[],
  has: (r: SiteReserve) => boolean,
  pick: (r: SiteReserve) => Measured,
): Total {
  let value: number | null = null;
  let unknown = 0;
  let measured_at: number | null = null;
  for (const r of list) {
    if (!has(r)) continue;
    const m = pick(r);
    if (m.value === null) {
      unknown++;
      continue;
    }
    value = (value ?? 0) + m.value;
    if (m.measured_at !== null && (measured_at === null || m.measured_at < measured_at)) measured_at = m.measured_at;
  }
  return { value, unknown, measured_at };
}

/** Totals across sites where adding up makes sense: water m³ and person-days, and energies in kWh (never hours). */
export function reserveTotals(list: readonly SiteReserve[]) {
  return {
    usable_water_m3: total(
      list,
      (r) => r.installed.water,
      (r) => r.usable_water_m3,
    ),
    person_days: total(
      list,
      (r) => r.installed.water,
      (r) => r.person_days,
    ),
    stored_heat_kwh: total(
      list,
      (r) => r.installed.water,
      (r) => r.stored_heat_kwh,
    ),
    fuel_energy_kwh: total(
      list,
      (r) => r.installed.fuel,
      (r) => r.fuel_energy_kwh,
    ),
    battery_kwh: total(
      list,
      (r) => r.installed.battery,
      (r) => r.battery_kwh,
    ),
    status: Object.fromEntries(
      (['critical', 'warning', 'unknown', 'ok'] as const).map((s) => [s, list.filter((r) => r.status === s).length]),
    ) as Record<SiteReserve['status'], number>,
  };
}
