import { describe, expect, it } from 'vitest';
import {
  JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP,
  carnotCop,
  equalTankLayers,
  fuelEnergyKwh,
  fuelPowerKw,
  metricSpec,
  specificYieldKwhPerKwp,
  storedHeatKwh,
  type AssetOf,
} from '@ems/domain';
import type { PvDevice, StorageTankDevice } from '../src/index.ts';
import { createSimulation, type SimMessage } from '../src/index.ts';
import { BOILER_EFFICIENCY_CURVE } from '../src/devices/boiler.ts';
import { DAY, HOUR, WINTER_START, registry, samplesByAsset } from './helpers.ts';

function run(sim: ReturnType<typeof createSimulation>, steps: number, dtMs: number): SimMessage[] {
  const out: SimMessage[] = [];
  for (let i = 0; i < steps; i++) out.push(...sim.step(dtMs));
  out.push(...sim.flush());
  return out;
}

describe('PV', () => {
  it('yields 1,100–1,400 kWh/kWp over a simulated year at every PV asset of the registry', () => {
    const reg = registry();
    const pvs = [...reg.allAssets()].filter((r) => r.asset.type === 'pv');
    expect(pvs.length).toBeGreaterThanOrEqual(3);
    const sim = createSimulation({
      registry: reg,
      assets: pvs.map((r) => `${r.site.id}/${r.asset.id}`),
      seed: 2026,
      startMs: Date.UTC(2024, 11, 31, 15), // 2025-01-01 00:00 JST
    });
    const device = (site: string, asset: string) => sim.plant(site)!.devices.get(asset) as PvDevice;
    const before = new Map(pvs.map((r) => [r.asset.id + r.site.id, device(r.site.id, r.asset.id).energy_kwh]));
    let maxPowerOverKwp = 0;
    for (let i = 0; i < 8760; i++) {
      sim.step(HOUR);
      for (const r of pvs) {
        const d = device(r.site.id, r.asset.id);
        if (r.asset.type === 'pv') maxPowerOverKwp = Math.max(maxPowerOverKwp, d.power_kw / r.asset.kwp);
      }
    }
    const yields: Record<string, number> = {};
    for (const r of pvs) {
      if (r.asset.type !== 'pv') continue;
      const kwh = device(r.site.id, r.asset.id).energy_kwh - before.get(r.asset.id + r.site.id)!;
      yields[`${r.site.id}/${r.asset.id}`] = Math.round(specificYieldKwhPerKwp(kwh, r.asset.kwp)!);
    }
    console.log('PV specific yield, kWh/kWp/year:', yields);
    for (const y of Object.values(yields)) {
      expect(y).toBeGreaterThanOrEqual(JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP.min);
      expect(y).toBeLessThanOrEqual(JAPAN_SPECIFIC_YIELD_RANGE_KWH_PER_KWP.max);
    }
    expect(maxPowerOverKwp).toBeLessThan(1.2);
    expect(maxPowerOverKwp).toBeGreaterThan(0.6);
  });
});

