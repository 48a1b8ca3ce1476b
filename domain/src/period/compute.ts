/**
 * Period figures (DESIGN §6) from per-asset buckets: daily rows in the site's time zone, month rows, period totals,
 * the assets' figures, the factors used and remarks. All formulas are the calc functions (DOMAIN §1–§10); the
 * steps live in accumulate.ts (per asset and day), site-figures.ts, asset-figures.ts, factors.ts and notes.ts.
 */
import { safeRatio } from '../calc/num.ts';
import { NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024 } from '../calc/primary-energy.ts';
import { hoursInPeriod } from '../calc/pv.ts';
import { dayRanges } from '../calc/time.ts';
import type { FuelSpecEntry, Site } from '../registry/schema.ts';
import { planAsset, type AssetPlan } from './accumulate.ts';
import { assetFigures } from './asset-figures.ts';
import { factorLookup, factorsUsed } from './factors.ts';
import { periodNotes } from './notes.ts';
import { siteFigures, type SiteFigureContext } from './site-figures.ts';
import type { AlarmCount, AssetBuckets } from './types.ts';
import type { DayRow, MonthRow, PeriodResult } from './schemas.ts';

export { NATIONAL_AVERAGE_SOURCE } from './factors.ts';

export interface PeriodInput {
  site: Site;
  /** Fuel table after overrides (RegistryIndex.fuel). */
  fuel: (fuelId: string) => FuelSpecEntry;
  from_ms: number;
  to_ms: number;
  /** Buckets per asset id; assets without an entry had no data. */
  assets: Readonly<Partial<Record<string, AssetBuckets>>>;
  alarms?: readonly AlarmCount[];
  /** Alarm severities always listed (with 0). */
  severities?: readonly string[];
  /** When the figures are computed: completeness counts only the part of the period before it. Default: no limit. */
  now_ms?: number;
}

/** Daily rows (local calendar days of the site) and totals over [from_ms, to_ms). */
export function computePeriod(input: PeriodInput): PeriodResult {
  return periodCore(input).result;
}

/**
 * computePeriod, plus one row per local calendar month the period touches: each month's figures are computed
 * from its days' additive quantities exactly as the totals are from all days (ratios from summed energies).
 */
export function computePeriodByMonth(input: PeriodInput): { result: PeriodResult; months: MonthRow[] } {
  const core = periodCore(input);
  const groups = new Map<string, number[]>();
  core.days.forEach((d, i) => {
    const month = d.date.slice(0, 7);
    const g = groups.get(month);
    if (g) g.push(i);
    else groups.set(month, [i]);
  });
  const months: MonthRow[] = [...groups].map(([month, idx]) => {
    const from = core.days[idx[0]!]!.from_ms;
    const to = core.days[idx.at(-1)!]!.to_ms;
    const fig = siteFigures(core.ctx, idx, core.alarmsIn(from, to));
    return { month, from_ms: from, to_ms: to, has_data: fig.received_samples > 0, ...fig };
  });
  return { result: core.result, months };
}

function periodCore(input: PeriodInput): {
  result: PeriodResult;
  ctx: SiteFigureContext;
  days: ReturnType<typeof dayRanges>;
  alarmsIn: (a: number, b: number) => Record<string, number>;
} {
  const { site, from_ms, to_ms } = input;
  const days = dayRanges(from_ms, to_ms, site.time_zone);
  const plans: AssetPlan[] = site.assets.map((asset) => planAsset(asset, input.assets[asset.id], days));
  const severities = input.severities ?? ['warning', 'critical'];
  const alarmsIn = (a: number, b: number): Record<string, number> => {
    const out: Record<string, number> = Object.fromEntries(severities.map((s) => [s, 0]));
    for (const al of input.alarms ?? [])
      if (al.ts_ms >= a && al.ts_ms < b) out[al.severity] = (out[al.severity] ?? 0) + al.count;
    return out;
  };
  const ctx: SiteFigureContext = {
    site,
    fuel: input.fuel,
    now_ms: input.now_ms,
    plans,
    ranges: days,
    factorsOn: factorLookup(site),
  };
  const dayRows: DayRow[] = days.map((d, i) => {
    const fig = siteFigures(ctx, [i], alarmsIn(d.from_ms, d.to_ms));
    return { date: d.date, from_ms: d.from_ms, to_ms: d.to_ms, has_data: fig.received_samples > 0, ...fig };
  });
  const totals = siteFigures(
    ctx,
    days.map((_, i) => i),
    alarmsIn(from_ms, to_ms),
  );
  const hours = hoursInPeriod(from_ms, to_ms);
  const assets = plans.map((p) =>
    assetFigures({ from_ms, to_ms, now_ms: input.now_ms, hours, fuel: input.fuel }, p, p.total),
  );
  const factors = factorsUsed(site, input.fuel, days.length ? days : [{ from_ms }]);
  const ratio =
    totals.plant_primary_cop === null
      ? null
      : safeRatio(totals.plant_primary_cop, NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024);
  const result: PeriodResult = {
    site: site.id,
    site_name: { ja: site.name.ja, en: site.name.en },
    time_zone: site.time_zone,
    from_ms,
    to_ms,
    has_data: totals.received_samples > 0,
    notes: periodNotes(totals, assets, factors),
    totals,
    primary: {
      plant_primary_cop: totals.plant_primary_cop,
      national_average: NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
      ratio_to_national_average: ratio,
      above_national_average:
        totals.plant_primary_cop === null ? null : totals.plant_primary_cop >= NATIONAL_AVERAGE_DHC_PRIMARY_COP_FY2024,
    },
    assets,
    days: dayRows,
    factors,
  };
  return { result, ctx, days, alarmsIn };
}
