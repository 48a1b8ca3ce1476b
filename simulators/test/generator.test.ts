import { describe, expect, it } from 'vitest';
import { fuelPowerKw, type AssetOf } from '@ems/domain';
import { createDevice, createSimulation, Rng, type FuelTankDevice, type GeneratorDevice } from '../src/index.ts';
import { DAY, HOUR, WINTER_START, registry, samplesByAsset, type Sample } from './helpers.ts';

const SITE = 'ebina-bousai';
/**
 * Ebina's genset: 100 kW, diesel (HHV 37.7 MJ/L = 10.4722 kWh/L), efficiency 0.33 at rated output.
 * Full load: 100 / 0.33 / 10.4722 = 28.937 L/h. The fuel curve burns a quarter of that at no load, 7.234 L/h, and
 * (28.937 − 7.234) / 100 kW = 0.21703 L/kWh on top of it.
 */
const FULL_LOAD_L_PER_H = 28.937;
const NO_LOAD_L_PER_H = 7.234;
const L_PER_KWH_ABOVE_NO_LOAD = 0.21703;

function genset(): AssetOf<'generator'> {
  const asset = registry().asset(SITE, 'genset')!.asset;
  if (asset.type !== 'generator') throw new Error('ebina-bousai/genset is not a generator');
  return asset;
}

function simulate(scenarios: string, startMs: number, durationMs: number, stepMs: number) {
  const sim = createSimulation({ registry: registry(), sites: [SITE], scenarios, seed: 9, startMs });
  const plant = sim.plant(SITE)!;
  const gen = plant.devices.get('genset') as GeneratorDevice;
  const tank = plant.devices.get('diesel-tank') as FuelTankDevice;
  const before = { fuel_total: gen.fuel_total, energy_kwh: gen.energy_kwh, volume_l: tank.volume_l };
  const messages = [];
  for (let t = 0; t < durationMs; t += stepMs) messages.push(...sim.step(stepMs));
  messages.push(...sim.flush());
  return { gen, tank, before, samples: samplesByAsset(messages) };
}

const num = (s: Sample, metric: string) => s.values[metric] as number;

describe('emergency generator device', () => {
  const device = () =>
    createDevice(
      genset(),
      { registry: registry(), site: registry().site(SITE)!, rng: new Rng(1) },
      { tank: { bottom_c: 40, top_c: 60 } },
    ) as GeneratorDevice;

  it('burns diesel on its fuel curve: full load at the registry efficiency, less efficient at part load', () => {
    const g = device();
    expect(g.switchTo(true, HOUR, Number.POSITIVE_INFINITY)).toBe(true);
    const energy0 = g.energy_kwh;
    const fuel0 = g.fuel_total;
    expect(g.run(100, HOUR, Number.POSITIVE_INFINITY)).toBe(100);
    expect(g.fuel_rate).toBeCloseTo(FULL_LOAD_L_PER_H, 2);
    g.run(50, HOUR, Number.POSITIVE_INFINITY);
    expect(g.fuel_rate).toBeCloseTo(18.086, 2); // 7.234 + 0.21703 × 50
    g.run(0, HOUR, Number.POSITIVE_INFINITY);
    expect(g.fuel_rate).toBeCloseTo(NO_LOAD_L_PER_H, 2);
    expect(g.run(150, HOUR, Number.POSITIVE_INFINITY)).toBe(100); // never above its rating
    expect(g.energy_kwh - energy0).toBeCloseTo(100 + 50 + 0 + 100, 6);
    expect(g.fuel_total - fuel0).toBeCloseTo(28.937 + 18.086 + 7.234 + 28.937, 2);
  });

  it('runs for the part of a step its fuel lasts, and does not start without fuel', () => {
    const g = device();
    g.switchTo(true, HOUR, 10);
    const energy0 = g.energy_kwh;
    const fuel0 = g.fuel_total;
    // 10 L at 28.937 L/h last 0.34558 h: 34.558 kWh at 100 kW, a mean of 34.558 kW over the hour
    expect(g.run(100, HOUR, 10)).toBeCloseTo(34.558, 2);
    expect(g.energy_kwh - energy0).toBeCloseTo(34.558, 2);
    expect(g.fuel_total - fuel0).toBeCloseTo(10, 9);
    expect(g.switchTo(true, HOUR, 0)).toBe(false);
    expect(g.run(100, HOUR, 0)).toBe(0);
    expect(g.values()).toMatchObject({ power_kw: 0, fuel_rate: 0, running: false });
  });
});

