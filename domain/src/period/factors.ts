/** The factors a period's figures used (DOMAIN §4–§6): dated tables in force on its days, and the fuels' values. */
import { datedEntryAt, PRIMARY_ENERGY_FACTOR_TABLE, type DatedValue } from '../calc/electricity.ts';
import { KWH_TO_GJ, NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024 } from '../calc/primary-energy.ts';
import { fuelOf } from '../assets/index.ts';
import type { FuelSpecEntry, Site } from '../registry/schema.ts';
import { bilingual, FUEL_NAMES } from '../report/names.ts';
import type { Bilingual } from './types.ts';
import type { FactorsUsed, FactorUsed, FuelFactorUsed } from './schemas.ts';

export const NATIONAL_AVERAGE_SOURCE: Bilingual = {
  ja: '日本熱供給事業協会 地域冷暖房 全国平均 2024年度（002）',
  en: 'JHSBA, national average of district heating and cooling, FY2024 (002)',
};
const DEFAULT_FUEL_SOURCE: Bilingual = {
  ja: '既定値（日本の標準値、高位発熱量）',
  en: 'DOMAIN §5 default (Japanese standard value, HHV)',
};

/** The site's primary-energy factor table, else Japan's (DOMAIN §4). */
export function primaryTable(site: Site): readonly DatedValue[] {
  return site.primary_energy_factors.length ? site.primary_energy_factors : PRIMARY_ENERGY_FACTOR_TABLE;
}

/** Grid emission and primary-energy factors in force at an instant, looked up once per instant. */
export function factorLookup(site: Site): (at: number) => { grid: number; primary: number } {
  const cache = new Map<number, { grid: number; primary: number }>();
  return (at) => {
    let f = cache.get(at);
    if (!f) {
      f = {
        grid: datedEntryAt(site.grid_emission_factors, at, site.time_zone)?.value ?? 0,
        primary: datedEntryAt(primaryTable(site), at, site.time_zone)?.value ?? 0,
      };
      cache.set(at, f);
    }
    return f;
  };
}

function factorsIn(table: readonly DatedValue[], days: readonly { from_ms: number }[], tz: string): FactorUsed[] {
  const seen = new Map<string, FactorUsed>();
  for (const d of days) {
    const e = datedEntryAt(table, d.from_ms, tz);
    if (e && !seen.has(e.from_date))
      seen.set(e.from_date, { from_date: e.from_date, value: e.value, source: bilingual(e.source) });
  }
  return [...seen.values()];
}

/** The factors in force on the given days, and every fuel the site burns or holds. */
export function factorsUsed(
  site: Site,
  fuel: (fuelId: string) => FuelSpecEntry,
  days: readonly { from_ms: number }[],
): FactorsUsed {
  const fuelIds = [...new Set(site.assets.flatMap((a) => fuelOf(a) ?? []))];
  const fuels: FuelFactorUsed[] = fuelIds.map((id) => {
    const spec = fuel(id) as FuelSpecEntry & { source?: string | Bilingual };
    return {
      fuel: id,
      name: { ...(FUEL_NAMES[id] ?? { ja: id, en: id }) },
      unit: spec.unit,
      hhv_mj_per_unit: spec.hhv_mj_per_unit,
      co2_kg_per_unit: spec.co2_kg_per_unit,
      biogenic: spec.biogenic,
      source: bilingual(spec.source) ?? DEFAULT_FUEL_SOURCE,
    };
  });
  return {
    grid_emission: factorsIn(site.grid_emission_factors, days, site.time_zone),
    primary_energy: factorsIn(primaryTable(site), days, site.time_zone),
    fuels,
    national_average_primary_cop: NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
    national_average_source: NATIONAL_AVERAGE_SOURCE,
    kwh_to_gj: KWH_TO_GJ,
  };
}
