/**
 * One asset's additive quantities per range (a day) of a period, from its buckets: the increase of each energy
 * flow's counter (split at the ranges' edges, DOMAIN §1), or where the counter is missing its rate integrated, with
 * the running/off parts (DOMAIN §3); samples and slots; the gauges its reports read.
 */
import { expectedSamples } from '../calc/quality.ts';
import { hasTrait, moduleOf, runClassOf, type Asset } from '../assets/index.ts';
import type { Flows } from '../assets/types.ts';
import { attributeCounter, type Bucket, type Range } from './buckets.ts';
import type { AssetBuckets } from './types.ts';

export type FlowName = keyof Flows;
const FLOWS: readonly FlowName[] = [
  'heat',
  'electricity_in',
  'electricity_out',
  'fuel',
  'grid_import',
  'grid_export',
  'defrost',
];

export interface GaugeAcc {
  sum: number;
  count: number;
  min: number;
}

/** Additive quantities of one asset over one range. */
export interface AssetAcc {
  received: number;
  slots: number;
  /** kWh (fuel: in its unit) per flow */
  flow: Record<FlowName, number>;
  /** heat and electricity used in running hours; heat in measured hours without running (DOMAIN §3) */
  heat_running: number;
  electricity_in_running: number;
  heat_off: number;
  /** in-plane irradiation, kWh/m² (solar) */
  irradiation: number;
  /** hours below the fire reserve (water reserve) */
  below_h: number;
  resets: number;
  gauges: Record<string, GaugeAcc>;
}

export const emptyAcc = (): AssetAcc => ({
  received: 0,
  slots: 0,
  flow: Object.fromEntries(FLOWS.map((f) => [f, 0])) as Record<FlowName, number>,
  heat_running: 0,
  electricity_in_running: 0,
  heat_off: 0,
  irradiation: 0,
  below_h: 0,
  resets: 0,
  gauges: {},
});

export function addAcc(into: AssetAcc, a: AssetAcc): void {
  for (const k of [
    'received',
    'slots',
    'heat_running',
    'electricity_in_running',
    'heat_off',
    'irradiation',
    'below_h',
    'resets',
  ] as const)
    into[k] += a[k];
  for (const f of FLOWS) into.flow[f] += a.flow[f];
  for (const [g, s] of Object.entries(a.gauges)) {
    const t = (into.gauges[g] ??= { sum: 0, count: 0, min: Infinity });
    t.sum += s.sum;
    t.count += s.count;
    t.min = Math.min(t.min, s.min);
  }
}

export const gaugeMin = (acc: AssetAcc, g: string): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.min : null;
};
export const gaugeMean = (acc: AssetAcc, g: string): number | null => {
  const s = acc.gauges[g];
  return s && s.count > 0 ? s.sum / s.count : null;
};

export interface AssetPlan {
  asset: Asset;
  /** One accumulation per range (day) of the period. */
  byRange: AssetAcc[];
  total: AssetAcc;
  /** Which flows the asset measured in the period (by counter or rate), and irradiance. */
  has: Record<FlowName | 'irradiance', boolean>;
  counterUsed: boolean;
  integrated: boolean;
  /** A water reserve whose fire-reserve flag was seen. */
  reserveSeen: boolean;
}

