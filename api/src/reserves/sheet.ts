/**
 * The reserve sheet (DOMAIN §9) as tables, for CSV and XLSX: a summary row per site (status first, as the page
 * lists them) with a totals row where adding up makes sense, and every figure of every site with when it was
 * measured (the site's wall time), its data state, until when it lasts and what it assumes. One model, two files;
 * the words come from `@ems/domain` (the page writes the same), in the sheet's language.
 */
import {
  electricityAssumption,
  fuelAssumption,
  fuelName,
  heatAssumption,
  hoursDigits,
  levelText,
  RESERVE_STATUS_ORDER,
  roundTo,
  timeZoneName,
  unitText,
  waterAssumption,
  type ForecastLike,
  type Measured,
  type RegistryIndex,
  type SiteReserve,
} from '@ems/domain';

export type Lang = 'ja' | 'en';
type Localised = { ja: string; en: string };
const L = (ja: string, en: string): Localised => ({ ja, en });

/** A cell: a number (rounded as the screen rounds it), a text, or an instant written as the site's wall time. */
export type Cell =
  | { kind: 'number'; value: number; digits: number }
  | { kind: 'text'; value: string }
  | { kind: 'time'; ts: number; zone: string }
  | null;

export interface SheetTable {
  headers: string[];
  rows: Cell[][];
  /** Index of a row to set in bold (the totals). */
  boldRows: number[];
}

export interface ReserveSheet {
  title: string;
  /** The zone the generation time is written in (the first site's). */
  zone: string;
  generated: string;
  generated_at: number;
  summary: SheetTable;
  figures: SheetTable;
}

const num = (value: number | null, digits: number): Cell =>
  value === null || !Number.isFinite(value) ? null : { kind: 'number', value: roundTo(value, digits), digits };
const text = (value: string): Cell => ({ kind: 'text', value });
const time = (ts: number | null, zone: string): Cell => (ts === null ? null : { kind: 'time', ts, zone });

const WORDS = {
  none: L('設置なし', 'none installed'),
  unknown: L('不明', 'unknown'),
  live: L('最新', 'live'),
  stale: L('古い（現在値ではない）', 'stale (not current)'),
  configured: L('設定値', 'configured'),
  yes: L('確保', 'kept'),
  no: L('不足', 'not kept'),
  status: {
    ok: L('正常', 'OK'),
    warning: L('注意', 'Warning'),
    critical: L('危険', 'Critical'),
    unknown: L('不明', 'Unknown'),
  },
  reason: {
    stale_data: L('データが古い・未受信', 'stale or missing data'),
    below_fire_reserve: L('消防用水を下回っています', 'below the fire reserve'),
    autonomy_below_critical: L('自立時間が危険水準未満', 'autonomy below the critical level'),
    autonomy_below_warning: L('自立時間が注意水準未満', 'autonomy below the warning level'),
    invalid_thresholds: L('しきい値の設定が不正', 'invalid thresholds'),
  },
  quantity: {
    water: L('水', 'Water'),
    heat: L('熱', 'Heat'),
    fuel: L('燃料', 'Fuel'),
    electricity: L('電力', 'Electricity'),
  },
};

const reasonText = (x: string, lang: Lang): string =>
  (WORDS.reason as Record<string, Localised | undefined>)[x]?.[lang] ?? x;

/** Sites in the order the page lists them: status first (critical, warning, unknown, ok), then by name. */
export function sortByStatus(list: readonly SiteReserve[], lang: Lang): SiteReserve[] {
  return [...list].sort(
    (a, b) =>
      RESERVE_STATUS_ORDER[a.status] - RESERVE_STATUS_ORDER[b.status] || a.name[lang].localeCompare(b.name[lang], lang),
  );
}

const isStale = (m: Measured, at: number) => m.stale || (m.stale_at !== null && m.stale_at <= at);

