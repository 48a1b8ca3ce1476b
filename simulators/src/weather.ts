/**
 * Outdoor weather for a site: seasonal and daily temperature cycle with persistent synoptic anomalies, relative
 * humidity, and cloud cover as a persistent autoregressive process. Tuned to Japan's Pacific side (Tokyo: ~5 °C
 * January mean, ~27 °C August mean); colder with latitude (Nasushiobara: ~0 °C in January).
 */
import { ArNoise, type Rng } from './random.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface Climate {
  /** Annual mean air temperature, °C. */
  annual_mean_c: number;
  /** Half the difference between the warmest and the coldest month, K. */
  seasonal_amplitude_k: number;
  /** Day of year of the coldest day (≈ 25 in Japan). */
  coldest_day_of_year: number;
  /** Half the mean daily temperature range on a clear day, K. */
  daily_half_range_k: number;
  /** Mean cloud fraction in winter and in the rainy season (June–July). */
  cloud_winter: number;
  cloud_summer: number;
}

/** Climate from latitude, anchored at Tokyo/Yokohama (35.5° N) and Nasushiobara (37° N). */
export function climateFor(lat_deg: number): Climate {
  const d = Math.abs(lat_deg) - 35.5;
  return {
    annual_mean_c: 16.2 - 3.0 * d,
    seasonal_amplitude_k: 10.9 + 0.7 * d,
    coldest_day_of_year: lat_deg >= 0 ? 25 : 208,
    daily_half_range_k: 3.8,
    cloud_winter: 0.5,
    cloud_summer: 0.78,
  };
}

export interface WeatherSample {
  temp_c: number;
  humidity_pct: number;
  /** 0 = clear sky, 1 = overcast. */
  cloud_fraction: number;
}

/** Day of year (0-based, fractional) from UTC milliseconds. */
export function dayOfYear(ts_ms: number): number {
  const d = new Date(ts_ms);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return (ts_ms - start) / DAY_MS;
}

/** Local mean solar time in hours [0, 24) at a longitude. */
export function solarHour(ts_ms: number, lon_deg: number): number {
  const h = (ts_ms / HOUR_MS + lon_deg / 15) % 24;
  return h < 0 ? h + 24 : h;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const dd = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = dd as [number, number, number, number];
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1);
  }
  if (q > 1 - 0.02425) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return (
    ((((((a0 * s + a1) * s + a2) * s + a3) * s + a4) * s + a5) * r) /
    (((((b0 * s + b1) * s + b2) * s + b3) * s + b4) * s + 1)
  );
}

export interface WeatherOptions {
  /** Added to every temperature (cold snap: −8). */
  temp_offset_c?: number;
  climate?: Partial<Climate>;
}

export class Weather {
  readonly climate: Climate;
  private readonly anomaly: ArNoise;
  private readonly cloudSlow: ArNoise;
  private readonly cloudFast: ArNoise;
  private readonly humidityNoise: ArNoise;
  temp_offset_c: number;

  constructor(
    readonly lat_deg: number,
    readonly lon_deg: number,
    rng: Rng,
    opts: WeatherOptions = {},
  ) {
    this.climate = { ...climateFor(lat_deg), ...opts.climate };
    this.temp_offset_c = opts.temp_offset_c ?? 0;
    // synoptic temperature anomaly: ~2.5 K, persists for days
    this.anomaly = new ArNoise(rng.fork('temp'), 2.5, 2 * DAY_MS);
    // weather systems (hours to a day) and passing clouds (tens of minutes)
    this.cloudSlow = new ArNoise(rng.fork('cloud-slow'), 0.95, 14 * HOUR_MS);
    this.cloudFast = new ArNoise(rng.fork('cloud-fast'), 0.3, 0.4 * HOUR_MS);
    this.humidityNoise = new ArNoise(rng.fork('humidity'), 6, 6 * HOUR_MS);
  }

  /** Seasonal mean temperature (no daily cycle, no anomaly) on a day of the year. */
  seasonalMeanC(day_of_year: number): number {
    const c = this.climate;
    return (
      c.annual_mean_c -
      c.seasonal_amplitude_k * Math.cos((2 * Math.PI * (day_of_year - c.coldest_day_of_year)) / 365.25)
    );
  }

  /** Mean cloud fraction for a day of the year: clear Pacific-side winters, cloudy rainy season. */
  meanCloud(day_of_year: number): number {
    const c = this.climate;
    const summerWeight = 0.5 - 0.5 * Math.cos((2 * Math.PI * (day_of_year - 15)) / 365.25); // 0 mid-Jan … 1 mid-Jul
    return c.cloud_winter + (c.cloud_summer - c.cloud_winter) * summerWeight;
  }

  /** Advances the persistent processes by dtMs and returns the weather at ts_ms. */
  step(ts_ms: number, dtMs: number): WeatherSample {
    const doy = dayOfYear(ts_ms);
    const hour = solarHour(ts_ms, this.lon_deg);
    const anomaly = this.anomaly.step(dtMs);
    // E[Φ(q + σ·N)] = Φ(q / √(1 + σ²)): scaling q keeps the seasonal mean cloudiness
    const sigma2 = this.cloudSlow.sd ** 2 + this.cloudFast.sd ** 2;
    const q = normalQuantile(this.meanCloud(doy)) * Math.sqrt(1 + sigma2);
    const cloud = normalCdf(q + this.cloudSlow.step(dtMs) + this.cloudFast.step(dtMs));
    const daily = Math.cos((2 * Math.PI * (hour - 14.5)) / 24);
    const halfRange = this.climate.daily_half_range_k * (1 - 0.55 * cloud);
    const temp_c = this.seasonalMeanC(doy) + anomaly + halfRange * daily + this.temp_offset_c;
    const seasonalRh = 63 - 11 * Math.cos((2 * Math.PI * (doy - this.climate.coldest_day_of_year)) / 365.25);
    const humidity = seasonalRh + 22 * (cloud - 0.5) - 9 * daily + this.humidityNoise.step(dtMs);
    return {
      temp_c,
      humidity_pct: Math.min(100, Math.max(15, humidity)),
      cloud_fraction: Math.min(1, Math.max(0, cloud)),
    };
  }
}
