import { describe, expect, it } from 'vitest';
import { catalogueFixture } from '../../../test/fixtures.ts';
import type { AssetTypeCatalogue } from '../api/types.ts';
import { CatalogueView, indexCatalogue } from './catalogue.ts';
import { schematicRole } from './schematic.ts';

describe('schematic placement', () => {
  it('places assets by what their type does, whatever it is called', () => {
    const c = catalogueFixture();
    // types the web has never heard of find their place through their traits and reserve
    const extra: AssetTypeCatalogue['types'] = [
      { ...c.types[0]!, type: 'boiler', traits: ['produces_heat', 'burns_fuel'] },
      { ...c.types[2]!, type: 'pv', traits: ['produces_electricity', 'solar'] },
    ];
    const unknown = [
      ['windmill', ['produces_electricity'], null, 'elecGen'],
      ['solar_thermal', ['produces_heat'], null, 'heatGen'],
      ['pit_store', [], 'water', 'water'],
      ['lpg_cylinder', [], 'fuel', 'fuel'],
      ['flywheel', [], 'electricity', 'elecStore'],
      ['network_meter', ['meters_heat_delivered'], null, 'heatMeter'],
      ['smart_meter', ['meters_grid'], null, 'grid'],
      ['weather_station', [], null, 'other'],
    ] as const;
    const types = [
      ...extra,
      ...unknown.map(([type, traits, reserve]) => ({
        ...c.types[2]!,
        type: type as 'pv',
        traits: [...traits],
        reserve,
      })),
    ];
    const view = new CatalogueView(indexCatalogue({ types, fuels: c.fuels }), 'en');
    expect(schematicRole(view, 'boiler')).toBe('heatGen');
    expect(schematicRole(view, 'pv')).toBe('elecGen');
    for (const [type, , , role] of unknown) expect(schematicRole(view, type), type).toBe(role);
    // a CHP makes heat and electricity: it stands with the heat producers
    expect(
      schematicRole(
        new CatalogueView(
          indexCatalogue({ types: [{ ...c.types[0]!, traits: ['produces_heat', 'produces_electricity'] }], fuels: [] }),
          'en',
        ),
        'boiler',
      ),
    ).toBe('heatGen');
    expect(schematicRole(view, 'not-in-catalogue')).toBe('other');
  });
});