/** The value of a figure, or why there is none: "none installed" differs from "unknown" (DOMAIN §9). */
function valueCell(m: Measured, installed: boolean, digits: number | ((v: number) => number), lang: Lang): Cell {
  if (!installed) return text(WORDS.none[lang]);
  if (m.value === null) return text(WORDS.unknown[lang]);
  return num(m.value, typeof digits === 'number' ? digits : digits(m.value));
}

function stateCell(m: Measured | null, installed: boolean, at: number, lang: Lang): Cell {
  if (!installed) return text(WORDS.none[lang]);
  if (m === null) return text(WORDS.configured[lang]);
  if (m.value === null) return text(WORDS.unknown[lang]);
  return text((isStale(m, at) ? WORDS.stale : WORDS.live)[lang]);
}

/** Until when: the wall time (a time cell), or what the reserve does instead (reached, steady, unknown). */
function levelCell(f: ForecastLike | null, which: 'warning' | 'critical' | 'zero', zone: string, lang: Lang): Cell {
  if (!f) return text(WORDS.none[lang]);
  const level = f[which];
  if (level && !level.reached && level.at !== null) return time(level.at, zone);
  return text(levelText(f, which, zone, lang));
}

/** Until when the quantity lasts: water until the fire reserve (its living water gone), the others until zero. */
function lastsCell(f: ForecastLike | null, zone: string, lang: Lang): Cell {
  return levelCell(f, f?.quantity === 'water' && f.critical ? 'critical' : 'zero', zone, lang);
}

const heatInstalled = (r: SiteReserve) => r.installed.water || r.fuels.some((f) => f.heat_efficiency !== null);
const elecInstalled = (r: SiteReserve) => r.installed.battery || r.installed.generator;

function assetName(registry: RegistryIndex, site: string, id: string, lang: Lang): string {
  return registry.asset(site, id)?.asset.name[lang] ?? id;
}

function assumptions(r: SiteReserve, registry: RegistryIndex, lang: Lang) {
  const effs = (k: 'heat_efficiency' | 'electric_efficiency') => r.fuels.flatMap((f) => (f[k] === null ? [] : [f[k]]));
  return {
    water: waterAssumption(
      { fire_reserve_m3: r.fire_reserve_m3, litres_per_person_day: r.living_water_l_per_person_day },
      lang,
    ),
    heat: heatAssumption(
      {
        storage: r.installed.water,
        boiler_efficiencies: effs('heat_efficiency'),
        heat_demand_kw: r.heat_demand_kw.value,
      },
      lang,
    ),
    fuel: r.fuels
      .filter((f) => f.supplies.length > 0)
      .map((f) =>
        fuelAssumption(
          {
            basis: f.rate_basis,
            rate_per_h: f.rate_per_h,
            unit: f.contents.unit,
            supplies: f.supplies.map((id) => assetName(registry, r.site, id, lang)),
          },
          lang,
        ),
      )
      .join(lang === 'ja' ? '／' : '; '),
    electricity: electricityAssumption(
      {
        battery: r.installed.battery,
        generator_efficiencies: effs('electric_efficiency'),
        critical_load_kw: r.critical_load_kw,
      },
      lang,
    ),
  };
}

const SUMMARY_HEADERS: Localised[] = [
  L('サイト', 'Site'),
  L('状態', 'Status'),
  L('理由', 'Reasons'),
  L('利用可能水量 (m³)', 'Usable water (m³)'),
  L('生活用水 (人日)', 'Living water (person-days)'),
  L('水の見通し（生活用水が尽きる）', 'Water lasts until (living water gone)'),
  L('水 計測日時', 'Water measured at'),
  L('熱の自立時間 (時間)', 'Heat autonomy (h)'),
  L('蓄熱量 (kWh)', 'Stored heat (kWh)'),
  L('熱の見通し', 'Heat lasts until'),
  L('熱 計測日時', 'Heat measured at'),
  L('燃料の持続時間 (時間)', 'Fuel (h)'),
  L('燃料のエネルギー (kWh)', 'Fuel energy (kWh)'),
  L('燃料の見通し', 'Fuel lasts until'),
  L('燃料 計測日時', 'Fuel measured at'),
  L('電力の持続時間 (時間)', 'Electricity autonomy (h)'),
  L('蓄電量 (kWh)', 'Battery energy (kWh)'),
  L('電力の見通し', 'Electricity lasts until'),
  L('電力 計測日時', 'Electricity measured at'),
  L('タイムゾーン', 'Time zone'),
];

