/**
 * Time to threshold of a site's reserves (DOMAIN §9): from the trend of the last hour of each reserve asset, when
 * usable water, the heat reserve, fuel and the electricity reserve reach their warning and critical levels and
 * zero. Pure: the caller passes the samples and the clock.
 *
 * Quantities (each a weighted sum of asset figures; the slopes add up, see combineTrends):
 * | quantity    | level (unit)                                                   | warning / critical level                                                  | zero                |
 * |-------------|----------------------------------------------------------------|----------------------------------------------------------------------------|---------------------|
 * | water       | Σ usable water of the tanks (m³)                               | fire reserve + living water for the population for warning_hours / the fire reserve (critical, DOMAIN §9) | tanks empty (usable 0) |
 * | heat        | Σ stored heat + Σ fuel kWh × the heat efficiency of what it feeds (kWh) | warning_hours / critical_hours × current heat demand (kW)          | 0                   |
 * | fuel        | Σ fuel energy of the tanks that feed something (kWh, HHV)      | warning_hours / critical_hours × their burn (current, else rated rate, kWh/h) | 0                |
 * | electricity | Σ battery kWh + generator fuel kWh × electrical efficiency (kWh) | warning_hours / critical_hours × the critical load (kW)                | 0                   |
 * The autonomy-based levels are those at which the remaining hours at today's draw fall under warning_hours and
 * critical_hours — the site's thresholds. No draw (no demand, no critical load): no warning or critical level.
 */
import { moduleOf, type Asset } from '../assets/index.ts';
import type { StatePayload } from '../contract/state.ts';
import { autonomyLevelKwh, waterLevelM3 } from '../calc/reserve.ts';
import {
  combineTrends,
  linearTrend,
  timeToLevel,
  TREND_WINDOW_MS,
  trendDirection,
  type LevelCrossing,
  type LinearTrend,
} from '../calc/trend.ts';
import { stateNumber, type AssetView } from './assets.ts';
import type { ReserveForecast, ReserveForecasts, ReserveLevel } from './schemas.ts';

/** The reserve figures of one state message, kept for the trend (ReserveSample.values keys: reserveTrendFields). */
export interface ReserveSample {
  ts: number;
  values: Record<string, number>;
}

/** The fields of an asset's state that its reserve trend follows (also what the api reads back from InfluxDB). */
export function reserveTrendFields(asset: Asset): string[] {
  const reserve = moduleOf(asset).reserve;
  if (!reserve) return [];
  if (reserve.kind === 'water') return ['usable_water_m3', 'stored_heat_kwh'];
  if (reserve.kind === 'fuel') return ['fuel_energy_kwh'];
  return [reserve.stored_kwh];
}

/** The reserve sample of a state message; null for an asset without a reserve or a state without its figures. */
export function reserveSampleOf(
  asset: Asset,
  state: Pick<StatePayload, 'ts' | 'values' | 'derived'>,
): ReserveSample | null {
  const fields = reserveTrendFields(asset);
  if (fields.length === 0) return null;
  const values: Record<string, number> = {};
  for (const f of fields) {
    const v = stateNumber(state as StatePayload, f);
    if (v !== undefined) values[f] = v;
  }
  return Object.keys(values).length ? { ts: state.ts, values } : null;
}

/** One term of a quantity: weight × the field of an asset. */
export interface ForecastPart {
  asset: string;
  field: string;
  weight: number;
}

export interface ForecastInput {
  quantity: ReserveForecast['quantity'];
  unit: string;
  parts: readonly ForecastPart[];
  /** The levels (null: none for this quantity at this site). */
  warning_level: number | null;
  critical_level: number | null;
  zero_level: number;
  /** The draw the autonomy-based levels assume (kW = kWh/h); null for water or without a draw. */
  draw_kw: number | null;
}

export interface ForecastContext {
  now_ms: number;
  views: ReadonlyMap<string, AssetView>;
  history: (assetId: string) => readonly ReserveSample[];
  window_ms?: number;
}

