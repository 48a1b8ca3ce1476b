import { en } from './en.ts';
import { ja, type MessageKey, type Messages } from './ja.ts';

export type Locale = 'ja' | 'en';
export const LOCALES: readonly Locale[] = ['ja', 'en'];
export const MESSAGES: Record<Locale, Messages> = { ja, en };
export type { MessageKey, Messages };

export type Params = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text: string = MESSAGES[locale][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Whether `key` is a message key (for keys built at run time, e.g. `reason.${reason}`). */
export function isMessageKey(key: string): key is MessageKey {
  return key in ja;
}

/** ja when the browser prefers Japanese before English (or neither), en when English comes first. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('ja')) return 'ja';
    if (l.startsWith('en')) return 'en';
  }
  return 'ja';
}
