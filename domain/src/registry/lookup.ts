import type { Asset, FuelSpecEntry, Registry, Site } from './schema.ts';

export interface AssetRef {
  site: Site;
  asset: Asset;
}

/** Constant-time look-ups into a validated registry. */
export class RegistryIndex {
  private readonly sites = new Map<string, Site>();
  private readonly assets = new Map<string, AssetRef>();

  constructor(readonly registry: Registry) {
    for (const site of registry.sites) {
      this.sites.set(site.id, site);
      for (const asset of site.assets) this.assets.set(`${site.id}/${asset.id}`, { site, asset });
    }
  }

  site(siteId: string): Site | undefined {
    return this.sites.get(siteId);
  }

  asset(siteId: string, assetId: string): AssetRef | undefined {
    return this.assets.get(`${siteId}/${assetId}`);
  }

  fuel(fuelId: string): FuelSpecEntry {
    const spec = this.registry.fuels[fuelId];
    if (!spec) throw new RangeError(`unknown fuel "${fuelId}"`);
    return spec;
  }

  allSites(): readonly Site[] {
    return this.registry.sites;
  }

  allAssets(): IterableIterator<AssetRef> {
    return this.assets.values();
  }
}
