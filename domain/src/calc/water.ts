/**
 * Properties of liquid water (DOMAIN §2, §9): density, isobaric specific heat and specific enthalpy.
 *
 * Computed from the IAPWS-IF97 industrial formulation, region 1 (compressed liquid), evaluated at
 * p = max(1 atm, saturation pressure(T)): atmospheric pressure up to 100 °C and the saturated liquid above,
 * which is what a pressurised district-heating network or storage tank holds. Valid for 0–200 °C (the
 * formulation itself holds to 350 °C); the pressure effect on ρ and c_p is below 0.1 % at network pressures.
 * Reproduces the DOMAIN §2 table (20/40/60/80 °C): ρ within 0.02 %, c_p and ρ·c_p/3600 within 0.06 %.
 *
 * Temperatures from −5 °C up to 0 °C (still accepted as plausible readings, DOMAIN §10) use the 0 °C properties;
 * outside [−5, 200] °C or for non-finite input the functions return null.
 */

/** Lowest plausible water temperature (DOMAIN §10). */
export const WATER_TEMP_MIN_C = -5;
/** Highest plausible water temperature (DOMAIN §10). */
export const WATER_TEMP_MAX_C = 200;

const KELVIN_OFFSET = 273.15;
/** Specific gas constant of water, kJ/(kg·K) (IAPWS-IF97). */
const R_KJ_PER_KG_K = 0.461526;
const ATMOSPHERIC_PRESSURE_MPA = 0.101325;

// IAPWS-IF97 region 1, table 2: exponents I, J and coefficients n.
const R1_I = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 8, 8, 21, 23, 29, 30, 31, 32,
];
const R1_J = [
  -2, -1, 0, 1, 2, 3, 4, 5, -9, -7, -1, 0, 1, 3, -3, 0, 1, 3, 17, -4, 0, 6, -5, -2, 10, -8, -11, -6, -29, -31, -38, -39,
  -40, -41,
];
const R1_N = [
  0.14632971213167, -0.84548187169114, -0.3756360367204e1, 0.33855169168385e1, -0.95791963387872, 0.15772038513228,
  -0.16616417199501e-1, 0.81214629983568e-3, 0.28319080123804e-3, -0.60706301565874e-3, -0.18990068218419e-1,
  -0.32529748770505e-1, -0.21841717175414e-1, -0.5283835796993e-4, -0.47184321073267e-3, -0.30001780793026e-3,
  0.47661393906987e-4, -0.44141845330846e-5, -0.72694996297594e-15, -0.31679644845054e-4, -0.28270797985312e-5,
  -0.85205128120103e-9, -0.22425281908e-5, -0.65171222895601e-6, -0.14341729937924e-12, -0.40516996860117e-6,
  -0.12734301741641e-8, -0.17424871230634e-9, -0.68762131295531e-18, 0.14478307828521e-19, 0.26335781662795e-22,
  -0.11947622640071e-22, 0.18228094581404e-23, -0.93537087292458e-25,
];

// IAPWS-IF97 region 4 (saturation line), table 34.
const R4_N = [
  0.11670521452767e4, -0.72421316703206e6, -0.17073846940092e2, 0.1202082470247e5, -0.32325550322333e7,
  0.1491510861353e2, -0.48232657361591e4, 0.40511340542057e6, -0.23855557567849, 0.65017534844798e3,
];

function n4(i: number): number {
  return R4_N[i - 1] ?? 0;
}

/** Saturation pressure of water in MPa at temperature T in kelvin (IAPWS-IF97 eq. 30). */
export function saturationPressureMpa(temp_k: number): number {
  const theta = temp_k + n4(9) / (temp_k - n4(10));
  const a = theta * theta + n4(1) * theta + n4(2);
  const b = n4(3) * theta * theta + n4(4) * theta + n4(5);
  const c = n4(6) * theta * theta + n4(7) * theta + n4(8);
  const x = (2 * c) / (-b + Math.sqrt(b * b - 4 * a * c));
  return x ** 4;
}

interface Region1State {
  /** specific volume, m³/kg */
  v_m3_per_kg: number;
  /** specific enthalpy, kJ/kg */
  h_kj_per_kg: number;
  /** isobaric specific heat, kJ/(kg·K) */
  cp_kj_per_kg_k: number;
}