function level(c: LevelCrossing): ReserveLevel {
  return { value: c.level, reached: c.reached, at: c.at_ms };
}

/**
 * The forecast of one quantity: its level now (Σ weight × the latest value of each part), the trend of the last
 * hour, and when it reaches each level. Unknown (no times) when a part has no value, is stale, or has too little
 * history; steady or rising: no times.
 */
export function forecastQuantity(input: ForecastInput, ctx: ForecastContext): ReserveForecast {
  const base: ReserveForecast = {
    quantity: input.quantity,
    unit: input.unit,
    value: null,
    measured_at: null,
    trend: 'unknown',
    unknown_reason: null,
    slope_per_h: null,
    window_from: null,
    points: 0,
    draw_kw: input.draw_kw,
    warning: null,
    critical: null,
    zero: { value: input.zero_level, reached: false, at: null },
  };
  const noTime = (v: number | null): ReserveLevel | null =>
    v === null ? null : { value: v, reached: false, at: null };
  base.warning = noTime(input.warning_level);
  base.critical = noTime(input.critical_level);
  if (input.parts.length === 0) return { ...base, unknown_reason: 'not_measured' };

  let value = 0;
  let oldest: number | null = null;
  let newest = -Infinity;
  let stale = false;
  const latest: { part: ForecastPart; x: number; ts: number; trend: LinearTrend | null }[] = [];
  for (const part of input.parts) {
    const v = ctx.views.get(part.asset);
    const x = v ? stateNumber(v.state, part.field) : undefined;
    const ts = v?.state?.ts;
    if (!v || x === undefined || ts === undefined) return { ...base, unknown_reason: 'not_measured' };
    if (v.data_state !== 'live') stale = true;
    value += part.weight * x;
    oldest = oldest === null ? ts : Math.min(oldest, ts);
    newest = Math.max(newest, ts);
    const points = ctx.history(part.asset).flatMap((s) => {
      const y = s.values[part.field];
      return y === undefined ? [] : [{ ts: s.ts, value: y }];
    });
    const trend = linearTrend(points, { now_ms: ctx.now_ms, window_ms: ctx.window_ms ?? TREND_WINDOW_MS });
    latest.push({ part, x, ts, trend });
  }
  const withValue = { ...base, value, measured_at: oldest };
  const levels = (crossing: (level: number) => LevelCrossing) => ({
    warning: input.warning_level === null ? null : level(crossing(input.warning_level)),
    critical: input.critical_level === null ? null : level(crossing(input.critical_level)),
    zero: level(crossing(input.zero_level)),
  });
  // "reached" needs no trend: a level at or below its threshold has reached it
  const reachedOnly = (l: number): LevelCrossing => ({ level: l, reached: value <= l, at_ms: null });
  if (stale) return { ...withValue, ...levels(reachedOnly), unknown_reason: 'stale_data' };
  const trend = combineTrends(latest.map((p) => ({ weight: p.part.weight, trend: p.trend })));
  if (trend === null) return { ...withValue, ...levels(reachedOnly), unknown_reason: 'too_few_points' };
  // every part projected to the newest sample's time: the level the trend starts from
  let anchored = 0;
  for (const p of latest) anchored += p.part.weight * (p.x + (p.trend!.slope_per_h * (newest - p.ts)) / 3_600_000);
  const direction = trendDirection(trend, anchored);
  return {
    ...withValue,
    trend: direction,
    slope_per_h: trend.slope_per_h,
    window_from: trend.from_ms,
    points: trend.points,
    ...levels((l) => timeToLevel({ value: anchored, ts: newest, slope_per_h: trend.slope_per_h, direction, level: l })),
  };
}