describe('emergency generator in the plant', () => {
  it('stays off in normal operation outside its monthly test', () => {
    // 2026-01-12 and 13 (JST): the second Monday of January and the Tuesday after it
    const { gen, tank, before, samples } = simulate('normal', WINTER_START, 2 * DAY, 60_000);
    const list = samples.get(`${SITE}/genset`)!;
    expect(list.length).toBeGreaterThan(2000);
    for (const s of list) expect(s.values).toMatchObject({ running: false, power_kw: 0, fuel_rate: 0 });
    expect(gen.fuel_total).toBe(before.fuel_total);
    expect(gen.energy_kwh).toBe(before.energy_kwh);
    expect(tank.volume_l).toBe(before.volume_l);
  });

  it('runs its monthly no-load test on the first Monday, 10:00–10:15, on diesel from its tank', () => {
    const firstMondayOfFebruary = Date.UTC(2026, 1, 1, 15); // 2026-02-02 00:00 JST
    const { gen, tank, before, samples } = simulate('normal', firstMondayOfFebruary, DAY, 60_000);
    const running = samples.get(`${SITE}/genset`)!.filter((s) => s.values.running);
    expect(running.map((s) => s.ts)).toEqual(
      Array.from({ length: 15 }, (_, i) => firstMondayOfFebruary + 10 * HOUR + i * 60_000),
    );
    for (const s of running) {
      expect(num(s, 'power_kw')).toBe(0);
      expect(num(s, 'fuel_rate')).toBeCloseTo(NO_LOAD_L_PER_H, 2);
    }
    // 15 min at 7.234 L/h
    expect(gen.fuel_total - before.fuel_total).toBeCloseTo(1.8085, 3);
    expect(before.volume_l - tank.volume_l).toBeCloseTo(1.8085, 3);
    expect(gen.energy_kwh).toBe(before.energy_kwh);
  });

  describe('in a grid outage', () => {
    const reg = registry();
    const criticalKw = reg.site(SITE)!.reserve.critical_load_kw!;
    const diesel = reg.fuel(genset().fuel);
    const { gen, tank, before, samples } = simulate('grid-outage', WINTER_START, DAY, 20_000);
    const list = samples.get(`${SITE}/genset`)!;
    const byTs = (asset: string) => new Map(samples.get(`${SITE}/${asset}`)!.map((s) => [s.ts, s]));

    it('starts when the battery cannot carry the critical load and stops when the battery can again', () => {
      const running = list.filter((s) => s.values.running);
      expect(running.length).toBeGreaterThan(0.3 * list.length);
      expect(running.length).toBeLessThan(list.length);
      expect(Math.max(...running.map((s) => num(s, 'power_kw')))).toBeGreaterThan(0.5 * genset().rated_kw);
      // what the generator makes, with PV and the battery, is the critical load
      const battery = byTs('battery');
      const pv = byTs('pv-carport');
      let checked = 0;
      for (const s of list) {
        if (num(s, 'power_kw') <= 0) continue;
        const supplied = num(s, 'power_kw') + num(pv.get(s.ts)!, 'power_kw') - num(battery.get(s.ts)!, 'power_kw');
        expect(supplied).toBeCloseTo(criticalKw, 2);
        checked++;
      }
      expect(checked).toBeGreaterThan(1000);
    });

    it('counts the energy it makes: the counter equals the time integral of its power within 1 %', () => {
      let integralKwh = 0;
      for (let i = 1; i < list.length; i++) {
        const hours = (list[i]!.ts - list[i - 1]!.ts) / HOUR;
        integralKwh += ((num(list[i]!, 'power_kw') + num(list[i - 1]!, 'power_kw')) / 2) * hours;
      }
      const counted = num(list.at(-1)!, 'energy_kwh') - num(list[0]!, 'energy_kwh');
      expect(integralKwh).toBeGreaterThan(500);
      expect(Math.abs(counted - integralKwh)).toBeLessThan(0.01 * integralKwh);
    });

    it('burns fuel on its curve, never above its rated efficiency', () => {
      let partLoad = 0;
      for (const s of list) {
        if (!s.values.running) continue;
        const kw = num(s, 'power_kw');
        const rate = num(s, 'fuel_rate');
        expect(rate).toBeCloseTo(NO_LOAD_L_PER_H + L_PER_KWH_ABOVE_NO_LOAD * kw, 2);
        const efficiency = kw / fuelPowerKw(rate, diesel)!;
        expect(efficiency).toBeLessThanOrEqual(genset().efficiency + 1e-4);
        if (kw < 0.9 * genset().rated_kw) {
          expect(efficiency).toBeLessThan(genset().efficiency);
          partLoad++;
        }
      }
      expect(partLoad).toBeGreaterThan(0);
    });

    it('draws its diesel from the tank that supplies it: the tank falls by the litres it counts', () => {
      const burnt = gen.fuel_total - before.fuel_total;
      expect(burnt).toBeGreaterThan(100);
      expect(before.volume_l - tank.volume_l).toBeCloseTo(burnt, 6);
      // the published readings agree within the level gauge's noise (σ = 0.05 % of 2,000 L = 1 L per reading)
      const levels = samples.get(`${SITE}/diesel-tank`)!;
      const counter = byTs('genset');
      const [first, last] = [levels[0]!, levels.at(-1)!];
      const counted = num(counter.get(last.ts)!, 'fuel_total') - num(counter.get(first.ts)!, 'fuel_total');
      expect(Math.abs(num(first, 'volume_l') - num(last, 'volume_l') - counted)).toBeLessThan(6);
    });
  });
});
