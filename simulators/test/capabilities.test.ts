import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSET_TYPES, hasTrait, moduleOf } from '@ems/domain';
import * as devices from '../src/devices/index.ts';
import {
  createSimulation,
  isBackupGenerator,
  isElectricityConsumer,
  isElectricityProducer,
  isFuelConsumer,
  isGridMeter,
  isHeatMeter,
  isHeatSource,
} from '../src/index.ts';
import { WINTER_START, registry } from './helpers.ts';

describe('device capabilities', () => {
  it("agree with the asset-type modules' traits and flows, and book the flows' rate metrics", () => {
    const sim = createSimulation({ registry: registry(), scenarios: 'cold-snap', seed: 3, startMs: WINTER_START });
    for (let i = 0; i < 60; i++) sim.step(60_000);
    const types = new Set<string>();
    for (const { site, asset } of sim.assets) {
      const d = sim.plant(site)!.devices.get(asset.id)!;
      const flows = moduleOf(asset).flows;
      const field = (metric: string | undefined) => (d as unknown as Record<string, unknown>)[metric ?? ''];
      types.add(asset.type);
      expect(isHeatSource(d), asset.type).toBe(hasTrait(asset, 'produces_heat'));
      expect(isFuelConsumer(d), asset.type).toBe(hasTrait(asset, 'burns_fuel'));
      expect(isBackupGenerator(d), asset.type).toBe(hasTrait(asset, 'backup_power'));
      expect(isHeatMeter(d), asset.type).toBe(hasTrait(asset, 'meters_heat_delivered'));
      expect(isGridMeter(d), asset.type).toBe(hasTrait(asset, 'meters_grid'));
      expect(isElectricityConsumer(d), asset.type).toBe(flows.electricity_in !== undefined);
      expect(isElectricityProducer(d), asset.type).toBe(
        flows.electricity_out !== undefined && !hasTrait(asset, 'backup_power'),
      );
      if (isElectricityConsumer(d)) expect(d.electricity_in_kw).toBe(field(flows.electricity_in?.rate));
      if (isElectricityProducer(d)) expect(d.electricity_out_kw).toBe(field(flows.electricity_out?.rate));
      if (isFuelConsumer(d)) expect(d.fuel_per_h).toBe(field(flows.fuel?.rate));
    }
    expect([...types].sort()).toEqual([...ASSET_TYPES].sort());
  });

  it('are all the plant knows of devices: it names no device class and no asset type', () => {
    const classes = Object.entries(devices)
      .filter(([name, value]) => typeof value === 'function' && /^[A-Z]\w*Device$/.test(name))
      .map(([name]) => name);
    expect(classes.length).toBe(ASSET_TYPES.length);
    for (const file of ['plant.ts', 'island.ts', 'fuel-supply.ts', 'heat-network.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      for (const name of classes) expect(source, file).not.toMatch(new RegExp(`\\b${name}\\b`));
      for (const type of ASSET_TYPES) expect(source, file).not.toMatch(new RegExp(`['"\`]${type}['"\`]`));
    }
  });
});
