/**
 * The web fence: the dashboard's sources (web/src, .svelte files included) import only their own files, the npm
 * packages web/package.json declares, and `@ems/domain/report` (the number formatting the PDF and XLSX reports
 * share). Types of the API come from the generated client, never from the api's or the domain's sources. The root
 * ESLint config says the same for .ts files; this test resolves every path and reads the .svelte files too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(WEB, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const root = JSON.parse(readFileSync(join(WEB, '../package.json'), 'utf8')) as typeof pkg;
const DECLARED = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
/** Unit tests beside the sources may use the workspace's test tools too (vitest). */
const DECLARED_FOR_TESTS = new Set([...DECLARED, ...Object.keys(root.devDependencies ?? {})]);
const ALLOWED_OURS = new Set(['@ems/domain/report']);
const SOURCE = /\.(ts|js|mjs|cjs|svelte)$/;

/** Every module specifier of a source: static imports and re-exports, side-effect and dynamic imports. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^[ \t]*(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The package a bare specifier names: `svelte/store` → svelte, `@scope/name/x` → @scope/name. */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Why an import of `file` (absolute path) breaks the fence, or null when it may stay. */
export function violation(file: string, spec: string, web = WEB): string | null {
  if (spec.startsWith('.')) {
    const target = resolve(dirname(file), spec);
    const rel = relative(web, target);
    return rel.startsWith('..') || isAbsolute(rel) ? `leaves web/: ${spec}` : null;
  }
  if (spec.startsWith('/') || /^[a-z]:[\\/]/i.test(spec)) return `absolute path: ${spec}`;
  if (spec.startsWith('node:') || builtinModules.includes(packageOf(spec)))
    return `Node built-in in browser code: ${spec}`;
  if (spec.startsWith('@ems/')) return ALLOWED_OURS.has(spec) ? null : `our package beyond @ems/domain/report: ${spec}`;
  const declared = /\.test\.ts$/.test(file) ? DECLARED_FOR_TESTS : DECLARED;
  return declared.has(packageOf(spec)) ? null : `not a dependency of web/package.json: ${spec}`;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return SOURCE.test(e.name) ? [path] : [];
  });
}

describe('web fence', () => {
  it('finds imports and tells which break the fence', () => {
    const file = join(WEB, 'src/lib/api/types.ts');
    const source = `
      import type { StateEvent } from '../../../../api/src/schemas/socket.ts';
      import {
        a,
        b,
      } from '../utils/format.ts';
      export { c } from '@ems/domain';
      import '@ems/api';
      const lazy = () => import('../../../../domain/src/index.ts');
      import { formatNumber } from '@ems/domain/report';
      import { writable } from 'svelte/store';
      import { readFileSync } from 'node:fs';
      import leftPad from 'left-pad';
      const text = { grid: 'Grid import', note: 'we export from "here"' };
    `;
    const specs = specifiers(source);
    expect(specs.sort()).toEqual(
      [
        '../../../../api/src/schemas/socket.ts',
        '../utils/format.ts',
        '@ems/domain',
        '@ems/api',
        '../../../../domain/src/index.ts',
        '@ems/domain/report',
        'svelte/store',
        'node:fs',
        'left-pad',
      ].sort(),
    );
    const bad = specs.filter((s) => violation(file, s) !== null).sort();
    expect(bad).toEqual(
      [
        '../../../../api/src/schemas/socket.ts',
        '../../../../domain/src/index.ts',
        '@ems/api',
        '@ems/domain',
        'left-pad',
        'node:fs',
      ].sort(),
    );
    // a .svelte file's script is read the same way
    const svelte = `<script lang="ts">\n  import type { Asset } from '../../../domain/src/assets/index.ts';\n</script>\n<p>from here</p>`;
    expect(specifiers(svelte).map((s) => violation(join(WEB, 'src/routes/X.svelte'), s))).toEqual([
      'leaves web/: ../../../domain/src/assets/index.ts',
    ]);
    // climbing out and back in still leaves the source tree only inside web/
    expect(violation(join(WEB, 'src/lib/x.ts'), '../../test/fixtures.ts')).toBeNull();
  });

  it('holds for every source file of web/src, .svelte included', () => {
    const files = sources(join(WEB, 'src'));
    expect(files.some((f) => f.endsWith('.svelte'))).toBe(true);
    expect(files.some((f) => f.endsWith('.ts'))).toBe(true);
    const problems: string[] = [];
    let imports = 0;
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        imports += 1;
        const why = violation(file, spec);
        if (why) problems.push(`${relative(WEB, file)}: ${why}`);
      }
    }
    expect(imports).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