/** IAPWS-IF97 region 1 at pressure p (MPa) and temperature T (K). */
export function if97Region1(p_mpa: number, temp_k: number): Region1State {
  const pi = p_mpa / 16.53;
  const tau = 1386 / temp_k;
  const a = 7.1 - pi;
  const b = tau - 1.222;
  let gPi = 0;
  let gTau = 0;
  let gTauTau = 0;
  for (let k = 0; k < R1_N.length; k++) {
    const n = R1_N[k] ?? 0;
    const i = R1_I[k] ?? 0;
    const j = R1_J[k] ?? 0;
    gPi += -n * i * a ** (i - 1) * b ** j;
    gTau += n * a ** i * j * b ** (j - 1);
    gTauTau += n * a ** i * j * (j - 1) * b ** (j - 2);
  }
  const rt = R_KJ_PER_KG_K * temp_k; // kJ/kg
  return {
    v_m3_per_kg: (pi * gPi * rt) / (p_mpa * 1000),
    h_kj_per_kg: tau * gTau * rt,
    cp_kj_per_kg_k: -tau * tau * gTauTau * R_KJ_PER_KG_K,
  };
}

function exactStateAt(temp_c: number): Region1State {
  const temp_k = Math.max(temp_c, 0) + KELVIN_OFFSET;
  const p_mpa = Math.max(ATMOSPHERIC_PRESSURE_MPA, saturationPressureMpa(temp_k));
  return if97Region1(p_mpa, temp_k);
}

/*
 * IF97 costs ~50 power terms per call and ingest derives several properties per message, so values come from a
 * 0.02 K grid filled lazily with exact IF97 states and interpolated linearly: the interpolation error is below
 * 1e-8 relative (the properties are smooth; h²/8·|f''| at h = 0.02 K), far inside any tolerance of DOMAIN.md.
 */
const GRID_STEP_K = 0.02;
const GRID_SIZE = Math.round((WATER_TEMP_MAX_C - WATER_TEMP_MIN_C) / GRID_STEP_K) + 1;
const gridV = new Float64Array(GRID_SIZE).fill(Number.NaN);
const gridH = new Float64Array(GRID_SIZE).fill(Number.NaN);
const gridCp = new Float64Array(GRID_SIZE).fill(Number.NaN);

function gridNode(i: number): void {
  if (!Number.isNaN(gridV[i]!)) return;
  const state = exactStateAt(WATER_TEMP_MIN_C + i * GRID_STEP_K);
  gridV[i] = state.v_m3_per_kg;
  gridH[i] = state.h_kj_per_kg;
  gridCp[i] = state.cp_kj_per_kg_k;
}

/**
 * One property at temp_c, interpolated on the grid; null outside the range. A number, not a state object:
 * this runs several times per ingested message.
 */
function propertyAt(grid: Float64Array, temp_c: number): number | null {
  if (!Number.isFinite(temp_c) || temp_c < WATER_TEMP_MIN_C || temp_c > WATER_TEMP_MAX_C) return null;
  const x = (temp_c - WATER_TEMP_MIN_C) / GRID_STEP_K;
  const i = Math.min(Math.floor(x), GRID_SIZE - 2);
  const f = x - i;
  gridNode(i);
  gridNode(i + 1);
  return grid[i]! + (grid[i + 1]! - grid[i]!) * f;
}

/** Density ρ of liquid water in kg/m³ at temp_c; null outside [−5, 200] °C. */
export function waterDensityKgM3(temp_c: number): number | null {
  const v = propertyAt(gridV, temp_c);
  return v === null ? null : 1 / v;
}

/** Isobaric specific heat c_p of liquid water in kJ/(kg·K) at temp_c; null outside [−5, 200] °C. */
export function waterSpecificHeatKjKgK(temp_c: number): number | null {
  return propertyAt(gridCp, temp_c);
}

/** Specific enthalpy of liquid water in kJ/kg at temp_c (IF97 reference: 0 at the triple point); null outside range. */
export function waterEnthalpyKjKg(temp_c: number): number | null {
  return propertyAt(gridH, temp_c);
}

/**
 * kW of heat per (m³/h of flow · K of temperature difference) at the given mean temperature:
 * ρ·c_p/3600 (DOMAIN §2). 1.143 at 60 °C, instead of the fixed 1.163 often used.
 */
export function heatFactorKwPerM3hK(mean_temp_c: number): number | null {
  const cp = propertyAt(gridCp, mean_temp_c);
  const v = propertyAt(gridV, mean_temp_c);
  return cp === null || v === null ? null : cp / v / 3600;
}
