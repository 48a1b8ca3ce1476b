import { instantaneousCop, carnotFraction, heatWhileOffFault } from '../calc/cop.ts';
import { factorAt } from '../calc/electricity.ts';
import { fuelPowerKw } from '../calc/fuels.ts';
import { heatFromFlow } from '../calc/heat.ts';
import {
  batteryReserveHours,
  batteryReserveKwh,
  daysForPopulation,
  equalTankLayers,
  fireReserveKept,
  fuelReserveKwh,
  livingWaterM3,
  personDays,
  storedHeatKwh,
  tankVolumeM3,
  usableWaterM3,
} from '../calc/reserve.ts';
import type { Asset, FuelSpecEntry, Site } from '../registry/schema.ts';
import type { MetricValue } from './telemetry.ts';

export interface Derived {
  derived: Record<string, number | boolean>;
  /** Plausibility faults found in an accepted sample, e.g. `negative_delta_t`, `heat_while_off`. */
  faults: string[];
}

export interface DeriveContext {
  site: Site;
  asset: Asset;
  fuel: (fuelId: string) => FuelSpecEntry;
}

const num = (v: MetricValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

function setIf(out: Record<string, number | boolean>, key: string, value: number | boolean | null | undefined): void {
  if (value !== null && value !== undefined && (typeof value === 'boolean' || Number.isFinite(value))) out[key] = value;
}

/** Heat from flow and temperatures when the device does not report heat_kw itself (DOMAIN §2). */
function hydraulicHeat(values: Record<string, MetricValue>, out: Derived): number | undefined {
  const measured = num(values.heat_kw);
  if (measured !== undefined) return measured;
  const flow_m3h = num(values.flow_m3h);
  const supply_temp_c = num(values.supply_temp_c);
  const return_temp_c = num(values.return_temp_c);
  if (flow_m3h === undefined || supply_temp_c === undefined || return_temp_c === undefined) return undefined;
  const r = heatFromFlow({ flow_m3h, supply_temp_c, return_temp_c });
  if (r.fault) out.faults.push(r.fault);
  setIf(out.derived, 'heat_kw', r.heat_kw);
  return r.heat_kw ?? undefined;
}

/**
 * Values computed from one accepted sample with the domain formulas: what ingest stores beside the measured
 * metrics and republishes as state. Period values (energy, period COP, capacity factor) are not per sample.
 */
export function deriveSample(ctx: DeriveContext, ts_ms: number, values: Record<string, MetricValue>): Derived {
  const { site, asset } = ctx;
  const out: Derived = { derived: {}, faults: [] };
  const d = out.derived;
  switch (asset.type) {
    case 'heat_pump': {
      const heat_kw = hydraulicHeat(values, out);
      const power_kw = num(values.power_kw);
      const running = typeof values.running === 'boolean' ? values.running : undefined;
      if (heat_kw !== undefined && power_kw !== undefined) {
        const cop = instantaneousCop({
          heat_kw,
          power_kw,
          rated_power_kw: asset.rated_power_kw,
          ...(running === undefined ? {} : { running }),
        });
        setIf(d, 'cop', cop);
        const supply = num(values.supply_temp_c);
        const source = num(values.source_temp_c);
        if (cop !== null && supply !== undefined && source !== undefined)
          setIf(d, 'carnot_fraction', carnotFraction(cop, supply, source));
      }
      if (running === false && heat_kw !== undefined && heatWhileOffFault({ running, heat_kw }))
        out.faults.push('heat_while_off');
      break;
    }
    case 'boiler':
    case 'chp': {
      const heat_kw = asset.type === 'boiler' ? hydraulicHeat(values, out) : num(values.heat_kw);
      const fuel_rate = num(values.fuel_rate);
      if (fuel_rate !== undefined) {
        const spec = ctx.fuel(asset.fuel);
        const fuel_power_kw = fuelPowerKw(fuel_rate, spec);
        setIf(d, 'fuel_power_kw', fuel_power_kw);
        setIf(d, 'co2_kg_h', fuel_rate * spec.co2_kg_per_unit);
        if (fuel_power_kw && fuel_power_kw > 0) {
          if (heat_kw !== undefined) setIf(d, 'thermal_efficiency', heat_kw / fuel_power_kw);
          const power_kw = num(values.power_kw);
          if (asset.type === 'chp' && power_kw !== undefined) setIf(d, 'electric_efficiency', power_kw / fuel_power_kw);
        }
      }
      break;
    }
    case 'heat_meter':
      hydraulicHeat(values, out);
      break;
    case 'grid_meter': {
      const factor = factorAt(site.grid_emission_factors, ts_ms, site.time_zone);
      setIf(d, 'grid_factor_kg_kwh', factor);
      const import_kw = num(values.import_kw);
      if (factor !== null && import_kw !== undefined) setIf(d, 'co2_kg_h', import_kw * factor);
      break;
    }
    case 'storage_tank': {
      const volume_m3 = tankVolumeM3({
        area_m2: asset.area_m2,
        ...(num(values.volume_m3) !== undefined ? { volume_m3: num(values.volume_m3) } : {}),
        ...(num(values.level_m) !== undefined ? { level_m: num(values.level_m) } : {}),
      });
      if (volume_m3 === null) break;
      const usable = usableWaterM3(volume_m3, asset.dead_volume_m3);
      const living = livingWaterM3(usable, asset.fire_reserve_m3);
      const days = personDays(living, site.reserve.living_water_l_per_person_day);
      setIf(d, 'volume_m3', volume_m3);
      setIf(d, 'usable_water_m3', usable);
      setIf(d, 'living_water_m3', living);
      setIf(d, 'fire_reserve_kept', fireReserveKept(usable, asset.fire_reserve_m3));
      setIf(d, 'person_days', days);
      setIf(d, 'days_for_population', daysForPopulation(days, site.population_served));
      const temps = ['temp_top_c', 'temp_mid_c', 'temp_bottom_c'].map((k) => num(values[k]));
      const measured = temps.filter((t): t is number => t !== undefined);
      if (measured.length)
        setIf(d, 'stored_heat_kwh', storedHeatKwh(equalTankLayers(volume_m3, measured), asset.min_useful_temp_c));
      break;
    }
    case 'fuel_tank': {
      const volume_l = num(values.volume_l);
      if (volume_l === undefined) break;
      setIf(d, 'fuel_energy_kwh', fuelReserveKwh(volume_l, ctx.fuel(asset.fuel)));
      setIf(d, 'fill_pct', (100 * volume_l) / asset.capacity_l);
      break;
    }
    case 'battery': {
      const soc = num(values.soc_pct);
      if (soc === undefined) break;
      const stored = batteryReserveKwh(soc, asset.capacity_kwh);
      setIf(d, 'stored_kwh', stored);
      if (site.reserve.critical_load_kw)
        setIf(d, 'reserve_hours', batteryReserveHours(stored, site.reserve.critical_load_kw));
      break;
    }
    case 'pv': {
      const power_kw = num(values.power_kw);
      if (power_kw !== undefined) setIf(d, 'specific_power_kw_per_kwp', power_kw / asset.kwp);
      break;
    }
  }
  return out;
}
