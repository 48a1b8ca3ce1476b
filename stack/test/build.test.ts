/**
 * The compiled build, checked without running it (tests run on the sources; `npm run build` is slow): every service
 * entry point is compiled to the path that `npm start`, the Dockerfile and docker-compose run, the packages resolve
 * to their dist/ for plain node and to their sources under the @ems/source condition, and everything the compiled
 * code imports is a production dependency (the runtime image has no dev dependencies).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CREDENTIALS_CLI,
  ENTRY_POINTS,
  SOURCE_CONDITION,
  compiledPath,
  serviceCommand,
  withoutSourceCondition,
} from '../src/services.ts';

const root = resolve(import.meta.dirname, '../..');
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(root, path), 'utf8')) as T;

interface PackageJson {
  name: string;
  engines?: { node?: string };
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface TsConfig {
  extends?: string;
  compilerOptions?: Record<string, unknown>;
  include?: string[];
  references?: { path: string }[];
}

/** The packages `npm run build` compiles (the references of the root tsconfig.build.json). */
const BUILT = readJson<TsConfig>('tsconfig.build.json').references!.map((r) => r.path.replace(/^\.\/|\/[^/]+$/g, ''));

/** Imports a dev-only script may make: `npm run -w api openapi` formats with prettier; never run in production. */
const DEV_ONLY_IMPORTS: Record<string, string[]> = { 'api/src/openapi.ts': ['prettier'] };

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(`${dir}/${entry.name}`)
      : /\.ts$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name)
        ? [`${dir}/${entry.name}`]
        : [],
  );
}

/** The packages a file imports at run time (`import type` is erased; everything else stays, verbatimModuleSyntax). */
function runtimeImports(text: string): string[] {
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)(?!\s+type\s)\s[^;]*?\bfrom\s+'([^']+)'/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!),
  ];
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('the compiled build (npm run build)', () => {
  it('compiles every service package: src/ → dist/, ESM with .js import specifiers', () => {
    expect(BUILT).toEqual(expect.arrayContaining(['domain', 'runtime', 'ingest', 'simulators', 'api', 'stack']));
    const base = readJson<TsConfig>('tsconfig.build.base.json');
    expect(base.compilerOptions).toMatchObject({ noEmit: false, rewriteRelativeImportExtensions: true });
    expect(base.compilerOptions?.customConditions).toEqual([]); // the build reads other packages' dist/ types
    for (const pkg of BUILT) {
      const config = readJson<TsConfig>(`${pkg}/tsconfig.build.json`);
      expect(config.extends, pkg).toBe('../tsconfig.build.base.json');
      expect(config.compilerOptions, pkg).toMatchObject({ rootDir: 'src', outDir: 'dist' });
      expect(config.include, pkg).toEqual(['src']);
      // a package is built after the packages it imports
      const json = readJson<PackageJson>(`${pkg}/package.json`);
      const ours = Object.keys(json.dependencies ?? {})
        .filter((d) => d.startsWith('@ems/'))
        .map((d) => d.slice('@ems/'.length));
      for (const dep of ours)
        expect(config.references ?? [], `${pkg} → ${dep}`).toContainEqual({ path: `../${dep}/tsconfig.build.json` });
    }
  });

  it('runs every service entry point from where the build writes it', () => {
    for (const source of [...Object.values(ENTRY_POINTS), CREDENTIALS_CLI]) {
      const pkg = source.split('/')[0]!;
      expect(BUILT, source).toContain(pkg);
      expect(compiledPath(source)).toBe(source.replace('/src/', '/dist/').replace(/\.ts$/, '.js'));
    }
    expect(compiledPath('api/src/main.ts')).toBe('api/dist/main.js');
    expect(() => compiledPath('api/bench/api.bench.ts')).toThrow();
  });

  it('exports the sources under @ems/source and dist/ otherwise (plain node, the build)', () => {
    for (const pkg of BUILT) {
      const json = readJson<PackageJson>(`${pkg}/package.json`);
      for (const [subpath, target] of Object.entries(json.exports)) {
        expect(typeof target, `${pkg} ${subpath}`).toBe('object');
        const conditions = target as Record<string, string>;
        // the first matching condition wins: the source one must come first
        expect(Object.keys(conditions), `${pkg} ${subpath}`).toEqual([SOURCE_CONDITION, 'types', 'default']);
        const source = `${pkg}/${conditions[SOURCE_CONDITION]!.replace(/^\.\//, '')}`;
        expect(`${pkg}/${conditions.default!.replace(/^\.\//, '')}`).toBe(compiledPath(source));
        expect(conditions.types).toBe(conditions.default!.replace(/\.js$/, '.d.ts'));
      }
    }
  });

  it('imports at run time only production dependencies (npm ci --omit=dev)', () => {
    for (const pkg of BUILT) {
      const json = readJson<PackageJson>(`${pkg}/package.json`);
      const deps = new Set(Object.keys(json.dependencies ?? {}));
      for (const file of sourceFiles(`${pkg}/src`)) {
        const allowed = DEV_ONLY_IMPORTS[file] ?? [];
        for (const name of runtimeImports(readFileSync(join(root, file), 'utf8')))
          if (!allowed.includes(name) && name !== json.name)
            expect(deps.has(name), `${file} imports ${name}: list it in ${pkg}/package.json "dependencies"`).toBe(true);
      }
    }
  });

  it('starts services compiled when the launcher runs compiled, from source under tsx', () => {
    const compiled = serviceCommand('/app', 'api', true);
    expect(compiled.args).toEqual(['/app/api/dist/main.js']);
    const source = serviceCommand('/app', 'ingest', false);
    expect(source.args).toEqual([`--conditions=${SOURCE_CONDITION}`, '--import', 'tsx', '/app/ingest/src/main.ts']);
    expect(withoutSourceCondition(`--max-old-space-size=96 --conditions=${SOURCE_CONDITION}`)).toBe(
      '--max-old-space-size=96',
    );
    expect(withoutSourceCondition(undefined)).toBe('');
  });

  it('says which Node releases it supports', () => {
    const engines = readJson<PackageJson>('package.json').engines?.node;
    expect(engines).toBe('^20.19.0 || ^22.12.0 || >=24.0.0');
  });
});