export interface SiteForecastInput {
  now_ms: number;
  views: readonly AssetView[];
  history: (assetId: string) => readonly ReserveSample[];
  tanks: readonly { asset: string; fire_reserve_m3: number }[];
  fuels: readonly {
    asset: string;
    supplies: readonly string[];
    energy_kwh: number | null;
    hours: number | null;
    heat_efficiency: number | null;
    electric_efficiency: number | null;
  }[];
  batteries: readonly { asset: string; field: string }[];
  heat_installed: boolean;
  electricity_installed: boolean;
  heat_demand_kw: number | null;
  critical_load_kw: number | null;
  population: number;
  litres_per_person_per_day?: number;
  warning_hours: number;
  critical_hours: number;
}

/** The four forecasts of a site; a quantity the site does not hold at all is null (none installed). */
export function reserveForecasts(input: SiteForecastInput): ReserveForecasts {
  const ctx: ForecastContext = {
    now_ms: input.now_ms,
    views: new Map(input.views.map((v) => [v.asset.id, v])),
    history: input.history,
  };
  const { warning_hours: wh, critical_hours: ch } = input;
  const fire = input.tanks.reduce((a, t) => a + t.fire_reserve_m3, 0);
  const water: ReserveForecast | null = input.tanks.length
    ? forecastQuantity(
        {
          quantity: 'water',
          unit: 'm³',
          parts: input.tanks.map((t) => ({ asset: t.asset, field: 'usable_water_m3', weight: 1 })),
          warning_level: waterLevelM3({
            fire_reserve_m3: fire,
            hours: wh,
            population: input.population,
            ...(input.litres_per_person_per_day !== undefined
              ? { litres_per_person_per_day: input.litres_per_person_per_day }
              : {}),
          }),
          critical_level: fire,
          zero_level: 0,
          draw_kw: null,
        },
        ctx,
      )
    : null;

  const heatFuels = input.fuels.filter((f) => f.heat_efficiency !== null);
  const heat: ReserveForecast | null = input.heat_installed
    ? forecastQuantity(
        {
          quantity: 'heat',
          unit: 'kWh',
          parts: [
            ...input.tanks.map((t) => ({ asset: t.asset, field: 'stored_heat_kwh', weight: 1 })),
            ...heatFuels.map((f) => ({ asset: f.asset, field: 'fuel_energy_kwh', weight: f.heat_efficiency! })),
          ],
          warning_level: autonomyLevelKwh(wh, input.heat_demand_kw),
          critical_level: autonomyLevelKwh(ch, input.heat_demand_kw),
          zero_level: 0,
          draw_kw: input.heat_demand_kw,
        },
        ctx,
      )
    : null;

  const fedFuels = input.fuels.filter((f) => f.supplies.length > 0);
  let burn: number | null = null;
  for (const f of fedFuels)
    if (f.energy_kwh !== null && f.hours !== null && f.hours > 0) burn = (burn ?? 0) + f.energy_kwh / f.hours;
  const fuel: ReserveForecast | null = input.fuels.length
    ? forecastQuantity(
        {
          quantity: 'fuel',
          unit: 'kWh',
          parts: fedFuels.map((f) => ({ asset: f.asset, field: 'fuel_energy_kwh', weight: 1 })),
          warning_level: autonomyLevelKwh(wh, burn),
          critical_level: autonomyLevelKwh(ch, burn),
          zero_level: 0,
          draw_kw: burn,
        },
        ctx,
      )
    : null;

  const genFuels = input.fuels.filter((f) => f.electric_efficiency !== null);
  const electricity: ReserveForecast | null = input.electricity_installed
    ? forecastQuantity(
        {
          quantity: 'electricity',
          unit: 'kWh',
          parts: [
            ...input.batteries.map((b) => ({ asset: b.asset, field: b.field, weight: 1 })),
            ...genFuels.map((f) => ({ asset: f.asset, field: 'fuel_energy_kwh', weight: f.electric_efficiency! })),
          ],
          warning_level: autonomyLevelKwh(wh, input.critical_load_kw),
          critical_level: autonomyLevelKwh(ch, input.critical_load_kw),
          zero_level: 0,
          draw_kw: input.critical_load_kw,
        },
        ctx,
      )
    : null;
  return { water, heat, fuel, electricity };
}
