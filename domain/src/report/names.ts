/** Names shown for ids (fuels, asset types, units, time zones), in both languages: no raw id reaches a reader. */
import type { Lang } from './numbers.ts';

export interface Localised {
  ja: string;
  en: string;
}

const L = (ja: string, en: string): Localised => ({ ja, en });

/** Fuels of DOMAIN §5, and `grid` (scope-2 electricity) where a CO2 source is named. */
export const FUEL_NAMES: Readonly<Record<string, Localised>> = {
  city_gas: L('都市ガス', 'City gas'),
  lpg: L('LPガス', 'LPG'),
  kerosene: L('灯油', 'Kerosene'),
  heavy_oil_a: L('A重油', 'Heavy fuel oil A'),
  diesel: L('軽油', 'Diesel'),
  gasoline: L('ガソリン', 'Gasoline'),
  wood_chips: L('木質チップ', 'Wood chips'),
  wood_pellets: L('木質ペレット', 'Wood pellets'),
  grid: L('系統電力', 'Grid electricity'),
};

/** The name of a fuel (or `grid`); an id the table does not know is shown as it is. */
export const fuelName = (id: string, lang: Lang): string => FUEL_NAMES[id]?.[lang] ?? id;

/** Units written as words in one language; symbols (kWh, GJ, m³, %) are the same in both. */
const UNIT_TEXT: Readonly<Record<string, Localised>> = {
  m3N: L('m³N', 'm³N'),
  m3: L('m³', 'm³'),
  h: L('時間', 'h'),
  d: L('日', 'days'),
  'person-days': L('人日', 'person-days'),
  count: L('件', 'count'),
  '-': L('', ''),
};

/** A unit as shown in `lang` (m3N → m³N, h → 時間); "" for dimensionless figures. */
export const unitText = (unit: string, lang: Lang): string => UNIT_TEXT[unit]?.[lang] ?? unit;

/** A time zone by its name in the language at an instant ("日本標準時"; "Japan Standard Time (Asia/Tokyo)"). */
export function timeZoneName(zone: string, lang: Lang, at_ms = 0): string {
  try {
    const part = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { timeZone: zone, timeZoneName: 'long' })
      .formatToParts(at_ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (!part) return zone;
    return lang === 'ja' ? part : `${part} (${zone})`;
  } catch {
    return zone;
  }
}

/** A text given in one string (the same in both languages) or in both; null when absent. */
export function bilingual(text: string | Localised | null | undefined): Localised | null {
  if (text === null || text === undefined) return null;
  return typeof text === 'string' ? { ja: text, en: text } : { ja: text.ja, en: text.en };
}
