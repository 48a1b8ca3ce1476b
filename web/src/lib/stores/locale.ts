/** The chosen language: remembered in localStorage, default from navigator.languages (Japanese first). */
import { derived, writable } from 'svelte/store';
import { LOCALES, preferredLocale, translate, type Locale, type MessageKey, type Params } from '../i18n/index.ts';
import { translatePlural, type PluralKey } from '../i18n/plural.ts';

export const LOCALE_KEY = 'ems.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(LOCALE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage may be blocked
  }
  const nav = globalThis.navigator;
  return preferredLocale(nav ? (nav.languages?.length ? nav.languages : [nav.language]) : []);
}

export const locale = writable<Locale>(initialLocale());

locale.subscribe((l) => {
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, l);
  } catch {
    // ignore
  }
  if (typeof document !== 'undefined') document.documentElement.lang = l;
});

/** `$t('key', { n: 1 })` in components. */
export const t = derived(locale, (l) => (key: MessageKey, params?: Params) => translate(l, key, params));

/** `$tn('overview.activeAlarms', 2)`: the form of a counted message the count needs ("2 active alarms"). */
export const tn = derived(
  locale,
  (l) => (key: PluralKey, n: number, params?: Params) => translatePlural(l, key, n, params),
);