describe('storage tank', () => {
  for (const scenario of ['normal', 'grid-outage'] as const) {
    it(`closes its energy balance within 1 % over a simulated day (${scenario})`, () => {
      const sim = createSimulation({
        registry: registry(),
        sites: ['minato-dhc', 'nasu-cityhall'],
        scenarios: scenario,
        seed: 5,
        startMs: WINTER_START,
      });
      const tanks = ['minato-dhc', 'nasu-cityhall'].map(
        (s) => sim.plant(s)!.devices.get('tank-1') as StorageTankDevice,
      );
      const start = tanks.map((t) => ({ content: t.contentKwh(), books: { ...t.books } }));
      const messages = run(sim, 1440, 60_000);
      tanks.forEach((tank, i) => {
        const s = start[i]!;
        const heatIn = tank.books.heat_in_kwh - s.books.heat_in_kwh;
        const heatOut = tank.books.heat_out_kwh - s.books.heat_out_kwh;
        const loss = tank.books.loss_kwh - s.books.loss_kwh;
        const delta = tank.contentKwh() - s.content;
        expect(heatIn + heatOut).toBeGreaterThan(0);
        expect(Math.abs(heatIn - heatOut - loss - delta)).toBeLessThan(0.01 * (heatIn + heatOut));
      });
      // the published temperatures and volume describe the same stored heat (DOMAIN §9, from @ems/domain)
      const samples = samplesByAsset(messages).get('minato-dhc/tank-1')!;
      const last = samples[samples.length - 1]!.values as Record<string, number>;
      const published = storedHeatKwh(
        equalTankLayers(last.volume_m3!, [last.temp_bottom_c!, last.temp_mid_c!, last.temp_top_c!]),
        0,
      );
      expect(Math.abs(published - tanks[0]!.contentKwh()) / tanks[0]!.contentKwh()).toBeLessThan(0.001);
    });
  }
});

