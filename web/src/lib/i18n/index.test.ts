import { describe, expect, it } from 'vitest';
import { isMessageKey, preferredLocale, translate } from './index.ts';

describe('translate', () => {
  it('fills placeholders in both languages', () => {
    expect(translate('ja', 'age.seconds', { n: 12 })).toBe('12秒前');
    expect(translate('en', 'age.seconds', { n: 12 })).toBe('12 s ago');
  });
  it('leaves unknown placeholders alone', () => {
    expect(translate('en', 'age.seconds', {})).toBe('{n} s ago');
  });
  it('recognises run-time keys', () => {
    expect(isMessageKey('reason.stale_data')).toBe(true);
    expect(isMessageKey('reason.nonsense')).toBe(false);
  });
});

describe('preferredLocale', () => {
  it('puts Japanese first', () => {
    expect(preferredLocale(['ja-JP', 'en-US'])).toBe('ja');
    expect(preferredLocale(['en-GB', 'ja'])).toBe('en');
    expect(preferredLocale(['fr-FR'])).toBe('ja');
    expect(preferredLocale([])).toBe('ja');
  });
});
