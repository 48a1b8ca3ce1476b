/** Writes api/openapi.json from the route schemas without MQTT or InfluxDB (`npm run -w api openapi`). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRegistry, RegistryIndex } from '@ems/domain';
import { buildApp } from './app.ts';
import { UserStore } from './auth/users.ts';
import { ApiSettingsSchema } from './settings.ts';
import { readSettings } from '@ems/runtime';
import { format, resolveConfig } from 'prettier';

export const OPENAPI_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.json');

const MINIMAL_REGISTRY = `version: 1
sites:
  - id: example
    name: { ja: 例, en: Example }
    location: { lat: 35, lon: 139 }
    population_served: 0
    assets:
      - { id: pv, type: pv, name: { ja: PV, en: PV }, kwp: 1 }
`;

/** The OpenAPI document as the running API serves it, stably formatted. */
export async function openApiDocument(): Promise<string> {
  const settings = readSettings(ApiSettingsSchema, { SESSION_SECRET: 'x'.repeat(32), WEB_DIST: '/nonexistent' });
  const registry = new RegistryIndex(parseRegistry(MINIMAL_REGISTRY, 'openapi'));
  const app = await buildApp({ settings, registry, users: UserStore.empty(), connect: false, logger: false });
  await app.ready();
  const doc = app.swagger();
  await app.close();
  // formatted as the repository's prettier would, so `prettier --check` and the staleness test agree
  return format(JSON.stringify(doc), { ...(await resolveConfig(OPENAPI_FILE)), parser: 'json' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_FILE, await openApiDocument());
  console.log(`wrote ${OPENAPI_FILE}`);
}
