import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { IANAZone } from 'luxon';
import { fuelOf, hasTrait, moduleOf } from '../assets/index.ts';
import { DEFAULT_FUELS } from '../calc/fuels.ts';
import { parseLocatedYaml, placeIn, type LocatedYaml } from './located-yaml.ts';
import { DEFAULT_GRID_EMISSION_TABLE, PRIMARY_ENERGY_FACTOR_TABLE } from '../calc/electricity.ts';
import {
  AssetSchemas,
  ASSET_TYPES,
  RegistrySchema,
  ReserveThresholds,
  SiteSchema,
  type Asset,
  type AssetType,
  type DatedFactor,
  type FuelSpecEntry,
  type Registry,
  type Site,
} from './schema.ts';

export interface RegistryProblem {
  /** JSON-pointer-like path in the document, e.g. `/sites/1/assets/3/kwp`. */
  path: string;
  /** Line and column in the file (1-based) when known. */
  line?: number;
  column?: number;
  message: string;
}

/** A registry that cannot be used: names the file, each place and what is wrong there. */
export class RegistryError extends Error {
  constructor(
    readonly source: string,
    readonly problems: RegistryProblem[],
  ) {
    super(
      `Invalid registry ${source}:\n` +
        problems.map((p) => `  ${placeIn(source, p)} at ${p.path || '/'}: ${p.message}`).join('\n'),
    );
    this.name = 'RegistryError';
  }
}

type Located = (path: string, message: string) => RegistryProblem;

function locator(yaml: LocatedYaml): Located {
  return (path, message) => {
    const pos = yaml.locate(path);
    return pos ? { path, message, line: pos.line, column: pos.column } : { path, message };
  };
}

function describe(error: { message: string; value: unknown; schema: TSchema }): string {
  const got = error.value === undefined ? 'nothing' : JSON.stringify(error.value);
  const hint = error.schema.description ? ` (${error.schema.description})` : '';
  if (error.value === undefined) return `is required${hint}`;
  return `${error.message}${hint}, got ${got && got.length > 80 ? got.slice(0, 77) + '...' : got}`;
}

function check(schema: TSchema, value: unknown, base: string, at: Located, out: RegistryProblem[]): boolean {
  Value.Default(schema, value);
  if (Value.Check(schema, value)) return true;
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const path = base + error.path;
    if (seen.has(path)) continue; // one message per place is easier to act on
    seen.add(path);
    out.push(at(path, describe(error)));
  }
  return false;
}

function sortedFactors(table: DatedFactor[], path: string, at: Located, out: RegistryProblem[]): DatedFactor[] {
  for (let i = 1; i < table.length; i++) {
    if (table[i]!.from_date <= table[i - 1]!.from_date)
      out.push(at(`${path}/${i}/from_date`, 'dates must be in increasing order'));
  }
  return table;
}

function checkSiteConsistency(site: Site, base: string, at: Located, out: RegistryProblem[]): void {
  if (!IANAZone.isValidZone(site.time_zone))
    out.push(at(`${base}/time_zone`, `"${site.time_zone}" is not an IANA time zone such as Asia/Tokyo`));
  const ids = new Map<string, number>();
  site.assets.forEach((asset, i) => {
    const earlier = ids.get(asset.id);
    if (earlier !== undefined)
      out.push(
        at(`${base}/assets/${i}/id`, `asset id "${asset.id}" is used twice in this site (also asset ${earlier})`),
      );
    ids.set(asset.id, i);
    const path = `${base}/assets/${i}`;
    for (const p of moduleOf(asset).validate?.(asset) ?? []) out.push(at(`${path}${p.path}`, p.message));
  });
  // a fuel reserve feeds burners of its own fuel at this site (DOMAIN §9 `supplies`)
  site.assets.forEach((asset, i) => {
    if (moduleOf(asset).reserve?.kind !== 'fuel' || !('supplies' in asset) || !asset.supplies) return;
    asset.supplies.forEach((id, k) => {
      const target = site.assets.find((a) => a.id === id);
      const where = `${base}/assets/${i}/supplies/${k}`;
      if (!target) out.push(at(where, `no asset "${id}" in site "${site.id}"`));
      else if (!hasTrait(target, 'burns_fuel') || fuelOf(target) !== fuelOf(asset))
        out.push(at(where, `"${id}" does not burn ${fuelOf(asset)}, the fuel of this tank`));
    });
  });
  if (site.reserve.critical_hours > site.reserve.warning_hours)
    out.push(at(`${base}/reserve/critical_hours`, 'critical_hours must not exceed warning_hours'));
  site.alarm_rules.forEach((rule, i) => {
    if (!ids.has(rule.asset))
      out.push(at(`${base}/alarm_rules/${i}/asset`, `no asset "${rule.asset}" in site "${site.id}"`));
    if (rule.above === undefined && rule.below === undefined)
      out.push(at(`${base}/alarm_rules/${i}`, 'a rule needs "above" or "below"'));
  });
}

