/**
 * The typed API client must match the API: web/src/lib/api/schema.d.ts is generated from api/openapi.json
 * (`npm run sync:open-api`). This regenerates it in memory, exactly as the CLI does, and compares.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const openapiFile = join(web, '../api/openapi.json');
const schemaFile = join(web, 'src/lib/api/schema.d.ts');

describe('generated API types', () => {
  it('schema.d.ts is up to date with api/openapi.json (run `npm run sync:open-api` if not)', async () => {
    const expected = `${COMMENT_HEADER}${astToString(await openapiTS(pathToFileURL(openapiFile)))}`;
    const actual = readFileSync(schemaFile, 'utf8');
    expect(actual === expected, 'web/src/lib/api/schema.d.ts is stale: run `npm run sync:open-api`').toBe(true);
  });
});
