import { describe, expect, it } from 'vitest';
import type { Asset, Site } from '@ems/domain';
import {
  createSiteDevices,
  type FuelTankDevice,
  Plant,
  Rng,
  round,
  scenarioConfig,
  scenarioState,
  solar,
  type HeatConditions,
  type HeatDelivery,
  type HeatSource,
  type MetricValues,
  type PlantSnapshot,
} from '../src/index.ts';
import { HOUR, WINTER_START, registry } from './helpers.ts';

/** A device of an asset type that exists only here: a solar-thermal collector field. */
class SolarThermalField implements HeatSource {
  // no registry knows the type
  readonly asset: Asset;
  heat_kw = 0;
  readonly requests_kw: number[] = [];

  constructor(
    id: string,
    private readonly site: Site,
    private readonly area_m2: number,
    readonly heat_merit_rank: number,
  ) {
    this.asset = { id, type: 'solar_thermal' } as unknown as Asset;
  }

  supplyHeat(request_kw: number, c: HeatConditions): HeatDelivery {
    this.requests_kw.push(request_kw);
    const sun = solar.sunPosition(c.ts_ms, this.site.location.lat, this.site.location.lon);
    const ghi_wm2 = solar.cloudyGhiWm2(solar.clearSkyGhiWm2(sun.elevation_deg), c.weather.cloud_fraction);
    this.heat_kw = Math.min(Math.max(0, request_kw), (0.5 * this.area_m2 * ghi_wm2) / 1000);
    return { heat_kw: this.heat_kw, electricity_drawn_kw: 0 };
  }

  values(): MetricValues {
    return { heat_kw: round(this.heat_kw) };
  }
}

const reg = registry();
const site = reg.site('nasu-cityhall')!;

/** A winter day of the site's plant with its registry devices and some more, minute by minute. */
function winterDay(extra: readonly SolarThermalField[]) {
  const rng = new Rng(7).fork(`site:${site.id}`);
  const plant = new Plant(site, [...createSiteDevices(site, reg, rng), ...extra], rng);
  const config = scenarioConfig('normal');
  const days: { snapshot: PlantSnapshot; extra_kw: number }[] = [];
  for (let t = WINTER_START + 60_000; t <= WINTER_START + 24 * HOUR; t += 60_000) {
    const snapshot = plant.step(t, 60_000, scenarioState(config, WINTER_START, t));
    days.push({ snapshot, extra_kw: extra.reduce((s, d) => s + d.heat_kw, 0) });
  }
  return { plant, steps: days, kerosene_l: (plant.devices.get('kerosene-tank') as FuelTankDevice).volume_l };
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('a heat source of a type the plant has never heard of', () => {
  const field = new SolarThermalField('solar-thermal', site, 400, 0);
  const idle = new SolarThermalField('idle-collector', site, 0, 1000);
  const without = winterDay([]);
  const withField = winterDay([field, idle]);

  it('is one of the plant devices and is asked for heat every step, in merit order', () => {
    expect(withField.plant.devices.get('solar-thermal')).toBe(field);
    expect(field.requests_kw).toHaveLength(withField.steps.length);
    expect(sum(field.requests_kw)).toBeGreaterThan(0);
    // the last in the merit order is asked for what all the others left of the first one's request
    withField.steps.forEach(({ snapshot }, i) =>
      expect(idle.requests_kw[i]).toBeCloseTo(field.requests_kw[i]! - snapshot.production_kw, 6),
    );
  });

  it('has its heat counted in the production and takes load off the other sources and their fuel', () => {
    const delivered = sum(withField.steps.map((s) => s.extra_kw));
    expect(delivered).toBeGreaterThan(0);
    const others = sum(withField.steps.map((s) => s.snapshot.production_kw - s.extra_kw));
    const before = sum(without.steps.map((s) => s.snapshot.production_kw));
    expect(others).toBeLessThan(before - 0.5 * delivered);
    expect(withField.kerosene_l).toBeGreaterThan(without.kerosene_l);
  });
});