/** The summary: one row per site (status first) and the totals of what adds up (m³, person-days, kWh). */
function summaryTable(list: readonly SiteReserve[], lang: Lang): SheetTable {
  const rows: Cell[][] = [];
  const hrs = (h: number) => hoursDigits(h);
  for (const r of list) {
    const z = r.time_zone;
    const F = r.forecast;
    const heat = heatInstalled(r);
    const elec = elecInstalled(r);
    rows.push([
      text(r.name[lang]),
      text(WORDS.status[r.status][lang]),
      text(r.reasons.map((x) => reasonText(x, lang)).join(lang === 'ja' ? '、' : ', ')),
      valueCell(r.usable_water_m3, r.installed.water, 0, lang),
      valueCell(r.person_days, r.installed.water, 0, lang),
      lastsCell(F.water, z, lang),
      r.installed.water ? time(r.usable_water_m3.measured_at, z) : null,
      valueCell(r.heat_autonomy_h, heat, hrs, lang),
      valueCell(r.stored_heat_kwh, r.installed.water, 0, lang),
      lastsCell(F.heat, z, lang),
      heat ? time(r.heat_autonomy_h.measured_at ?? r.stored_heat_kwh.measured_at, z) : null,
      valueCell(r.fuel_hours, r.installed.fuel, hrs, lang),
      valueCell(r.fuel_energy_kwh, r.installed.fuel, 0, lang),
      lastsCell(F.fuel, z, lang),
      r.installed.fuel ? time(r.fuel_energy_kwh.measured_at, z) : null,
      valueCell(r.electricity_autonomy_h, elec, hrs, lang),
      valueCell(r.battery_kwh, r.installed.battery, 0, lang),
      lastsCell(F.electricity, z, lang),
      elec ? time(r.electricity_autonomy_h.measured_at ?? r.battery_kwh.measured_at, z) : null,
      text(timeZoneName(z, lang)),
    ]);
  }
  const sum = (pick: (r: SiteReserve) => Measured, installed: (r: SiteReserve) => boolean) => {
    const known = list.filter((r) => installed(r) && pick(r).value !== null);
    return known.length ? known.reduce((a, r) => a + pick(r).value!, 0) : null;
  };
  const missing = list.some(
    (r) =>
      (r.installed.water && (r.usable_water_m3.value === null || r.stored_heat_kwh.value === null)) ||
      (r.installed.fuel && r.fuel_energy_kwh.value === null) ||
      (r.installed.battery && r.battery_kwh.value === null),
  );
  const totals: Cell[] = SUMMARY_HEADERS.map(() => null);
  totals[0] = text(
    missing
      ? lang === 'ja'
        ? '合計（不明な値は含みません）'
        : 'Total (unknown values not included)'
      : lang === 'ja'
        ? '合計'
        : 'Total',
  );
  totals[3] = num(
    sum(
      (r) => r.usable_water_m3,
      (r) => r.installed.water,
    ),
    0,
  );
  totals[4] = num(
    sum(
      (r) => r.person_days,
      (r) => r.installed.water,
    ),
    0,
  );
  totals[8] = num(
    sum(
      (r) => r.stored_heat_kwh,
      (r) => r.installed.water,
    ),
    0,
  );
  totals[12] = num(
    sum(
      (r) => r.fuel_energy_kwh,
      (r) => r.installed.fuel,
    ),
    0,
  );
  totals[16] = num(
    sum(
      (r) => r.battery_kwh,
      (r) => r.installed.battery,
    ),
    0,
  );
  rows.push(totals);
  return { headers: SUMMARY_HEADERS.map((h) => h[lang]), rows, boldRows: [rows.length - 1] };
}

