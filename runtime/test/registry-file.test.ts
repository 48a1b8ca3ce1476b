import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { loadRegistry, readSettings, registryPath } from '../src/index.ts';

describe('registry file', () => {
  it('is found from --registry, then EMS_REGISTRY, then config/sites.yaml', () => {
    expect(registryPath(['node', 'x', '--registry', '/a/b.yaml'], { EMS_REGISTRY: '/c.yaml' })).toBe('/a/b.yaml');
    expect(registryPath(['node', 'x', '--registry=/a/d.yaml'], {})).toBe('/a/d.yaml');
    expect(registryPath(['node', 'x'], { EMS_REGISTRY: '/c.yaml' })).toBe('/c.yaml');
    expect(registryPath(['node', 'x'], {})).toBe(resolve('config/sites.yaml'));
  });

  it('loads the shipped registry', () => {
    const index = loadRegistry(resolve(import.meta.dirname, '../../config/sites.yaml'));
    expect(index.allSites().length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a wrong registry naming the file, the line, the path and the reason', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ems-reg-')), 'sites.yaml');
    writeFileSync(
      file,
      'version: 1\nsites:\n  - id: s\n    name: { ja: あ, en: A }\n    location: { lat: 95, lon: 0 }\n    population_served: 1\n    assets: [{ id: m, type: heat_meter, name: { ja: い, en: M } }]\n',
    );
    expect(() => loadRegistry(file)).toThrow(`${file}:5:`);
    expect(() => loadRegistry(file)).toThrow(
      /at \/sites\/0\/location\/lat: Expected number to be less or equal to 90, got 95/,
    );
  });

  it('says how to point at another file when it is missing', () => {
    expect(() => loadRegistry('/nope/sites.yaml')).toThrow(
      /Cannot read the registry \/nope\/sites.yaml: no such file.*EMS_REGISTRY/,
    );
  });
});

describe('environment settings', () => {
  const schema = Type.Object({
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port' }),
    FLAG: Type.Boolean({ default: false }),
  });
  it('applies defaults and converts strings', () => {
    expect(readSettings(schema, {})).toEqual({ PORT: 8080, FLAG: false });
    expect(readSettings(schema, { PORT: '9000', FLAG: 'true' })).toEqual({ PORT: 9000, FLAG: true });
  });
  it('reads NAME_FILE (Docker secrets) when NAME is not set', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ems-secret-')), 'port');
    writeFileSync(file, '9100\n');
    expect(readSettings(schema, { PORT_FILE: file }).PORT).toBe(9100);
    expect(readSettings(schema, { PORT_FILE: file, PORT: '9200' }).PORT).toBe(9200);
    expect(() => readSettings(schema, { PORT_FILE: '/nope/port' })).toThrow(/PORT_FILE="\/nope\/port": cannot read it/);
  });

  it('names the bad variable, its value and what is expected', () => {
    expect(() => readSettings(schema, { PORT: 'eighty' })).toThrow(/PORT="eighty": Expected integer \(HTTP port\)/);
  });
});
