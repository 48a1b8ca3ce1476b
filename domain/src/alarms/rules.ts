/** Built-in and registry alarm rules: live site state in, alarm conditions out (DOMAIN §3, §9, §10). */
import { hasTrait } from '../assets/index.ts';
import { STALE_AFTER_INTERVALS } from '../calc/quality.ts';
import type { AlarmRule, LocalisedName } from '../registry/schema.ts';
import { stateFlag, stateNumber, type AssetView } from '../live/assets.ts';
import type { SiteLive } from '../live/site.ts';
import type { AlarmCondition, Verdict } from './engine.ts';
import type { AlarmSeverity } from './schemas.ts';

export interface BuiltinRuleSettings {
  /** Minimum duration of fire-reserve, autonomy and COP alarms, seconds. */
  min_duration_s: number;
  /** Fire-reserve clearance band: the tank must refill this share of the fire reserve above it (min 1 m³). */
  fire_reserve_hysteresis_fraction: number;
  /** Autonomy alarms clear this share above their threshold. */
  autonomy_hysteresis_fraction: number;
  /** COP alarms clear this far above min_cop. */
  cop_hysteresis: number;
}

export const DEFAULT_BUILTIN_RULES: BuiltinRuleSettings = {
  min_duration_s: 60,
  fire_reserve_hysteresis_fraction: 0.02,
  autonomy_hysteresis_fraction: 0.1,
  cop_hysteresis: 0.1,
};

export const BUILTIN_RULES = [
  'stale',
  'offline',
  'sensor_fault',
  'fire_reserve',
  'autonomy_critical',
  'autonomy_warning',
  'cop_low',
] as const;
export type BuiltinRule = (typeof BUILTIN_RULES)[number];

/** Asset id used for site-wide alarms. */
export const SITE_ASSET = 'site';

const MESSAGES: Record<BuiltinRule, LocalisedName> = {
  stale: { ja: 'データが途絶えています', en: 'No data received: the values are stale' },
  offline: { ja: '機器がオフラインです', en: 'The device reports itself offline' },
  sensor_fault: { ja: 'センサー異常の疑いがあります', en: 'Sensor fault: implausible, stuck or inconsistent readings' },
  fire_reserve: {
    ja: '蓄熱槽の水量が消防用水の確保量を下回っています',
    en: 'Tank water is below the fire-fighting reserve',
  },
  autonomy_critical: { ja: '熱の自立運転可能時間が危険水準です', en: 'Heat autonomy is below the critical threshold' },
  autonomy_warning: { ja: '熱の自立運転可能時間が注意水準です', en: 'Heat autonomy is below the warning threshold' },
  cop_low: { ja: 'ヒートポンプのCOPが下限を下回っています', en: 'Heat pump COP is below its minimum while running' },
};

/** Rejection reasons of ingest that mean "physically impossible" (not unknown or missing metrics). */
const RANGE_REJECTIONS = new Set(['negative', 'below_min', 'above_max', 'not_a_number', 'not_boolean']);

function cond(
  live: SiteLive,
  asset: string,
  rule: string,
  severity: AlarmSeverity,
  verdict: Verdict,
  value: number | null,
  observed_at: number,
  min_duration_ms: number,
  message: LocalisedName,
): AlarmCondition {
  return { site: live.site.id, asset, rule, severity, verdict, value, observed_at, min_duration_ms, message };
}

/** below: raise under the limit, clear at or above limit + band; above: the mirror image. */
export function thresholdVerdict(value: number, limit: { above?: number; below?: number }, band: number): Verdict {
  if (limit.below !== undefined) {
    if (value < limit.below) return 'raise';
    return value >= limit.below + band ? 'clear' : 'hold';
  }
  if (limit.above !== undefined) {
    if (value > limit.above) return 'raise';
    return value <= limit.above - band ? 'clear' : 'hold';
  }
  return 'unknown';
}

export interface RuleExtras {
  /** Metrics found stuck per asset (see stuckMetrics). */
  stuck?: (assetId: string) => readonly string[];
  /**
   * Since when (UTC ms) the evaluator has been watching, e.g. its start. Within one stale period of it, data that
   * looks stale (retained from before a restart) may still be about to arrive: the stale rule says unknown.
   */
  watching_since_ms?: number;
}

