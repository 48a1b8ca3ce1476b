/**
 * Fault injection on published samples: sensor faults (stuck value, spike, dropout, flipped sign, counter reset)
 * and deliberately malformed payloads (truncated JSON, strings for numbers, negative flow, time stamp in the
 * future, unknown metric). Every injected fault is logged so tests can tell injected from physical behaviour.
 */
import { metricSpec, type Asset } from '@ems/domain';
import type { MetricValues } from './devices/types.ts';
import type { Rng } from './random.ts';
import type { ScenarioConfig } from './scenarios.ts';

export const SENSOR_FAULT_KINDS = ['stuck', 'spike', 'dropout', 'flip', 'reset'] as const;
export type SensorFaultKind = (typeof SENSOR_FAULT_KINDS)[number];

export const MALFORMED_KINDS = [
  'truncated_json',
  'string_values',
  'negative_flow',
  'future_ts',
  'unknown_metric',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

export interface FaultEvent {
  ts_ms: number;
  site: string;
  asset: string;
  metric: string;
  kind: SensorFaultKind;
  /** Samples it lasts (1 for spikes and resets). */
  samples: number;
}

interface ActiveFault {
  metric: string;
  kind: Exclude<SensorFaultKind, 'reset'>;
  remaining: number;
  held?: number | boolean;
}

export class SensorFaults {
  readonly log: FaultEvent[] = [];
  private readonly active = new Map<string, ActiveFault[]>();
  /** Counter offsets after injected resets, per `site/asset/metric`. */
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly cfg: ScenarioConfig['sensorFaults'],
    private readonly enabled: boolean,
    private readonly rng: Rng,
  ) {}

  /** Applies running faults (and counter offsets) to a sample's values; may start a new fault. */
  apply(site: string, asset: Asset, ts_ms: number, values: MetricValues): MetricValues {
    const key = `${site}/${asset.id}`;
    const out: MetricValues = { ...values };
    for (const [name, value] of Object.entries(out)) {
      const offset = this.offsets.get(`${key}/${name}`);
      if (offset !== undefined && typeof value === 'number') out[name] = Math.round((value - offset) * 1000) / 1000;
    }
    if (!this.enabled) return out;
    if (this.rng.chance(this.cfg.probability)) this.start(site, asset, ts_ms, out);
    const faults = this.active.get(key) ?? [];
    for (const f of faults) {
      if (!(f.metric in out)) continue;
      const v = out[f.metric]!;
      switch (f.kind) {
        case 'stuck':
          if (f.held === undefined) f.held = v;
          out[f.metric] = f.held;
          break;
        case 'dropout':
          delete out[f.metric];
          break;
        case 'spike':
          if (typeof v === 'number') out[f.metric] = Math.round(v * this.rng.uniform(4, 12) * 1000) / 1000 + 1000;
          break;
        case 'flip':
          if (typeof v === 'number') out[f.metric] = -v;
          break;
      }
      f.remaining--;
    }
    this.active.set(
      key,
      faults.filter((f) => f.remaining > 0),
    );
    return out;
  }

  private start(site: string, asset: Asset, ts_ms: number, values: MetricValues): void {
    const names = Object.keys(values);
    if (names.length === 0) return;
    const metric = this.rng.pick(names);
    const kind = metricSpec(asset, metric)?.kind ?? 'gauge';
    const key = `${site}/${asset.id}`;
    let fault: SensorFaultKind;
    if (kind === 'counter')
      fault = this.rng.chance(this.cfg.reset_share * 3) ? 'reset' : this.rng.pick(['stuck', 'dropout'] as const);
    else if (kind === 'flag') fault = this.rng.pick(['stuck', 'dropout'] as const);
    else fault = this.rng.pick(['stuck', 'spike', 'dropout', 'flip'] as const);
    if (fault === 'reset') {
      // a meter replaced or reset: it counts from zero again
      const value = values[metric];
      if (typeof value !== 'number') return;
      const k = `${key}/${metric}`;
      this.offsets.set(k, (this.offsets.get(k) ?? 0) + value);
      values[metric] = 0;
      // a stuck or missing reading of the old meter ends with it
      this.active.set(
        key,
        (this.active.get(key) ?? []).filter((f) => f.metric !== metric),
      );
      this.log.push({ ts_ms, site, asset: asset.id, metric, kind: 'reset', samples: 1 });
      return;
    }
    const samples = fault === 'spike' ? 1 : this.rng.int(3, 60);
    const list = this.active.get(key) ?? [];
    list.push({ metric, kind: fault, remaining: samples });
    this.active.set(key, list);
    this.log.push({ ts_ms, site, asset: asset.id, metric, kind: fault, samples });
  }
}

const CENTURY_MS = 100 * 365.25 * 86_400_000;

/** A payload that must fail validation, built from a real sample. */
export function malformedPayload(kind: MalformedKind, ts_ms: number, values: MetricValues, rng: Rng): string {
  switch (kind) {
    case 'truncated_json': {
      const text = JSON.stringify({ ts: ts_ms, values });
      return text.slice(0, rng.int(1, Math.max(1, text.length - 2)));
    }
    case 'string_values':
      return JSON.stringify({
        ts: ts_ms,
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
      });
    case 'negative_flow':
      return JSON.stringify({ ts: ts_ms, values: { flow_m3h: -Math.round(rng.uniform(1, 500) * 100) / 100 } });
    case 'future_ts':
      return JSON.stringify({ ts: ts_ms + CENTURY_MS, values });
    case 'unknown_metric':
      return JSON.stringify({ ts: ts_ms, values: { [`bogus_${rng.int(1, 99)}_reading`]: rng.uniform(0, 100) } });
  }
}
