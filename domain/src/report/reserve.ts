/**
 * How the reserve sheet says what a figure assumes and until when a reserve lasts (DOMAIN §9): one wording for the
 * reserves page, its printed sheet and the CSV / XLSX export. Pure; the shapes are the wire's, declared here
 * structurally so that the web can use them through `@ems/domain/report`.
 */
import { formatLocalDateTime, untilText } from './dates.ts';
import { unitText } from './names.ts';
import { formatNumber, type Lang } from './numbers.ts';

export type ReserveQuantity = 'water' | 'heat' | 'fuel' | 'electricity';
export const RESERVE_QUANTITIES: readonly ReserveQuantity[] = ['water', 'heat', 'fuel', 'electricity'];

/** A threshold level and when the trend reaches it (wire ReserveLevel). */
export interface LevelLike {
  value: number;
  reached: boolean;
  at: number | null;
}

/** The time-to-threshold of a quantity (wire ReserveForecast). */
export interface ForecastLike {
  quantity: ReserveQuantity;
  trend: 'falling' | 'steady' | 'rising' | 'unknown';
  unknown_reason: 'not_measured' | 'stale_data' | 'too_few_points' | null;
  warning: LevelLike | null;
  critical: LevelLike | null;
  zero: LevelLike;
}

/**
 * The level a quantity "lasts until": for water its critical level, the fire reserve (the living water is gone
 * then; the fire reserve must stay); for heat, fuel and electricity zero (nothing left).
 */
export function lastsUntilLevel(f: ForecastLike): LevelLike {
  return f.quantity === 'water' && f.critical ? f.critical : f.zero;
}

const T = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);

/** Why a quantity has no time: "steady", "rising", or why its trend is unknown. */
export function noTimeText(f: Pick<ForecastLike, 'trend' | 'unknown_reason'>, lang: Lang): string {
  if (f.trend === 'steady') return T(lang, '横ばい（減っていません）', 'steady (not falling)');
  if (f.trend === 'rising') return T(lang, '増加中', 'rising');
  if (f.unknown_reason === 'stale_data') return T(lang, '見通し不明（データが古い）', 'no forecast (stale data)');
  if (f.unknown_reason === 'too_few_points')
    return T(lang, '見通し不明（直近1時間のデータ不足）', 'no forecast yet (too little data in the last hour)');
  return T(lang, '見通し不明（未計測）', 'no forecast (not measured)');
}

/** "below the fire reserve" / "empty" / "under the warning level": a level the reserve is at or below already. */
export function reachedText(
  f: Pick<ForecastLike, 'quantity'>,
  which: 'warning' | 'critical' | 'zero',
  lang: Lang,
): string {
  if (which === 'zero')
    return f.quantity === 'water' ? T(lang, '水がありません', 'no water left') : T(lang, '残量なし', 'none left');
  if (which === 'critical' && f.quantity === 'water')
    return T(lang, '消防用水を下回っています', 'below the fire reserve');
  return which === 'critical'
    ? T(lang, '危険水準を下回っています', 'below the critical level')
    : T(lang, '注意水準を下回っています', 'below the warning level');
}

/** A level as text: "12月3日 14:00まで" / "until 3 Dec 14:00", reached, or why there is no time. */
export function levelText(
  f: ForecastLike,
  which: 'warning' | 'critical' | 'zero',
  timeZone: string,
  lang: Lang,
  ref_ms?: number,
): string {
  const level = f[which];
  if (!level) return T(lang, '該当なし', 'n/a');
  if (level.reached) return reachedText(f, which, lang);
  if (level.at !== null) return untilText(level.at, timeZone, lang, ref_ms);
  return noTimeText(f, lang);
}

/** Until when the quantity lasts (see lastsUntilLevel), as levelText writes it. */
export function lastsUntilText(f: ForecastLike, timeZone: string, lang: Lang, ref_ms?: number): string {
  return levelText(f, f.quantity === 'water' && f.critical ? 'critical' : 'zero', timeZone, lang, ref_ms);
}

/** "計測 12月3日 14:00:05" / "measured 3 Dec 14:00:05"; "未計測" / "never measured" without a time. */
export function measuredAtText(ts: number | null, timeZone: string, lang: Lang, ref_ms?: number): string {
  if (ts === null) return T(lang, '未計測', 'never measured');
  const at = formatLocalDateTime(ts, timeZone, lang, { seconds: true, ...(ref_ms === undefined ? {} : { ref_ms }) });
  return T(lang, `計測 ${at}`, `measured ${at}`);
}

/** A quantity in a sentence: whole when it is whole or ≥ 100, else one decimal ("60 kW", "40.2 L/h"). */
const n = (x: number, lang: Lang) =>
  formatNumber(x, lang, { digits: Math.abs(x) >= 100 || Number.isInteger(x) ? 0 : 1 });
const pct = (x: number, lang: Lang) => `${formatNumber(x * 100, lang, { digits: 0 })}%`;
const kw = (x: number, lang: Lang) => `${n(x, lang)} kW`;
const list = (xs: readonly number[], lang: Lang) =>
  [...new Set(xs)].map((x) => pct(x, lang)).join(lang === 'ja' ? '・' : '/');