/** Conditions of every built-in rule for a site. */
export function builtinConditions(
  live: SiteLive,
  settings: BuiltinRuleSettings = DEFAULT_BUILTIN_RULES,
  extras: RuleExtras = {},
): AlarmCondition[] {
  const out: AlarmCondition[] = [];
  const now = live.now_ms;
  const minMs = settings.min_duration_s * 1000;
  for (const v of live.views) {
    const id = v.asset.id;
    const ts = v.state?.ts ?? now;
    // stale: deterministic trigger time = when the data turned stale; not before one stale period of watching
    const stalePeriodMs = STALE_AFTER_INTERVALS * v.asset.expected_interval_s * 1000;
    const watchedLongEnough = extras.watching_since_ms === undefined || now - extras.watching_since_ms >= stalePeriodMs;
    const staleVerdict: Verdict =
      v.data_state === 'stale'
        ? watchedLongEnough
          ? 'raise'
          : 'unknown'
        : v.data_state === 'live'
          ? 'clear'
          : 'unknown';
    out.push(cond(live, id, 'stale', 'warning', staleVerdict, v.age_s, v.stale_at ?? now, 0, MESSAGES.stale));
    const offlineVerdict: Verdict =
      v.status === 'offline' ? 'raise' : v.status === 'online' || v.data_state === 'live' ? 'clear' : 'unknown';
    out.push(cond(live, id, 'offline', 'warning', offlineVerdict, null, ts, 0, MESSAGES.offline));
    out.push(sensorFault(live, v, extras));
    const min_cop = hasTrait(v.asset, 'has_cop') && 'min_cop' in v.asset ? v.asset.min_cop : undefined;
    if (min_cop !== undefined) out.push(copLow(live, v, min_cop, settings));
  }
  for (const t of live.reserve.tanks) {
    const v = live.views.find((x) => x.asset.id === t.asset);
    const usable = t.usable_water_m3.value;
    const band = Math.max(1, settings.fire_reserve_hysteresis_fraction * t.fire_reserve_m3);
    const verdict: Verdict =
      !v || v.data_state !== 'live' || usable === null
        ? 'unknown'
        : thresholdVerdict(usable, { below: t.fire_reserve_m3 }, band);
    out.push(
      cond(
        live,
        t.asset,
        'fire_reserve',
        'critical',
        verdict,
        usable,
        v?.state?.ts ?? now,
        minMs,
        MESSAGES.fire_reserve,
      ),
    );
  }
  const r = live.reserve;
  const autonomy = r.heat_autonomy_h;
  const autonomyVerdict = (limit: number): Verdict => {
    if (r.status === 'unknown' || autonomy.stale) return 'unknown';
    if (autonomy.value === null) return 'clear'; // no demand: no shortfall
    return thresholdVerdict(autonomy.value, { below: limit }, limit * settings.autonomy_hysteresis_fraction);
  };
  const observed = autonomy.measured_at ?? now;
  out.push(
    cond(
      live,
      SITE_ASSET,
      'autonomy_critical',
      'critical',
      autonomyVerdict(r.critical_hours),
      autonomy.value,
      observed,
      minMs,
      MESSAGES.autonomy_critical,
    ),
    cond(
      live,
      SITE_ASSET,
      'autonomy_warning',
      'warning',
      autonomyVerdict(r.warning_hours),
      autonomy.value,
      observed,
      minMs,
      MESSAGES.autonomy_warning,
    ),
  );
  return out;
}

function sensorFault(live: SiteLive, v: AssetView, extras: RuleExtras): AlarmCondition {
  const state = v.state;
  if (!state || v.data_state !== 'live')
    return cond(
      live,
      v.asset.id,
      'sensor_fault',
      'warning',
      'unknown',
      null,
      state?.ts ?? live.now_ms,
      0,
      MESSAGES.sensor_fault,
    );
  const rejected = Object.entries(state.rejected).filter(([, reason]) => RANGE_REJECTIONS.has(reason));
  const stuck = extras.stuck?.(v.asset.id) ?? [];
  const problems = [
    ...rejected.map(([m, reason]) => `${m}: ${reason}`),
    ...state.faults,
    ...stuck.map((m) => `${m}: stuck`),
  ];
  const message: LocalisedName = problems.length
    ? {
        ja: `${MESSAGES.sensor_fault.ja}(${problems.join(', ')})`,
        en: `${MESSAGES.sensor_fault.en} (${problems.join(', ')})`,
      }
    : MESSAGES.sensor_fault;
  return cond(
    live,
    v.asset.id,
    'sensor_fault',
    'warning',
    problems.length ? 'raise' : 'clear',
    null,
    state.ts,
    0,
    message,
  );
}

function copLow(live: SiteLive, v: AssetView, min_cop: number, settings: BuiltinRuleSettings): AlarmCondition {
  const cop = live.kpis.cop_by_asset[v.asset.id];
  const ts = v.state?.ts ?? live.now_ms;
  const make = (verdict: Verdict, value: number | null) =>
    cond(live, v.asset.id, 'cop_low', 'warning', verdict, value, ts, settings.min_duration_s * 1000, MESSAGES.cop_low);
  if (!v.state || v.data_state !== 'live') return make('unknown', null);
  // without a running flag: a COP is derived only while the unit runs above 5 % of rated power (DOMAIN §3)
  const running = stateFlag(v.state, 'running') ?? stateNumber(v.state, 'cop') !== undefined;
  if (!running || stateFlag(v.state, 'defrost') === true) return make(running ? 'hold' : 'clear', null);
  if (!cop || cop.value === null) return make('hold', null);
  return make(thresholdVerdict(cop.value, { below: min_cop }, settings.cop_hysteresis), cop.value);
}

/** Conditions of the registry's rules (site.alarm_rules) for a site. */
export function registryConditions(live: SiteLive): AlarmCondition[] {
  return live.site.alarm_rules.map((rule: AlarmRule) => {
    const v = live.views.find((x) => x.asset.id === rule.asset);
    const value = v ? stateNumber(v.state, rule.metric) : undefined;
    const verdict: Verdict =
      !v || v.data_state !== 'live' || value === undefined
        ? 'unknown'
        : thresholdVerdict(
            value,
            rule.below !== undefined ? { below: rule.below } : rule.above !== undefined ? { above: rule.above } : {},
            rule.hysteresis,
          );
    const message = rule.message ?? {
      ja: `${rule.metric} が${rule.below !== undefined ? `${rule.below} 未満` : `${rule.above} 超`}です`,
      en: `${rule.metric} is ${rule.below !== undefined ? `below ${rule.below}` : `above ${rule.above}`}`,
    };
    return {
      site: live.site.id,
      asset: rule.asset,
      rule: rule.id,
      severity: rule.severity,
      verdict,
      value: value ?? null,
      observed_at: v?.state?.ts ?? live.now_ms,
      min_duration_ms: rule.min_duration_s * 1000,
      message,
    };
  });
}

/** Every condition of a site: built-in rules then registry rules. */
export function siteConditions(live: SiteLive, settings?: BuiltinRuleSettings, extras?: RuleExtras): AlarmCondition[] {
  return [...builtinConditions(live, settings, extras), ...registryConditions(live)];
}
