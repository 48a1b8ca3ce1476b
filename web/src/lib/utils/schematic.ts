/**
 * Where the plant schematic draws an asset, from what the catalogue says the type does (traits and reserve), never
 * from its type name: a new type with known traits finds its place by itself.
 */
import type { CatalogueView } from './catalogue.ts';

/**
 * heatGen: makes heat (left of the heat side, piped to the water store); water: holds water and heat (centre);
 * fuel: holds fuel (beside what it feeds); heatMeter: meters the heat delivered (under the network); elecGen: makes
 * electricity (left of the electricity side); grid: meters the grid (right); elecStore: holds electricity (on the
 * site bus); other: none of these (a row at the bottom).
 */
export type SchematicRole = 'heatGen' | 'water' | 'fuel' | 'heatMeter' | 'elecGen' | 'grid' | 'elecStore' | 'other';

export function schematicRole(cat: CatalogueView, type: string): SchematicRole {
  if (cat.has(type, 'produces_heat')) return 'heatGen';
  const reserve = cat.reserve(type);
  if (reserve === 'water') return 'water';
  if (reserve === 'fuel') return 'fuel';
  if (reserve === 'electricity') return 'elecStore';
  if (cat.has(type, 'meters_heat_delivered')) return 'heatMeter';
  if (cat.has(type, 'meters_grid')) return 'grid';
  if (cat.has(type, 'produces_electricity')) return 'elecGen';
  return 'other';
}
