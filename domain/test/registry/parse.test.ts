import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ASSET_TYPES, parseRegistry, RegistryError, RegistryIndex } from '../../src/index.ts';

const shippedPath = fileURLToPath(new URL('../../../config/sites.yaml', import.meta.url));
const shipped = readFileSync(shippedPath, 'utf8');

function problemsOf(text: string): string {
  try {
    parseRegistry(text, 'bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryError);
    return (e as Error).message;
  }
  throw new Error('expected the registry to be refused');
}

const minimal = (asset: string, site = '') => `version: 1
sites:
  - id: s1
    name: { ja: サイト, en: Site }
    location: { lat: 35, lon: 139 }
    population_served: 100
${site}    assets:
      - ${asset}
`;

describe('the shipped registry config/sites.yaml', () => {
  const registry = parseRegistry(shipped, shippedPath);

  it('holds at least three Japanese sites with names in Japanese and English', () => {
    expect(registry.sites.length).toBeGreaterThanOrEqual(3);
    for (const site of registry.sites) {
      expect(site.time_zone).toBe('Asia/Tokyo');
      expect(site.name.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
      expect(site.name.en).toMatch(/[A-Za-z]/);
    }
  });

  it('covers every asset type', () => {
    const types = new Set(registry.sites.flatMap((s) => s.assets.map((a) => a.type)));
    expect([...types].sort()).toEqual([...ASSET_TYPES].sort());
  });

  it('describes a district-heating plant with a 2,000 m³-class storage tank', () => {
    const tank = registry.sites.flatMap((s) => s.assets).find((a) => a.type === 'storage_tank' && a.area_m2 >= 100);
    expect(tank && tank.type === 'storage_tank' && tank.area_m2 * tank.height_m).toBeGreaterThanOrEqual(2000);
  });

  it('applies defaults and site overrides', () => {
    const index = new RegistryIndex(registry);
    expect(index.asset('minato-dhc', 'hp-1')?.asset.expected_interval_s).toBe(10);
    expect(index.fuel('city_gas').hhv_mj_per_unit).toBe(45);
    expect(index.fuel('kerosene').hhv_mj_per_unit).toBe(36.7);
    expect(index.site('minato-dhc')?.grid_emission_factors[0]?.value).toBe(0.455);
    expect(index.site('minato-dhc')?.primary_energy_factors.at(-1)?.value).toBe(8.64);
    expect(index.asset('nope', 'hp-1')).toBeUndefined();
  });
});

describe('a wrong registry is refused naming the file, the place and the reason', () => {
  it.each([
    [
      'negative PV peak power',
      minimal('{ id: pv, type: pv, name: { ja: 太陽光, en: PV }, kwp: -5 }'),
      /bad\.yaml:8:\d+ at \/sites\/0\/assets\/0\/kwp: Expected number to be greater than 0.*got -5/,
    ],
    [
      'unknown asset type',
      minimal('{ id: x, type: windmill, name: { ja: 風車, en: Windmill } }'),
      /at \/sites\/0\/assets\/0\/type: .*got "windmill"/,
    ],
    [
      'missing required field',
      minimal('{ id: b, type: boiler, name: { ja: ボイラ, en: Boiler }, rated_heat_kw: 100, efficiency: 0.9 }'),
      /at \/sites\/0\/assets\/0\/fuel: is required/,
    ],
    [
      'misspelt field',
      minimal(
        '{ id: bat, type: battery, name: { ja: 蓄電池, en: Battery }, capacity_kwh: 10, rated_power_kw: 5, capacty: 3 }',
      ),
      /at \/sites\/0\/assets\/0\/capacty: Unexpected property/,
    ],
    [
      'bad id',
      minimal('{ id: Tank One, type: heat_meter, name: { ja: 熱量計, en: Meter } }'),
      /at \/sites\/0\/assets\/0\/id: .*got "Tank One"/,
    ],
    [
      'time zone that does not exist',
      minimal('{ id: m, type: heat_meter, name: { ja: 熱量計, en: Meter } }', '    time_zone: Asia/Atlantis\n'),
      /bad\.yaml:\d+:\d+ at \/sites\/0\/time_zone: "Asia\/Atlantis" is not an IANA time zone/,
    ],
    [
      'fire reserve larger than the tank',
      minimal(
        '{ id: t, type: storage_tank, name: { ja: 槽, en: Tank }, area_m2: 10, height_m: 2, dead_volume_m3: 5, fire_reserve_m3: 30 }',
      ),
      /at \/sites\/0\/assets\/0\/fire_reserve_m3: dead volume \+ fire reserve \(35 m³\) exceed the tank's capacity \(20 m³\)/,
    ],
    [
      'gas in a fuel tank',
      minimal('{ id: f, type: fuel_tank, name: { ja: 槽, en: Tank }, fuel: city_gas, capacity_l: 100 }'),
      /at \/sites\/0\/assets\/0\/fuel: a fuel tank holds a liquid fuel measured in litres/,
    ],
    [
      'duplicate asset id',
      minimal(
        '{ id: m, type: heat_meter, name: { ja: 熱量計, en: Meter } }\n      - { id: m, type: grid_meter, name: { ja: 電力量計, en: Meter } }',
      ),
      /at \/sites\/0\/assets\/1\/id: asset id "m" is used twice/,
    ],
    ['YAML syntax error', 'version: 1\nsites: [\n  - id: {', /bad\.yaml:\d+:\d+ at \/: YAML syntax/],
    ['wrong version', 'version: 2\nsites: []\n', /at \/version: Expected/],
    [
      'emission factors out of order',
      minimal(
        '{ id: m, type: heat_meter, name: { ja: 熱量計, en: Meter } }',
        "    grid_emission_factors:\n      - { from_date: '2020-04-01', value: 0.4 }\n      - { from_date: '2019-04-01', value: 0.5 }\n",
      ),
      /at \/sites\/0\/grid_emission_factors\/1\/from_date: dates must be in increasing order/,
    ],
    [
      'alarm rule on an unknown asset',
      minimal(
        '{ id: m, type: heat_meter, name: { ja: 熱量計, en: Meter } }',
        '    alarm_rules:\n      - { id: r1, asset: nope, metric: heat_kw, above: 5 }\n',
      ),
      /at \/sites\/0\/alarm_rules\/0\/asset: no asset "nope"/,
    ],
  ])('%s', (_name, text, expected) => {
    const message = problemsOf(text);
    expect(message).toMatch(/^Invalid registry bad\.yaml:/);
    expect(message).toMatch(expected);
  });
});

describe('factor sources in one text or in both languages', () => {
  const meter = '{ id: m, type: heat_meter, name: { ja: 熱量計, en: Meter } }';
  it('accepts { ja, en } and a plain text', () => {
    const reg = parseRegistry(
      `version: 1
fuels:
  kerosene: { co2_kg_per_unit: 2.5, source: { ja: 灯油 事業者値, en: 'kerosene, supplier value' } }
grid_emission_factors:
  - { from_date: '2019-04-01', value: 0.44, source: utility 2019 }
${minimal(meter).slice('version: 1\n'.length)}`,
      't.yaml',
    );
    expect((reg.fuels.kerosene as { source?: unknown }).source).toEqual({
      ja: '灯油 事業者値',
      en: 'kerosene, supplier value',
    });
    expect(reg.sites[0]!.grid_emission_factors[0]!.source).toBe('utility 2019');
  });

  it('refuses a source with one language only, naming the place', () => {
    const msg = problemsOf(
      `version: 1
grid_emission_factors:
  - { from_date: '2019-04-01', value: 0.44, source: { ja: 事業者 } }
${minimal(meter).slice('version: 1\n'.length)}`,
    );
    expect(msg).toContain('/grid_emission_factors/0/source');
  });
});
