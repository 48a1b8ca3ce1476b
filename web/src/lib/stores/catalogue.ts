/**
 * The asset-type catalogue, loaded once after sign-in from GET /api/asset-types with the generated client. Pages
 * read it through `cat` (the catalogue in the chosen language): `$cat.typeName(a.type)`, `$cat.has(a.type,
 * 'produces_heat')`, `$cat.fieldLabel(a.type, 'heat_kw')` … Until it has loaded, names fall back to ids and
 * lists are empty.
 */
import { derived, writable } from 'svelte/store';
import { api, errorMessage } from '../api/client.ts';
import { CatalogueView, emptyCatalogue, indexCatalogue, type Catalogue } from '../utils/catalogue.ts';
import { locale } from './locale.ts';

export interface CatalogueState extends Catalogue {
  loaded: boolean;
  error: string | null;
}

export const catalogue = writable<CatalogueState>({ ...emptyCatalogue(), loaded: false, error: null });

/** The catalogue in the chosen language. */
export const cat = derived([catalogue, locale], ([c, l]) => new CatalogueView(c, l));

let pending: Promise<void> | null = null;

/** Loads the catalogue once (again only after a failure). */
export function loadCatalogue(): Promise<void> {
  pending ??= (async () => {
    try {
      const { data, error, response } = await api.GET('/api/asset-types');
      if (!data) {
        catalogue.update((c) => ({ ...c, loaded: true, error: errorMessage(error, response) }));
        pending = null;
        return;
      }
      catalogue.set({ ...indexCatalogue(data), loaded: true, error: null });
    } catch (e) {
      catalogue.update((c) => ({ ...c, loaded: true, error: errorMessage(e) }));
      pending = null;
    }
  })();
  return pending;
}
