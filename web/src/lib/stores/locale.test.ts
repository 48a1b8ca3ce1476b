// @vitest-environment jsdom
import { get } from 'svelte/store';
import { beforeEach, describe, expect, it, vi } from 'vitest';

async function freshLocaleStore() {
  vi.resetModules();
  return import('./locale.ts');
}

describe('locale store', () => {
  beforeEach(() => localStorage.clear());

  it('defaults from the browser language, Japanese first', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US', 'ja-JP']);
    const { locale } = await freshLocaleStore();
    expect(get(locale)).toBe('en');
    localStorage.clear();
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    const again = await freshLocaleStore();
    expect(get(again.locale)).toBe('ja');
  });

  it('remembers the choice in localStorage and sets <html lang>', async () => {
    const { locale, t, LOCALE_KEY } = await freshLocaleStore();
    locale.set('en');
    expect(localStorage.getItem(LOCALE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(get(t)('nav.reserves')).toBe('Reserves');
    const reloaded = await freshLocaleStore();
    expect(get(reloaded.locale)).toBe('en');
    reloaded.locale.set('ja');
    expect(get(reloaded.t)('nav.reserves')).toBe('防災備蓄');
  });
});