/** The range (index) holding instant t, by binary search over ordered disjoint ranges; -1 outside them all. */
function rangeOf(ranges: readonly Range[], t: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (t < r.from_ms) hi = mid - 1;
    else if (t >= r.to_ms) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function planAsset(asset: Asset, data: AssetBuckets | undefined, ranges: readonly Range[]): AssetPlan {
  const from_ms = ranges[0]?.from_ms ?? 0;
  const to_ms = ranges.at(-1)?.to_ms ?? 0;
  const buckets = (data?.buckets ?? [])
    .filter((b) => b.start_ms >= from_ms && b.end_ms <= to_ms)
    .slice()
    .sort((a, b) => a.start_ms - b.start_ms);
  const module = moduleOf(asset);
  const interval_h = asset.expected_interval_s / 3600;
  const byRange = ranges.map(emptyAcc);
  const has = Object.fromEntries([...FLOWS, 'irradiance'].map((f) => [f, false])) as AssetPlan['has'];
  let counterUsed = false;
  let integrated = false;
  let reserveSeen = false;
  const classOf = (b: Bucket) => runClassOf(asset, b);
  const accAt = (b: Bucket): AssetAcc | undefined => byRange[rangeOf(ranges, b.start_ms)];

  for (const f of FLOWS) {
    const flow = module.flows[f];
    if (!flow) continue;
    const { shares, present } = attributeCounter(
      flow.counter,
      buckets,
      ranges,
      classOf,
      data?.before?.[flow.counter],
      data?.after?.[flow.counter],
    );
    if (present) {
      has[f] = true;
      counterUsed = true;
      shares.forEach((sh, i) => {
        const a = byRange[i]!;
        a.flow[f] += sh.increase;
        a.resets += sh.resets;
        if (f === 'heat') {
          a.heat_running += sh.running;
          a.heat_off += sh.off;
        } else if (f === 'electricity_in') a.electricity_in_running += sh.running;
      });
      continue;
    }
    if (f === 'defrost') {
      // without a defrost counter: the time integral of the negative samples of the rate (DOMAIN §3)
      for (const b of buckets) {
        const neg = b.gauges[flow.rate]?.neg_sum ?? 0;
        const a = accAt(b);
        if (a && neg < 0) a.flow.defrost += -neg * interval_h;
      }
      has.defrost = true;
      continue;
    }
    if (!buckets.some((b) => (b.gauges[flow.rate]?.count ?? 0) > 0)) continue;
    has[f] = true;
    integrated = true;
    for (const b of buckets) {
      const g = b.gauges[flow.rate];
      const a = accAt(b);
      if (!g || !a) continue;
      // where no counter exists: each sample stands for one expected interval (DOMAIN §1)
      const amount = g.sum * interval_h;
      a.flow[f] += amount;
      const cls = classOf(b);
      if (f === 'heat') {
        if (cls === 'running') a.heat_running += amount;
        else if (cls === 'off') a.heat_off += amount;
      } else if (f === 'electricity_in' && cls === 'running') a.electricity_in_running += amount;
    }
  }

  const solar = hasTrait(asset, 'solar');
  const water = module.reserve?.kind === 'water';
  for (const b of buckets) {
    const a = accAt(b);
    if (!a) continue;
    a.received += b.samples;
    a.slots += b.slots;
    const irr = b.gauges.irradiance_wm2;
    if (solar && irr && irr.count > 0) {
      has.irradiance = true;
      a.irradiation += (irr.sum * interval_h) / 1000; // W/m² · h → kWh/m²
    }
    const kept = b.gauges.fire_reserve_kept;
    if (water && kept && kept.count > 0) {
      reserveSeen = true;
      // each sample below the fire reserve stands for one expected interval
      a.below_h += Math.max(0, kept.count - kept.sum) * interval_h;
    }
    for (const g of module.period_gauges) {
      const s = b.gauges[g];
      if (!s || s.count <= 0 || !Number.isFinite(s.sum)) continue;
      const t = (a.gauges[g] ??= { sum: 0, count: 0, min: Infinity });
      t.sum += s.sum;
      t.count += s.count;
      t.min = Math.min(t.min, s.min);
      if (water) reserveSeen = true;
    }
  }
  // heat reported while off: only the positive part is a fault; defrost is not
  for (const a of byRange) a.heat_off = Math.max(0, a.heat_off);
  const total = emptyAcc();
  for (const a of byRange) addAcc(total, a);
  return { asset, byRange, total, has, counterUsed, integrated, reserveSeen };
}

/** Sum of one asset's accumulations over the ranges with the given indices. */
export function accOver(p: AssetPlan, idx: readonly number[]): AssetAcc {
  if (idx.length === p.byRange.length) return p.total;
  const acc = emptyAcc();
  for (const i of idx) addAcc(acc, p.byRange[i]!);
  return acc;
}

/** Expected-interval slots in the part of [from, to) before now (DOMAIN §10: a current month counts elapsed time). */
export function expectedSlots(from_ms: number, to_ms: number, interval_s: number, now_ms: number | undefined): number {
  return expectedSamples(from_ms, now_ms === undefined ? to_ms : Math.min(to_ms, now_ms), interval_s);
}
