/** A backfill writes each asset at its expected interval (DOMAIN §10), so the demo's completeness is honest. */
import { describe, expect, it } from 'vitest';
import { parseRegistry, RegistryIndex, expectedSamples } from '@ems/domain';
import { createSimulation, intervalStepMs } from '../src/index.ts';
import { HOUR, registry, samplesByAsset, WINTER_START } from './helpers.ts';

const reg = (intervals: number[]) =>
  new RegistryIndex(
    parseRegistry(
      `version: 1
sites:
  - id: s
    name: { ja: 試験, en: Test }
    location: { lat: 35, lon: 139 }
    population_served: 1
    assets:
${intervals.map((s, i) => `      - { id: m${i}, type: heat_meter, name: { ja: M${i}, en: M${i} }, expected_interval_s: ${s} }`).join('\n')}`,
      't.yaml',
    ),
  );

describe('the backfill step', () => {
  it.each([
    [[10, 30], 10_000],
    [[10, 15], 5_000],
    [[60, 90, 600], 30_000],
    [[7.5], 8_000], // whole seconds
  ])('intervals %j s → step %i ms', (intervals, step) => {
    expect(intervalStepMs({ registry: reg(intervals) })).toBe(step);
  });

  it('only the selected assets count', () => {
    expect(intervalStepMs({ registry: reg([10, 15]), assets: ['m1'] })).toBe(15_000);
  });

  it('at that step every asset of the shipped registry publishes once per expected interval: 100 % complete', () => {
    const r = registry();
    const step = intervalStepMs({ registry: r });
    const sim = createSimulation({ registry: r, startMs: WINTER_START, batchSize: 60 });
    const messages = [];
    for (let t = 0; t < HOUR; t += step) messages.push(...sim.step(step));
    messages.push(...sim.flush());
    const byAsset = samplesByAsset(messages);
    for (const site of r.allSites())
      for (const a of site.assets) {
        const samples = byAsset.get(`${site.id}/${a.id}`) ?? [];
        // one hour after the start: a sample in each of the asset's expected intervals, none more
        const slots = new Set(samples.map((x) => Math.floor((x.ts - 1) / (a.expected_interval_s * 1000))));
        expect(slots.size, `${site.id}/${a.id}`).toBe(
          expectedSamples(WINTER_START, WINTER_START + HOUR, a.expected_interval_s),
        );
        expect(samples.length, `${site.id}/${a.id}`).toBe(slots.size);
      }
  });
});
