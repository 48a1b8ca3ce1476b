import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROTATE_S,
  gridFor,
  MAX_ROTATE_S,
  MIN_ROTATE_S,
  pageAt,
  paginate,
  parsePositiveInt,
  parseRotate,
  tilesPerScreen,
} from './wall.ts';

const FHD = { width: 1920, height: 1000 };

describe('wall layout', () => {
  it('reads the rotation period from the query, with a default and bounds', () => {
    expect(parseRotate(null)).toBe(DEFAULT_ROTATE_S);
    expect(parseRotate('')).toBe(DEFAULT_ROTATE_S);
    expect(parseRotate('abc')).toBe(DEFAULT_ROTATE_S);
    expect(parseRotate('30')).toBe(30);
    expect(parseRotate('12.4')).toBe(12);
    expect(parseRotate('1')).toBe(MIN_ROTATE_S);
    expect(parseRotate('-5')).toBe(MIN_ROTATE_S);
    expect(parseRotate('99999')).toBe(MAX_ROTATE_S);
  });

  it('reads a positive whole number or nothing', () => {
    expect(parsePositiveInt('4')).toBe(4);
    expect(parsePositiveInt('0')).toBeNull();
    expect(parsePositiveInt('2.5')).toBeNull();
    expect(parsePositiveInt(null)).toBeNull();
  });

  it('fits tiles of the minimum size on a screen, at least one', () => {
    expect(tilesPerScreen(FHD)).toBe(6); // 3 × 2 at 1920 × 1000
    expect(tilesPerScreen({ width: 3840, height: 2100 })).toBe(30);
    expect(tilesPerScreen({ width: 300, height: 200 })).toBe(1);
  });

  it('chooses the grid that gives the largest tiles', () => {
    expect(gridFor(1, FHD)).toEqual({ cols: 1, rows: 1 });
    expect(gridFor(2, FHD)).toEqual({ cols: 2, rows: 1 });
    expect(gridFor(3, FHD)).toEqual({ cols: 3, rows: 1 });
    expect(gridFor(4, FHD)).toEqual({ cols: 2, rows: 2 });
    expect(gridFor(5, FHD)).toEqual({ cols: 3, rows: 2 });
    expect(gridFor(6, FHD)).toEqual({ cols: 3, rows: 2 });
    expect(gridFor(0, FHD)).toEqual({ cols: 1, rows: 1 });
    // a portrait screen stacks them
    expect(gridFor(3, { width: 1080, height: 1900 })).toEqual({ cols: 1, rows: 3 });
  });

  it('splits sites into evenly filled pages', () => {
    const ids = Array.from({ length: 9 }, (_, i) => i);
    expect(paginate(ids, 6).map((p) => p.length)).toEqual([5, 4]);
    expect(paginate(ids, 9)).toEqual([ids]);
    expect(paginate(ids, 4).map((p) => p.length)).toEqual([3, 3, 3]);
    expect(paginate(ids, 4).flat()).toEqual(ids);
    expect(paginate([], 4)).toEqual([[]]);
    expect(paginate([1, 2], 0)).toEqual([[1], [2]]);
  });

  it('turns the page every period and wraps round', () => {
    expect(pageAt(0, 20, 3)).toBe(0);
    expect(pageAt(19_999, 20, 3)).toBe(0);
    expect(pageAt(20_000, 20, 3)).toBe(1);
    expect(pageAt(45_000, 20, 3)).toBe(2);
    expect(pageAt(60_000, 20, 3)).toBe(0);
    expect(pageAt(1e9, 20, 1)).toBe(0);
    expect(pageAt(-5, 20, 3)).toBe(0);
  });
});