describe('heat pumps and boilers', () => {
  const sim = createSimulation({ registry: registry(), scenarios: 'cold-snap', seed: 11, startMs: WINTER_START });
  const samples = samplesByAsset(run(sim, 2 * 1440, 60_000));
  const reg = registry();

  it('keep the heat-pump COP between 1 and the Carnot COP while running, with defrost as negative heat', () => {
    let checked = 0;
    let defrosts = 0;
    for (const [key, list] of samples) {
      const [site, id] = key.split('/') as [string, string];
      const asset = reg.asset(site, id)!.asset;
      if (asset.type !== 'heat_pump') continue;
      for (const { values: v } of list) {
        const power = v.power_kw as number;
        const heat = v.heat_kw as number;
        if (v.defrost) {
          defrosts++;
          expect(heat).toBeLessThan(0);
          continue;
        }
        if (!v.running) {
          expect(heat).toBe(0);
          continue;
        }
        if (power < 0.05 * asset.rated_power_kw) continue;
        const cop = heat / power;
        const carnot = carnotCop(v.supply_temp_c as number, v.source_temp_c as number)!;
        expect(cop).toBeGreaterThan(1);
        expect(cop).toBeLessThan(carnot);
        expect(cop / carnot).toBeGreaterThan(0.44);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(defrosts).toBeGreaterThan(0);
  });

  it('keeps boiler efficiency on its part-load curve, per sample and over the period', () => {
    let checked = 0;
    for (const [key, list] of samples) {
      const [site, id] = key.split('/') as [string, string];
      const asset = reg.asset(site, id)!.asset;
      if (asset.type !== 'boiler') continue;
      const fuel = reg.fuel((asset as AssetOf<'boiler'>).fuel);
      const lo = asset.efficiency * BOILER_EFFICIENCY_CURVE.min - 0.002;
      const hi = asset.efficiency * BOILER_EFFICIENCY_CURVE.max + 0.002;
      for (const { values: v } of list) {
        if (!v.running || (v.heat_kw as number) <= 0) continue;
        const eff = (v.heat_kw as number) / fuelPowerKw(v.fuel_rate as number, fuel)!;
        expect(eff).toBeGreaterThanOrEqual(lo);
        expect(eff).toBeLessThanOrEqual(hi);
        checked++;
      }
      const first = list[0]!.values;
      const last = list[list.length - 1]!.values;
      const heat = (last.heat_kwh as number) - (first.heat_kwh as number);
      if (heat > 100) {
        const eff = heat / fuelEnergyKwh((last.fuel_total as number) - (first.fuel_total as number), fuel)!;
        expect(eff).toBeGreaterThanOrEqual(lo - 0.01);
        expect(eff).toBeLessThanOrEqual(hi + 0.01);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('counters', () => {
  it('only grow, except at injected resets', () => {
    const reg = registry();
    for (const scenarios of ['normal', 'sensor-faults'] as const) {
      const sim = createSimulation({
        registry: reg,
        scenarios,
        scenarioOptions: { sensorFaults: { probability: 0.01, reset_share: 0.3 } },
        seed: 3,
        startMs: WINTER_START,
      });
      const samples = samplesByAsset(run(sim, 720, 60_000));
      const resets = new Set(
        sim.faults.filter((f) => f.kind === 'reset').map((f) => `${f.site}/${f.asset}/${f.metric}@${f.ts_ms}`),
      );
      let counters = 0;
      for (const [key, list] of samples) {
        const [site, id] = key.split('/') as [string, string];
        const asset = reg.asset(site, id)!.asset;
        const last = new Map<string, number>();
        for (const { ts, values } of list)
          for (const [metric, value] of Object.entries(values)) {
            if (metricSpec(asset, metric)?.kind !== 'counter' || typeof value !== 'number') continue;
            counters++;
            const prev = last.get(metric);
            if (prev !== undefined && value < prev) expect(resets.has(`${key}/${metric}@${ts}`)).toBe(true);
            last.set(metric, value);
          }
      }
      expect(counters).toBeGreaterThan(1000);
      if (scenarios === 'sensor-faults') expect(resets.size).toBeGreaterThan(0);
      else expect(resets.size).toBe(0);
    }
  });
});

describe('grid outage', () => {
  it('stops heat pumps and grid import, drains the tank for fire fighting, and draws down the reserves', () => {
    const sim = createSimulation({
      registry: registry(),
      scenarios: 'grid-outage',
      scenarioOptions: {
        gridOutage: { duration_ms: DAY, fire_draw_m3h: 80, fire_start_after_ms: HOUR, fire_duration_ms: 2 * HOUR },
      },
      seed: 9,
      startMs: WINTER_START,
    });
    const samples = samplesByAsset(run(sim, 6 * 60, 60_000));
    const reg = registry();
    for (const [key, list] of samples) {
      const [site, id] = key.split('/') as [string, string];
      const type = reg.asset(site, id)!.asset.type;
      for (const { values: v } of list) {
        if (type === 'heat_pump') {
          expect(v.power_kw).toBe(0);
          expect(v.running).toBe(false);
        }
        if (type === 'grid_meter') {
          expect(v.import_kw).toBe(0);
          expect(v.export_kw).toBe(0);
        }
      }
    }
    const fireFrom = WINTER_START + HOUR;
    const fireTo = WINTER_START + 3 * HOUR;
    for (const site of ['minato-dhc', 'ebina-bousai']) {
      const tank = samples.get(`${site}/tank-1`)!.filter((s) => s.ts > fireFrom && s.ts < fireTo);
      for (let i = 1; i < tank.length; i++)
        expect(tank[i]!.values.volume_m3 as number).toBeLessThan(tank[i - 1]!.values.volume_m3 as number);
      const drop = (tank[0]!.values.volume_m3 as number) - (tank[tank.length - 1]!.values.volume_m3 as number);
      expect(drop).toBeGreaterThan(80 * 2 * 0.95 - 2);
    }
    // a small tank is drawn down to its outlet, never below the dead volume
    const small = samples.get('nasu-cityhall/tank-1')!;
    const lowest = Math.min(...small.map((s) => s.values.volume_m3 as number));
    expect(lowest).toBeGreaterThanOrEqual(5 - 0.01);
    expect(lowest).toBeLessThan(10);
    // the battery carries the critical load, the kerosene tank feeds the boiler: both fall
    const battery = samples.get('nasu-cityhall/battery')!;
    expect(battery[battery.length - 1]!.values.soc_pct as number).toBeLessThan(battery[0]!.values.soc_pct as number);
    const kerosene = samples.get('nasu-cityhall/kerosene-tank')!;
    expect(kerosene[kerosene.length - 1]!.values.volume_l as number).toBeLessThan(
      kerosene[0]!.values.volume_l as number,
    );
  });
});
