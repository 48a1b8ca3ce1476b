/** The catalogue the api serves at /api/asset-types says what the modules say, and validates against its schema. */
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ASSET_MODULES, ASSET_TYPES, moduleOf } from '../../src/assets/index.ts';
import {
  AssetTypeCatalogue,
  AssetTypeInfo,
  assetTypeCatalogue,
  FuelInfo,
  LocalisedText,
} from '../../src/wire/index.ts';

describe('asset-type catalogue', () => {
  const catalogue = assetTypeCatalogue();

  it('matches its schema', () => {
    const refs = [
      LocalisedText,
      Type.Union(
        ASSET_TYPES.map((t) => Type.Literal(t)),
        { $id: 'AssetType' },
      ),
      AssetTypeInfo,
      FuelInfo,
    ];
    expect([...Value.Errors(AssetTypeCatalogue, refs, catalogue)]).toEqual([]);
  });

  it('lists every type once, with the traits, reserve and energy flows of its module', () => {
    expect(catalogue.types.map((t) => t.type)).toEqual(ASSET_TYPES);
    for (const info of catalogue.types) {
      const m = moduleOf(info.type);
      expect(info.name).toEqual(ASSET_MODULES[info.type].name);
      expect(info.traits).toEqual([...m.traits]);
      expect(info.reserve).toBe(m.reserve?.kind ?? null);
      expect(info.flows, info.type).toEqual(m.flows);
      for (const f of Object.values(info.flows)) expect(info.fields[f.rate], `${info.type} ${f.rate}`).toBeDefined();
    }
  });

  it('says which way energy moves for a signed metric (battery power: + is charging, into the battery)', () => {
    const battery = catalogue.types.find((t) => t.type === 'battery');
    expect(battery?.signs['power_kw']).toEqual({
      positive: { ja: '充電', en: 'charging' },
      negative: { ja: '放電', en: 'discharging' },
      positive_flow: 'in',
    });
    expect(battery?.flows).toEqual({});
  });
});
