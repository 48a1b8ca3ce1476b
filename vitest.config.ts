import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['domain', 'runtime', 'testkit', 'ingest', 'simulators', 'api', 'web', 'stack'].map((name) => ({
      extends: true,
      test: {
        name,
        root: `./${name}`,
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      },
    })),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
