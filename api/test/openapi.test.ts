import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocument } from '../src/openapi.ts';
import { bearer, startStack, TOKENS } from './helpers.ts';

describe('OpenAPI document', () => {
  it('api/openapi.json is up to date (run `npm run -w api openapi` after changing routes or schemas)', async () => {
    const fresh = await openApiDocument();
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed, 'api/openapi.json is stale: run `npm run -w api openapi`').toBe(fresh);
  });

  it('is served at /api/openapi.json with docs at /api/docs (signed in), and every route has a response schema', async () => {
    const stack = await startStack();
    try {
      const app = await stack.app();
      expect((await app.inject({ url: '/api/openapi.json' })).statusCode).toBe(401);
      const res = await app.inject({ url: '/api/openapi.json', headers: bearer(TOKENS.viewer) });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      for (const [path, ops] of Object.entries(
        doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>,
      ))
        for (const [method, op] of Object.entries(ops))
          expect(op.responses?.['200'], `${method} ${path}`).toBeDefined();
      const docs = await app.inject({ url: '/api/docs', headers: bearer(TOKENS.viewer) });
      expect([200, 302]).toContain(docs.statusCode);
      const root = await app.inject({ url: '/' });
      expect(root.body).toContain('not built');
    } finally {
      await stack.close();
    }
  });
});
