/** Media queries as stores: pages that need another layout, not only other styles, on a phone. */
import { readable, type Readable } from 'svelte/store';

/** Whether `query` matches now; follows changes (rotation, a resized window). */
export function mediaQuery(query: string): Readable<boolean> {
  return readable(false, (set) => {
    if (typeof matchMedia === 'undefined') return;
    const m = matchMedia(query);
    set(m.matches);
    const on = (e: MediaQueryListEvent) => set(e.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  });
}

/** Phones (under 640 CSS px): lists become cards. */
export const narrow = mediaQuery('(max-width: 640px)');
