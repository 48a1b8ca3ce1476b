/**
 * The wall view's layout as pure functions: how many site tiles fit on one screen at a readable size, the grid
 * that fills the screen best for a page of tiles, the pages (evenly filled) and which page shows at a moment
 * when there are more sites than fit (rotating every `rotate` seconds, `#/wall?rotate=20`).
 */

export interface Size {
  width: number;
  height: number;
}

/** The smallest tile that keeps the wall's large type readable from across a room (CSS px). */
export const MIN_TILE: Size = { width: 560, height: 400 };
export const DEFAULT_ROTATE_S = 20;
export const MIN_ROTATE_S = 5;
export const MAX_ROTATE_S = 3600;

/** Seconds between pages from the `rotate` query value: the default when absent or not a number, clamped. */
export function parseRotate(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw.trim() === '') return DEFAULT_ROTATE_S;
  const n = Number(raw);
  if (!Number.isFinite(n)) return DEFAULT_ROTATE_S;
  return Math.min(MAX_ROTATE_S, Math.max(MIN_ROTATE_S, Math.round(n)));
}

/** A positive whole number from the query (`per`, tiles per page), or null when absent or invalid. */
export function parsePositiveInt(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** How many tiles of at least `min` fit on the screen (at least one). */
export function tilesPerScreen(screen: Size, min: Size = MIN_TILE): number {
  const cols = Math.max(1, Math.floor(screen.width / min.width));
  const rows = Math.max(1, Math.floor(screen.height / min.height));
  return cols * rows;
}

/**
 * The grid for `n` tiles on a screen: the column count that gives the largest tiles while leaving few cells
 * empty (so 3 tiles on a wide screen stand side by side, 4 make 2 × 2, 5 make 3 + 2).
 */
export function gridFor(n: number, screen: Size, min: Size = MIN_TILE): { cols: number; rows: number } {
  if (n <= 0) return { cols: 1, rows: 1 };
  let best = { cols: 1, rows: n, score: -1 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    // the tiles' scale, weighed by how much of the grid they fill (no half-empty 2 × 2 for 3 tiles)
    const scale = Math.min(screen.width / cols / min.width, screen.height / rows / min.height);
    const score = (scale * n) / (cols * rows);
    if (score > best.score + 1e-9) best = { cols, rows, score };
  }
  return { cols: best.cols, rows: best.rows };
}

/** Splits items into pages of at most `perPage`, as evenly filled as possible (9 by 6 → 5 + 4, not 6 + 3). */
export function paginate<T>(items: readonly T[], perPage: number): T[][] {
  if (items.length === 0) return [[]];
  const size = Math.max(1, Math.floor(perPage));
  const pages = Math.ceil(items.length / size);
  const even = Math.ceil(items.length / pages);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += even) out.push(items.slice(i, i + even));
  return out;
}

/** Which page shows `elapsedMs` after the wall opened, turning every `rotateS` seconds. */
export function pageAt(elapsedMs: number, rotateS: number, pageCount: number): number {
  if (pageCount <= 1 || !(elapsedMs > 0)) return 0;
  return Math.floor(elapsedMs / (rotateS * 1000)) % pageCount;
}
