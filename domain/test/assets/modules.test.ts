/**
 * Every asset-type module is complete: a type that lacks a part (a label, a unit, a flow that names no metric,
 * a display hint that shows nothing …) fails here, whatever file forgot it.
 */
import { describe, expect, it } from 'vitest';
import { ASSET_MODULES, TRAITS, type AnyAssetModule } from '../../src/assets/index.ts';
import { blueprint } from '../../src/assets/_blueprint.ts';
import type { Derived, MetricValue } from '../../src/assets/types.ts';
import { parseRegistry, RegistryIndex, validateTelemetry } from '../../src/index.ts';

const modules: [string, AnyAssetModule][] = [
  ...Object.entries(ASSET_MODULES).map(([k, m]) => [k, m as unknown as AnyAssetModule] as [string, AnyAssetModule]),
  ['(blueprint)', blueprint as unknown as AnyAssetModule],
];
const text = (t: { ja: string; en: string } | undefined) => !!t && t.ja.trim() !== '' && t.en.trim() !== '';

describe.each(modules)('asset-type module %s', (key, m) => {
  const fields = new Set([...Object.keys(m.metrics), ...Object.keys(m.derived)]);
  const params = Object.keys(m.params);
  const is = (t: (typeof TRAITS)[number]) => m.traits.includes(t);

  it('is registered under its own type, with names in both languages', () => {
    if (key !== '(blueprint)') expect(m.type).toBe(key);
    expect(text(m.name)).toBe(true);
    for (const p of params) expect(text(m.param_labels[p]), `label of ${p}`).toBe(true);
    expect(Object.keys(m.param_labels).sort()).toEqual([...params].sort());
    expect(m.schema.properties.type.const).toBe(m.type);
  });

  it('has metrics with units in both languages, and derived values that are declared', () => {
    expect(Object.keys(m.metrics).length).toBeGreaterThan(0);
    for (const [name, spec] of Object.entries(m.metrics)) {
      expect(text(spec.description), name).toBe(true);
      expect(typeof spec.unit, name).toBe('string');
      if (spec.kind === 'counter') expect(spec.min, `${name}: counters never go below 0`).toBe(0);
    }
    for (const [name, spec] of Object.entries(m.derived)) expect(text(spec.description), name).toBe(true);
    for (const alt of m.required ?? []) for (const r of alt) expect(m.metrics[r], `required ${r}`).toBeDefined();
    for (const [alias, target] of Object.entries(m.aliases ?? {})) {
      expect(m.metrics[target], `alias ${alias}`).toBeDefined();
      expect(m.metrics[alias], `alias ${alias} is not a metric too`).toBeUndefined();
    }
  });

  it('names real metrics in its flows, period gauges and display hints', () => {
    for (const [flow, f] of Object.entries(m.flows)) {
      expect(m.metrics[f.counter]?.kind, `${flow} counter ${f.counter}`).toBe('counter');
      expect(fields.has(f.rate), `${flow} rate ${f.rate}`).toBe(true);
    }
    for (const g of m.period_gauges) expect(fields.has(g), `period gauge ${g}`).toBe(true);
    expect(m.display.icon).toMatch(/^[a-z-]+$/);
    expect(m.display.key_metrics.length).toBeGreaterThan(0);
    for (const k of [...m.display.key_metrics, ...m.display.history, ...(m.display.ratios ?? [])])
      expect(fields.has(k), `display ${k}`).toBe(true);
    for (const k of Object.keys(m.display.signs ?? {})) expect(fields.has(k), `sign of ${k}`).toBe(true);
  });

  it('has what its traits and reserve need', () => {
    for (const t of m.traits) expect(TRAITS).toContain(t);
    if (is('produces_heat') || is('meters_heat_delivered')) expect(m.flows.heat, 'heat flow').toBeDefined();
    if (is('consumes_electricity')) expect(m.flows.electricity_in, 'electricity in').toBeDefined();
    if (is('produces_electricity')) expect(m.flows.electricity_out, 'electricity out').toBeDefined();
    if (is('meters_grid')) expect(m.flows.grid_import, 'grid import').toBeDefined();
    if (is('solar')) expect(params).toContain('kwp');
    if (is('has_cop')) expect(m.derived.cop, 'derived cop').toBeDefined();
    if (is('burns_fuel')) {
      expect(params).toContain('fuel');
      expect(m.flows.fuel, 'fuel flow').toBeDefined();
      expect(m.combustion, 'combustion').toBeDefined();
    }
    if (is('backup_power')) {
      expect(is('burns_fuel') && is('produces_electricity')).toBe(true);
      expect(m.combustion?.electric_efficiency).toBeDefined();
    }
    const r = m.reserve;
    if (r?.kind === 'water')
      for (const d of ['volume_m3', 'usable_water_m3', 'living_water_m3', 'stored_heat_kwh', 'fire_reserve_kept'])
        expect(m.derived[d], `water reserve derives ${d}`).toBeDefined();
    if (r?.kind === 'fuel') {
      expect(params).toContain('fuel');
      expect(m.metrics[r.contents], 'contents metric').toBeDefined();
      expect(m.derived.fuel_energy_kwh).toBeDefined();
    }
    if (r?.kind === 'electricity') expect(m.derived[r.stored_kwh], 'stored kWh').toBeDefined();
  });

  it('has an example whose sample names only its metrics, each of the kind it declares', () => {
    expect(Object.keys(m.example.sample).length).toBeGreaterThan(0);
    for (const [name, v] of Object.entries(m.example.sample)) {
      const spec = m.metrics[name];
      expect(spec, `sample ${name} is a metric`).toBeDefined();
      expect(typeof v, name).toBe(spec!.kind === 'flag' ? 'boolean' : 'number');
    }
    for (const alt of m.required ?? []) if (alt.every((r) => r in m.example.sample)) return;
    expect(m.required ?? [], 'the sample meets one required alternative').toEqual([]);
  });

  it('derives only what it declares, from its example', () => {
    const site = new RegistryIndex(
      parseRegistry(
        `version: 1
sites:
  - id: s
    name: { ja: S, en: S }
    location: { lat: 35, lon: 139 }
    population_served: 10
    reserve: { critical_load_kw: 10 }
    assets:
      - { id: g, type: grid_meter, name: { ja: G, en: G } }`,
        't.yaml',
      ),
    ).site('s')!;
    const asset = { id: 'a', name: { ja: 'A', en: 'A' }, expected_interval_s: 10, type: m.type, ...m.example.params };
    const values: Record<string, MetricValue> = { ...m.example.sample };
    const out: Derived = { derived: {}, faults: [] };
    m.derive(
      {
        site,
        asset: asset as never,
        fuel: () => ({ unit: 'L', hhv_mj_per_unit: 37.7, co2_kg_per_unit: 2.58, biogenic: false }),
      },
      0,
      values,
      out,
    );
    for (const k of Object.keys(out.derived)) expect(m.derived[k], `derived ${k} is declared`).toBeDefined();
  });
});

describe.each(Object.entries(ASSET_MODULES))('the example of %s', (type, m) => {
  it('is a valid registry asset whose sample the telemetry contract accepts whole', () => {
    const example = { id: 'x', name: { ja: 'X', en: 'X' }, type, ...m.example.params };
    const registry = new RegistryIndex(
      parseRegistry(
        JSON.stringify({
          version: 1,
          sites: [
            {
              id: 's',
              name: { ja: 'S', en: 'S' },
              location: { lat: 35, lon: 139 },
              population_served: 10,
              reserve: { critical_load_kw: 10 },
              assets: [example],
            },
          ],
        }),
        `${type}.json`,
      ),
    );
    const asset = registry.asset('s', 'x')!.asset;
    const result = validateTelemetry(
      asset,
      JSON.stringify({ ts: 1_790_000_000_000, values: m.example.sample }),
      1_790_000_001_000,
    );
    expect(result.rejections).toEqual([]);
    expect(result.samples[0]!.rejected).toEqual({});
    expect(result.samples[0]!.values).toEqual(m.example.sample);
  });
});
