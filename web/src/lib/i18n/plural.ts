/**
 * Counted messages: a message key with a plural form per Intl.PluralRules category (`.one`, `.other`, …) picks
 * the form the language needs for the count ("1 active alarm", "2 active alarms"; Japanese has one form, so its
 * `.one` and `.other` say the same). The count is the `{n}` placeholder, formatted as a number of the locale.
 */
import { isMessageKey, translate, type Locale, type MessageKey, type Params } from './index.ts';

/** The keys that have plural forms: `overview.activeAlarms` for `overview.activeAlarms.one` / `.other`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

const rules = new Map<Locale, Intl.PluralRules>();
const numbers = new Map<Locale, Intl.NumberFormat>();

function cached<T>(map: Map<Locale, T>, locale: Locale, make: () => T): T {
  let v = map.get(locale);
  if (v === undefined) map.set(locale, (v = make()));
  return v;
}

/** The message for `n` things: the locale's plural category, falling back to `.other`. */
export function translatePlural(locale: Locale, key: PluralKey, n: number, params: Params = {}): string {
  const category = cached(rules, locale, () => new Intl.PluralRules(locale)).select(n);
  const form = `${key}.${category}`;
  const chosen: MessageKey = isMessageKey(form) ? form : `${key}.other`;
  const count = cached(numbers, locale, () => new Intl.NumberFormat(locale === 'ja' ? 'ja-JP' : 'en-GB')).format(n);
  return translate(locale, chosen, { ...params, n: count });
}
