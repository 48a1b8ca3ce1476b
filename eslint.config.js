import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-artifacts/**', 'web/src/lib/api/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  // web fence: the dashboard's sources import only their own files, npm packages and @ems/domain/report (the number
  // formatting the PDF and XLSX reports share); api types come from the generated client. A relative import leaves
  // web/ when it climbs more directories than the file lies below web/, hence one entry per depth.
  // test/fence.test.ts checks the same, resolving each path, in .svelte files too.
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((depth) => ({
    files: [`web/src/${'*/'.repeat(depth)}*.{ts,js,mjs,cjs}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@ems/(?!domain/report$)',
              message: 'web/ may import only @ems/domain/report of our packages: take API types from src/lib/api.',
            },
            {
              regex: `^(\\./)*(\\.\\./){${depth + 2},}`,
              message: 'web/ imports nothing outside web/: take API types from the generated client (src/lib/api).',
            },
          ],
        },
      ],
    },
  })),
  {
    // A package uses another only through its package name (its exports), never through its src/ folder.
    files: ['*/src/**/*.ts', '*/test/**/*.ts', '*/bench/**/*.ts'],
    ignores: ['domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(domain|runtime|ingest|api|web|simulators|stack|testkit)/(src|test|bench)/',
              message: "Import another package by its name (e.g. '@ems/domain'), not through its folder.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'net', 'mqtt', '@influxdata/*'],
              message: 'domain/ does no I/O.',
            },
            { regex: '^(\\.\\./)+[a-z]+/src/', message: 'domain/ depends on no other package.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'domain/ reads no clock: pass time in.' },
      ],
    },
  },
);
