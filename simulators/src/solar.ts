/**
 * Sun position (suncalc), clear-sky irradiance (Haurwitz), cloud attenuation (Kasten–Czeplak), diffuse split
 * (Erbs), transposition to a tilted plane (isotropic sky) and the PV output model of the brief:
 * DC = kWp × POA/1000 × (1 − 0.004 × (T_module − 25)) × system losses, module temperature from NOCT.
 */
import { getPosition } from 'suncalc';
import { dayOfYear } from './weather.ts';

const DEG = Math.PI / 180;
export const SOLAR_CONSTANT_WM2 = 1367;
export const PV_TEMP_COEFF_PER_K = -0.004;
export const PV_SYSTEM_LOSS_FACTOR = 0.86;
export const NOCT_C = 45;
export const GROUND_ALBEDO = 0.2;
/** Haze and humidity of Japan's summer air: clear-sky irradiance below the Haurwitz standard atmosphere. */
export const CLEAR_SKY_TURBIDITY_FACTOR = 0.93;

export interface SunPosition {
  /** Apparent elevation above the horizon, degrees. */
  elevation_deg: number;
  /** Azimuth, degrees from south, positive towards west (−90 = east), as the registry's azimuth_deg. */
  azimuth_deg: number;
}

export function sunPosition(ts_ms: number, lat_deg: number, lon_deg: number): SunPosition {
  // suncalc 2: degrees, azimuth clockwise from north
  const p = getPosition(new Date(ts_ms), lat_deg, lon_deg);
  let az = p.azimuth - 180;
  if (az < -180) az += 360;
  return { elevation_deg: p.altitude, azimuth_deg: az };
}

/** Extraterrestrial normal irradiance, W/m², with the Earth's orbital eccentricity. */
export function extraterrestrialWm2(ts_ms: number): number {
  return SOLAR_CONSTANT_WM2 * (1 + 0.033 * Math.cos((2 * Math.PI * dayOfYear(ts_ms)) / 365.25));
}

/** Haurwitz clear-sky global horizontal irradiance, W/m². */
export function clearSkyGhiWm2(elevation_deg: number): number {
  const cosZ = Math.sin(elevation_deg * DEG);
  return cosZ <= 0 ? 0 : CLEAR_SKY_TURBIDITY_FACTOR * 1098 * cosZ * Math.exp(-0.057 / cosZ);
}

/** Kasten–Czeplak: global irradiance under a cloud fraction (0 clear … 1 overcast). */
export function cloudyGhiWm2(clear_ghi_wm2: number, cloud_fraction: number): number {
  const c = Math.min(1, Math.max(0, cloud_fraction));
  return clear_ghi_wm2 * (1 - 0.75 * c ** 3.4);
}

/** Erbs diffuse fraction of global irradiance from the clearness index. */
export function erbsDiffuseFraction(kt: number): number {
  if (kt <= 0.22) return 1 - 0.09 * kt;
  if (kt <= 0.8) return 0.9511 - 0.1604 * kt + 4.388 * kt ** 2 - 16.638 * kt ** 3 + 12.336 * kt ** 4;
  return 0.165;
}

export interface Irradiance {
  ghi_wm2: number;
  dni_wm2: number;
  dhi_wm2: number;
}

/** Global, direct-normal and diffuse irradiance at a time, place and cloud fraction. */
export function irradiance(ts_ms: number, sun: SunPosition, cloud_fraction: number): Irradiance {
  const cosZ = Math.sin(sun.elevation_deg * DEG);
  if (cosZ <= 0) return { ghi_wm2: 0, dni_wm2: 0, dhi_wm2: 0 };
  const ghi = cloudyGhiWm2(clearSkyGhiWm2(sun.elevation_deg), cloud_fraction);
  const kt = Math.min(1, ghi / (extraterrestrialWm2(ts_ms) * cosZ));
  const dhi = erbsDiffuseFraction(kt) * ghi;
  const dni = Math.min(1100, (ghi - dhi) / Math.max(cosZ, 0.065));
  return { ghi_wm2: ghi, dni_wm2: dni, dhi_wm2: dhi };
}

/** Cosine of the angle of incidence on a plane of tilt and azimuth (0 = south, −90 = east). */
export function cosIncidence(sun: SunPosition, tilt_deg: number, azimuth_deg: number): number {
  const zen = (90 - sun.elevation_deg) * DEG;
  const tilt = tilt_deg * DEG;
  return (
    Math.cos(zen) * Math.cos(tilt) + Math.sin(zen) * Math.sin(tilt) * Math.cos((sun.azimuth_deg - azimuth_deg) * DEG)
  );
}

/** Plane-of-array irradiance, W/m² (isotropic sky, ground reflection). */
export function planeOfArrayWm2(irr: Irradiance, sun: SunPosition, tilt_deg: number, azimuth_deg: number): number {
  if (irr.ghi_wm2 <= 0) return 0;
  const cosTilt = Math.cos(tilt_deg * DEG);
  const beam = irr.dni_wm2 * Math.max(0, cosIncidence(sun, tilt_deg, azimuth_deg));
  const sky = (irr.dhi_wm2 * (1 + cosTilt)) / 2;
  const ground = (irr.ghi_wm2 * GROUND_ALBEDO * (1 - cosTilt)) / 2;
  return Math.max(0, beam + sky + ground);
}

/** Module temperature from the NOCT model: T_air + (NOCT − 20)/800 × POA. */
export function moduleTempC(air_temp_c: number, poa_wm2: number, noct_c: number = NOCT_C): number {
  return air_temp_c + ((noct_c - 20) / 800) * poa_wm2;
}

/** DC power, kW, of an array of kWp at a plane-of-array irradiance and module temperature. */
export function pvDcKw(kwp: number, poa_wm2: number, module_temp_c: number): number {
  const temp = 1 + PV_TEMP_COEFF_PER_K * (module_temp_c - 25);
  return Math.max(0, kwp * (poa_wm2 / 1000) * temp * PV_SYSTEM_LOSS_FACTOR);
}

/** AC power after inverter clipping. */
export function pvAcKw(dc_kw: number, inverter_kw: number | undefined): number {
  return inverter_kw === undefined ? dc_kw : Math.min(dc_kw, inverter_kw);
}