/**
 * Parses and validates a registry document (YAML or JSON text). `source` names the file in messages.
 * Throws a RegistryError listing every problem with its place.
 */
export function parseRegistry(text: string, source: string): Registry {
  const yaml = parseLocatedYaml(text);
  const at = locator(yaml);
  if (yaml.syntaxErrors.length)
    throw new RegistryError(
      source,
      yaml.syntaxErrors.map((e) => ({ path: '', ...e })),
    );
  const problems: RegistryProblem[] = [];
  const raw = yaml.value;
  if (!check(RegistrySchema, raw, '', at, problems)) throw new RegistryError(source, problems);
  const root = raw as {
    fuels?: Record<
      string,
      { hhv_mj_per_unit?: number; co2_kg_per_unit?: number; source?: string | { ja: string; en: string } }
    >;
    grid_emission_factors?: DatedFactor[];
    primary_energy_factors?: DatedFactor[];
    sites: Record<string, unknown>[];
  };

  const fuels: Record<string, FuelSpecEntry> = {};
  for (const [id, spec] of Object.entries(DEFAULT_FUELS)) fuels[id] = { ...spec };
  for (const [id, override] of Object.entries(root.fuels ?? {})) {
    const base = fuels[id];
    if (!base) {
      problems.push(at(`/fuels/${id}`, `unknown fuel "${id}"; known fuels: ${Object.keys(fuels).join(', ')}`));
      continue;
    }
    fuels[id] = { ...base, ...override };
  }
  const gridDefault = sortedFactors(
    root.grid_emission_factors ?? [...DEFAULT_GRID_EMISSION_TABLE],
    '/grid_emission_factors',
    at,
    problems,
  );
  const primaryDefault = sortedFactors(
    root.primary_energy_factors ?? [...PRIMARY_ENERGY_FACTOR_TABLE],
    '/primary_energy_factors',
    at,
    problems,
  );

  const sites: Site[] = [];
  const siteIds = new Map<string, number>();
  root.sites.forEach((rawSite, s) => {
    const base = `/sites/${s}`;
    if (!check(SiteSchema, rawSite, base, at, problems)) return;
    const site = rawSite as unknown as Site & { assets: Record<string, unknown>[] };
    const assets: Asset[] = [];
    site.assets.forEach((rawAsset, a) => {
      const type = rawAsset.type as AssetType;
      const schema = AssetSchemas[type];
      if (check(schema, rawAsset, `${base}/assets/${a}`, at, problems)) assets.push(rawAsset as unknown as Asset);
    });
    const reserve = site.reserve ?? {};
    check(ReserveThresholds, reserve, `${base}/reserve`, at, problems);
    const earlier = siteIds.get(site.id);
    if (earlier !== undefined)
      problems.push(at(`${base}/id`, `site id "${site.id}" is used twice (also site ${earlier})`));
    siteIds.set(site.id, s);
    const complete: Site = {
      ...site,
      reserve: reserve as Site['reserve'],
      alarm_rules: site.alarm_rules ?? [],
      grid_emission_factors: sortedFactors(
        site.grid_emission_factors ?? gridDefault,
        `${base}/grid_emission_factors`,
        at,
        problems,
      ),
      primary_energy_factors: sortedFactors(
        site.primary_energy_factors ?? primaryDefault,
        `${base}/primary_energy_factors`,
        at,
        problems,
      ),
      assets,
    };
    if (assets.length === site.assets.length) checkSiteConsistency(complete, base, at, problems);
    sites.push(complete);
  });
  if (problems.length) throw new RegistryError(source, problems);
  return { version: 1, fuels, sites };
}

export { ASSET_TYPES };
