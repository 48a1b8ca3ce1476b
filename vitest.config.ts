import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Our packages export their TypeScript sources under this condition and their compiled dist/ otherwise (see
 * README "Build"): tests run on the sources, no build needed. NODE_OPTIONS passes the condition on to the
 * processes tests start with `node --import tsx` (ingest, the api).
 */
const SOURCE = '@ems/source';
const nodeOptions = [process.env.NODE_OPTIONS, `--conditions=${SOURCE}`].filter(Boolean).join(' ');

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
  test: {
    projects: ['domain', 'runtime', 'testkit', 'ingest', 'simulators', 'api', 'web', 'stack'].map((name) => ({
      extends: true,
      test: {
        name,
        root: `./${name}`,
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      },
    })),
    env: { NODE_OPTIONS: nodeOptions },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
