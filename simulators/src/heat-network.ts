/** The heat network a site's plant feeds: design supply temperature and heating curve. */
import type { Site } from '@ems/domain';
import { generationCapacityKw } from './demand.ts';
import { clamp } from './devices/types.ts';

/** A site with this much heat generation or more is a district-heating plant (70 °C design supply), kW. */
const DISTRICT_HEATING_KW = 1000;

export function designSupplyTempC(site: Site): number {
  return generationCapacityKw(site.assets) >= DISTRICT_HEATING_KW ? 70 : 60;
}

/** Network supply temperature from the outdoor temperature (heating curve), °C. */
export function supplyTempC(design_supply_c: number, outdoor_c: number): number {
  return design_supply_c + 5 * clamp((5 - outdoor_c) / 10, -1.4, 1);
}

/** Network return temperature: the spread widens with the load (a share of the design load, 0–1), °C. */
export function returnTempC(supply_temp_c: number, load_fraction: number): number {
  return supply_temp_c - (8 + 12 * load_fraction);
}