const FIGURE_HEADERS: Localised[] = [
  L('サイト', 'Site'),
  L('区分', 'Reserve'),
  L('項目', 'Figure'),
  L('値', 'Value'),
  L('単位', 'Unit'),
  L('計測日時（現地時刻）', 'Measured at (site time)'),
  L('データ', 'Data'),
  L('注意水準まで', 'Until warning level'),
  L('危険水準まで', 'Until critical level'),
  L('ゼロまで', 'Until empty'),
  L('前提', 'Assumes'),
  L('タイムゾーン', 'Time zone'),
];

/** Every figure of every site with its measurement time, data state, until-when and assumption. */
function figuresTable(list: readonly SiteReserve[], registry: RegistryIndex, at: number, lang: Lang): SheetTable {
  const rows: Cell[][] = [];
  for (const r of list) {
    const z = r.time_zone;
    const zone = text(timeZoneName(z, lang));
    const a = assumptions(r, registry, lang);
    const site = text(r.name[lang]);
    const row = (
      q: keyof typeof WORDS.quantity,
      label: string,
      m: Measured | null,
      opts: {
        installed: boolean;
        unit: string;
        digits?: number | ((v: number) => number);
        value?: Cell;
        forecast?: ForecastLike | null;
        assumes?: string;
      },
    ) => {
      const f = opts.forecast;
      rows.push([
        site,
        text(WORDS.quantity[q][lang]),
        text(label),
        opts.value !== undefined
          ? opts.installed
            ? opts.value
            : text(WORDS.none[lang])
          : m
            ? valueCell(m, opts.installed, opts.digits ?? 0, lang)
            : null,
        text(unitText(opts.unit, lang)),
        m && opts.installed ? time(m.measured_at, z) : null,
        stateCell(m, opts.installed, at, lang),
        f === undefined ? null : levelCell(f, 'warning', z, lang),
        f === undefined ? null : levelCell(f, 'critical', z, lang),
        f === undefined ? null : levelCell(f, 'zero', z, lang),
        text(opts.installed ? (opts.assumes ?? '') : ''),
        zone,
      ]);
    };
    const T = (ja: string, en: string) => (lang === 'ja' ? ja : en);
    const hrs = (h: number) => hoursDigits(h);
    const water = r.installed.water;
    row('water', T('利用可能水量', 'Usable water'), r.usable_water_m3, {
      installed: water,
      unit: 'm³',
      forecast: water ? r.forecast.water : null,
    });
    if (water) {
      row('water', T('消防用水', 'Fire reserve'), null, {
        installed: true,
        unit: 'm³',
        value: num(r.fire_reserve_m3, 0),
      });
      row('water', T('消防用水の確保', 'Fire reserve kept'), r.usable_water_m3, {
        installed: true,
        unit: '',
        value: text(
          r.fire_reserve_kept === null ? WORDS.unknown[lang] : (r.fire_reserve_kept ? WORDS.yes : WORDS.no)[lang],
        ),
      });
      row('water', T('生活用水', 'Living water'), r.living_water_m3, { installed: true, unit: 'm³' });
      row('water', T('生活用水（人日）', 'Living water (person-days)'), r.person_days, {
        installed: true,
        unit: 'person-days',
        assumes: a.water,
      });
      row(
        'water',
        T(`対象人口 ${r.population_served} 人で`, `For the ${r.population_served} people served`),
        r.days_for_population,
        {
          installed: true,
          unit: 'd',
          digits: 1,
        },
      );
      for (const t of r.tanks)
        row(
          'water',
          `${assetName(registry, r.site, t.asset, lang)}: ${T('利用可能水量', 'usable water')}`,
          t.usable_water_m3,
          {
            installed: true,
            unit: 'm³',
          },
        );
    }
    const heat = heatInstalled(r);
    row('heat', T('熱の自立時間', 'Heat autonomy'), r.heat_autonomy_h, {
      installed: heat,
      unit: 'h',
      digits: hrs,
      forecast: heat ? r.forecast.heat : null,
      assumes: a.heat,
    });
    if (heat) {
      row('heat', T('蓄熱量', 'Stored heat'), r.stored_heat_kwh, { installed: water, unit: 'kWh' });
      row('heat', T('現在の熱需要', 'Current heat demand'), r.heat_demand_kw, {
        installed: true,
        unit: 'kW',
        digits: 1,
      });
    }
    row('fuel', T('燃料の持続時間', 'Fuel lasts'), r.fuel_hours, {
      installed: r.installed.fuel,
      unit: 'h',
      digits: hrs,
      forecast: r.installed.fuel ? r.forecast.fuel : null,
      assumes: a.fuel,
    });
    if (r.installed.fuel) {
      row('fuel', T('燃料のエネルギー', 'Fuel energy'), r.fuel_energy_kwh, { installed: true, unit: 'kWh' });
      for (const f of r.fuels) {
        const name = `${assetName(registry, r.site, f.asset, lang)} (${fuelName(f.fuel, lang)})`;
        row('fuel', name, f.contents, { installed: true, unit: f.contents.unit, digits: 0 });
        row('fuel', `${name}: ${T('持続時間', 'hours')}`, f.hours, {
          installed: true,
          unit: 'h',
          digits: hrs,
          assumes: fuelAssumption(
            {
              basis: f.rate_basis,
              rate_per_h: f.rate_per_h,
              unit: f.contents.unit,
              supplies: f.supplies.map((id) => assetName(registry, r.site, id, lang)),
            },
            lang,
          ),
        });
      }
    }
    const elec = elecInstalled(r);
    row(
      'electricity',
      T('電力の持続時間（蓄電池＋発電機）', 'Electricity autonomy (battery + generator)'),
      r.electricity_autonomy_h,
      {
        installed: elec,
        unit: 'h',
        digits: hrs,
        forecast: elec ? r.forecast.electricity : null,
        assumes: a.electricity,
      },
    );
    if (elec) {
      row('electricity', T('蓄電池のみの持続時間', 'Battery alone'), r.battery_hours, {
        installed: r.installed.battery,
        unit: 'h',
        digits: hrs,
      });
      row('electricity', T('蓄電量', 'Battery energy'), r.battery_kwh, { installed: r.installed.battery, unit: 'kWh' });
      row('electricity', T('発電機用燃料', 'Generator fuel'), r.generator_fuel_kwh, {
        installed: r.installed.generator,
        unit: 'kWh',
      });
      row('electricity', T('重要負荷', 'Critical load'), null, {
        installed: true,
        unit: 'kW',
        value: r.critical_load_kw === null ? text(T('未設定', 'not configured')) : num(r.critical_load_kw, 1),
      });
    }
  }
  return { headers: FIGURE_HEADERS.map((h) => h[lang]), rows, boldRows: [] };
}

/** The sheet of every site's reserve, in `lang`, sorted status first. */
export function reserveSheet(
  reserves: readonly SiteReserve[],
  registry: RegistryIndex,
  generated_at: number,
  lang: Lang,
): ReserveSheet {
  const list = sortByStatus(reserves, lang);
  const zone = list[0]?.time_zone ?? 'Asia/Tokyo';
  return {
    title: lang === 'ja' ? '防災備蓄 一覧' : 'Resilience reserves',
    generated: lang === 'ja' ? '作成日時' : 'Generated at',
    generated_at,
    summary: summaryTable(list, lang),
    figures: figuresTable(list, registry, generated_at, lang),
    zone,
  };
}