/** Heat autonomy: (stored heat + fuel × boiler efficiency) at the current heat demand. */
export function heatAssumption(
  p: { storage: boolean; boiler_efficiencies: readonly number[]; heat_demand_kw: number | null },
  lang: Lang,
): string {
  const fuel = p.boiler_efficiencies.length > 0;
  const what =
    p.storage && fuel
      ? T(
          lang,
          `蓄熱量＋燃料×ボイラ効率 ${list(p.boiler_efficiencies, lang)}`,
          `stored heat + fuel × boiler efficiency ${list(p.boiler_efficiencies, lang)}`,
        )
      : p.storage
        ? T(lang, '蓄熱量', 'stored heat')
        : T(
            lang,
            `燃料×ボイラ効率 ${list(p.boiler_efficiencies, lang)}`,
            `fuel × boiler efficiency ${list(p.boiler_efficiencies, lang)}`,
          );
  if (p.heat_demand_kw === null || !(p.heat_demand_kw > 0))
    return T(lang, `${what}。現在の熱需要がないため時間は出ません`, `${what}; no current heat demand, so no hours`);
  return T(
    lang,
    `${what}を現在の熱需要 ${kw(p.heat_demand_kw, lang)} で使い切るまで`,
    `${what} at the current heat demand of ${kw(p.heat_demand_kw, lang)}`,
  );
}

/** Fuel hours of one store: at the current, or else rated, fuel rate of the assets it supplies. */
export function fuelAssumption(
  p: { basis: 'current' | 'rated' | null; rate_per_h: number | null; unit: string; supplies: readonly string[] },
  lang: Lang,
): string {
  const fed = p.supplies.join(lang === 'ja' ? '・' : ', ');
  if (!p.supplies.length) return T(lang, '供給先がないため時間は出ません', 'feeds nothing, so no hours');
  if (p.basis === null || p.rate_per_h === null)
    return T(lang, `${fed}の燃料消費量が不明のため時間は出ません`, `fuel rate of ${fed} unknown, so no hours`);
  const rate = `${n(p.rate_per_h, lang)} ${unitText(p.unit, lang)}/${T(lang, '時', 'h')}`;
  return p.basis === 'current'
    ? T(lang, `${fed}の現在の燃料消費 ${rate} で`, `at the current fuel rate of ${fed}: ${rate}`)
    : T(
        lang,
        `${fed}の定格燃料消費 ${rate} で（現在は停止中）`,
        `at the rated fuel rate of ${fed}: ${rate} (not burning now)`,
      );
}

/** Electricity autonomy: (battery + generator fuel × efficiency) at the critical load. */
export function electricityAssumption(
  p: { battery: boolean; generator_efficiencies: readonly number[]; critical_load_kw: number | null },
  lang: Lang,
): string {
  const gen = p.generator_efficiencies.length > 0;
  const what =
    p.battery && gen
      ? T(
          lang,
          `蓄電池＋発電機燃料×発電効率 ${list(p.generator_efficiencies, lang)}`,
          `battery + generator fuel × efficiency ${list(p.generator_efficiencies, lang)}`,
        )
      : p.battery
        ? T(lang, '蓄電池', 'battery')
        : T(
            lang,
            `発電機燃料×発電効率 ${list(p.generator_efficiencies, lang)}`,
            `generator fuel × efficiency ${list(p.generator_efficiencies, lang)}`,
          );
  if (p.critical_load_kw === null || !(p.critical_load_kw > 0))
    return T(
      lang,
      `${what}。重要負荷が未設定のため時間は出ません`,
      `${what}; no critical load configured, so no hours`,
    );
  return T(
    lang,
    `${what}を重要負荷 ${kw(p.critical_load_kw, lang)} で使い切るまで`,
    `${what} at the critical load of ${kw(p.critical_load_kw, lang)}`,
  );
}

/** Living water and person-days: usable water less the fire reserve, at L per person per day. */
export function waterAssumption(
  p: { fire_reserve_m3: number | null; litres_per_person_day: number },
  lang: Lang,
): string {
  const fire = formatNumber(p.fire_reserve_m3 ?? 0, lang, { digits: 0 });
  const lpp = n(p.litres_per_person_day, lang);
  return T(
    lang,
    `利用可能水量から消防用水 ${fire} m³ を除き、1人1日 ${lpp} L で`,
    `usable water less the ${fire} m³ fire reserve, at ${lpp} L per person per day`,
  );
}

/** The order a reserve list is read in: the sites that need attention first (critical, warning, unknown, ok). */
export const RESERVE_STATUS_ORDER: Readonly<Record<'critical' | 'warning' | 'unknown' | 'ok', number>> = {
  critical: 0,
  warning: 1,
  unknown: 2,
  ok: 3,
};

/** Decimals of an autonomy in hours, as the screen shows it: whole hours from 100 h, else one decimal. */
export function hoursDigits(hours: number): number {
  return Math.abs(hours) >= 100 ? 0 : 1;
}
