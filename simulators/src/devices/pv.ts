/** Rooftop or ground PV: sun position, clear sky, clouds, tilted plane, temperature derating, inverter clipping. */
import type { AssetOf } from '@ems/domain';
import { irradiance, moduleTempC, planeOfArrayWm2, pvAcKw, pvDcKw, sunPosition } from '../solar.ts';
import type { WeatherSample } from '../weather.ts';
import { kwhOf, round, type Device, type DeviceContext, type MetricValues } from './types.ts';
import type { ElectricityProducer, WeatherDrivenGenerator } from './capabilities.ts';

export class PvDevice implements Device<AssetOf<'pv'>>, WeatherDrivenGenerator, ElectricityProducer {
  power_kw = 0;
  energy_kwh = 0;
  irradiance_wm2 = 0;
  module_temp_c = 15;
  private readonly lat: number;
  private readonly lon: number;

  constructor(
    readonly asset: AssetOf<'pv'>,
    private readonly ctx: DeviceContext,
  ) {
    this.lat = ctx.site.location.lat;
    this.lon = ctx.site.location.lon;
    // an installed meter has already counted something
    this.energy_kwh = round(ctx.rng.uniform(0.5, 3) * asset.kwp * 1000, 0);
  }

  get electricity_out_kw(): number {
    return this.power_kw;
  }

  generateFromWeather(ts_ms: number, weather: WeatherSample, dtMs: number): number {
    const sun = sunPosition(ts_ms, this.lat, this.lon);
    const irr = irradiance(ts_ms, sun, weather.cloud_fraction);
    const poa = planeOfArrayWm2(irr, sun, this.asset.tilt_deg, this.asset.azimuth_deg);
    this.irradiance_wm2 = poa;
    this.module_temp_c = moduleTempC(weather.temp_c, poa);
    this.power_kw = pvAcKw(pvDcKw(this.asset.kwp, poa, this.module_temp_c), this.asset.inverter_kw);
    this.energy_kwh += kwhOf(this.power_kw, dtMs);
    return this.power_kw;
  }

  values(): MetricValues {
    return {
      power_kw: round(this.power_kw),
      energy_kwh: round(this.energy_kwh),
      irradiance_wm2: round(this.irradiance_wm2, 1),
      module_temp_c: round(this.module_temp_c + this.ctx.rng.normal(0, 0.1), 2),
    };
  }
}
