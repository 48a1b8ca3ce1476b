import { ASSET_MODULES, type AssetType, type MetricValue } from '@ems/domain';

/**
 * The module's example sample, varied by `i` so that successive samples differ: counters advance by `i`,
 * gauges move by up to 9 % (staying within the limits the example respects), flags stay.
 */
export function sampleValues(type: AssetType, i: number): Record<string, MetricValue> {
  const m = ASSET_MODULES[type];
  const metrics: Record<string, { kind: string }> = m.metrics;
  const vary = (name: string, v: MetricValue): MetricValue => {
    if (typeof v !== 'number') return v;
    if (metrics[name]?.kind === 'counter') return v + i;
    return Math.round(v * (1 - (i % 10) / 100) * 1000) / 1000;
  };
  return Object.fromEntries(Object.entries(m.example.sample).map(([name, v]) => [name, vary(name, v)]));
}
