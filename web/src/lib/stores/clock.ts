/** A ticking clock (ms) so ages ("12 s ago") and stale flags update without new data. */
import { readable } from 'svelte/store';

export const now = readable(Date.now(), (set) => {
  const id = setInterval(() => set(Date.now()), 1000);
  return () => clearInterval(id);
});
