/**
 * What the dashboard knows about asset types and fuels: only what the api's catalogue (GET /api/asset-types)
 * says — names in both languages, icon, traits, reserve, labels and units of metrics and parameters, the values
 * shown first, the history defaults, ratios, sign conventions and the metrics of each energy flow. The web keeps
 * no per-type table and never asks for a type by name: it asks the catalogue. Pure; the store loads it.
 */
import { unitText } from '@ems/domain/report';
import { translate, type Locale } from '../i18n/index.ts';
import type { AssetTypeCatalogue, AssetTypeInfo, FuelInfo, ReserveKind, Trait } from '../api/types.ts';

export type Sign = AssetTypeInfo['signs'][string];
export type FlowName =
  'heat' | 'electricity_in' | 'electricity_out' | 'fuel' | 'grid_import' | 'grid_export' | 'defrost';

/** The catalogue indexed by type and by fuel. */
export interface Catalogue {
  types: Readonly<Record<string, AssetTypeInfo>>;
  fuels: Readonly<Record<string, FuelInfo>>;
}

export const emptyCatalogue = (): Catalogue => ({ types: {}, fuels: {} });

export function indexCatalogue(c: AssetTypeCatalogue): Catalogue {
  return {
    types: Object.fromEntries(c.types.map((t) => [t.type, t])),
    fuels: Object.fromEntries(c.fuels.map((f) => [f.fuel, f])),
  };
}

/** The catalogue in one language: every question the pages ask about a type, a metric or a fuel. */
export class CatalogueView {
  constructor(
    readonly catalogue: Catalogue,
    readonly locale: Locale,
  ) {}

  info(type: string): AssetTypeInfo | undefined {
    return this.catalogue.types[type];
  }

  /** The type's name ("ヒートポンプ" / "Heat pump"); an unknown type is shown as its id. */
  typeName(type: string): string {
    return this.info(type)?.name[this.locale] ?? type;
  }

  /** The icon the catalogue names for the type ("" when it names none). */
  icon(type: string): string {
    return this.info(type)?.icon ?? '';
  }

  has(type: string, trait: Trait): boolean {
    return this.info(type)?.traits.includes(trait) ?? false;
  }

  /** The reserve the type holds (water, fuel, electricity), or null. */
  reserve(type: string): ReserveKind | null {
    return this.info(type)?.reserve ?? null;
  }

  /** The rate metric of one of the type's energy flows (e.g. the heat it produces, in kW), or null. */
  flowRate(type: string, flow: FlowName): string | null {
    return this.info(type)?.flows[flow]?.rate ?? null;
  }

  /** The label of a metric or derived value of the type; an unknown one is shown as its name. */
  fieldLabel(type: string, key: string): string {
    return this.info(type)?.fields[key]?.label[this.locale] ?? key;
  }

  /** The label of a registry parameter of the type; an unknown one is shown as its name. */
  paramLabel(type: string, key: string): string {
    return this.info(type)?.params[key]?.label[this.locale] ?? key;
  }

  /** Whether the metric is a ratio (0…1) shown as a percentage. */
  isRatio(type: string, key: string): boolean {
    return this.info(type)?.ratios.includes(key) ?? false;
  }

  isFlag(type: string, key: string): boolean {
    return this.info(type)?.fields[key]?.kind === 'flag';
  }

  /** The values an asset of the type shows first, in order. */
  keyMetrics(type: string): readonly string[] {
    return this.info(type)?.key_metrics ?? [];
  }

  /** The metrics of the type's history chart by default. */
  historyDefaults(type: string): readonly string[] {
    return this.info(type)?.history ?? [];
  }

  /** The sign convention of a metric (battery power: + charging, − discharging), if it has one. */
  sign(type: string, key: string): Sign | undefined {
    return this.info(type)?.signs[key];
  }

  /** What the sign of a value means ("充電" / "discharging"); null without a convention or for zero. */
  signText(type: string, key: string, value: number | null | undefined): string | null {
    const s = this.sign(type, key);
    if (!s || value === null || value === undefined || !Number.isFinite(value) || value === 0) return null;
    return (value > 0 ? s.positive : s.negative)[this.locale];
  }

  /** The metrics of the type whose sign means something (a battery's power), in the catalogue's order. */
  signedMetrics(type: string): string[] {
    return Object.keys(this.info(type)?.signs ?? {});
  }

  /** The sign convention of a metric as people read it ("＋充電／－放電", "+ charging / − discharging"), or null. */
  signConvention(type: string, key: string): string | null {
    const s = this.sign(type, key);
    if (!s) return null;
    return translate(this.locale, 'chart.sign', {
      positive: s.positive[this.locale],
      negative: s.negative[this.locale],
    });
  }

  /**
   * Whether a signed value moves energy into the asset (a battery charging): true / false, or null when the
   * metric has no sign convention or the value is zero or unknown.
   */
  flowsIn(type: string, key: string, value: number | null | undefined): boolean | null {
    const s = this.sign(type, key);
    if (!s || value === null || value === undefined || !Number.isFinite(value) || value === 0) return null;
    return value > 0 === (s.positive_flow === 'in');
  }

  fuelName(fuel: string): string {
    return this.catalogue.fuels[fuel]?.name[this.locale] ?? fuel;
  }

  /** The fuel's native unit as shown ("m³N", "L", "kg"), or "" for an unknown fuel. */
  fuelUnit(fuel: string): string {
    const u = this.catalogue.fuels[fuel]?.unit;
    return u ? unitText(u, this.locale) : '';
  }

  /**
   * The unit of a metric of an asset burning or holding `fuel`: a per-hour rate without its quantity ("/h")
   * becomes the fuel's ("m³N/h"), and the fuel flow's counter without a unit counts the fuel's unit.
   */
  metricUnit(type: string, key: string, unit: string | undefined, fuel: unknown): string {
    const u = unit ?? this.info(type)?.fields[key]?.unit ?? '';
    const fu = typeof fuel === 'string' ? this.fuelUnit(fuel) : '';
    if (!fu) return u;
    if (u === '/h') return `${fu}/h`;
    if (u === '' && this.info(type)?.flows['fuel']?.counter === key) return fu;
    return u;
  }
}
