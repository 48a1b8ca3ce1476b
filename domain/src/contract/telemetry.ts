import type { Asset } from '../registry/schema.ts';
import { METRIC_ALIASES, REQUIRED_METRICS, metricBound, metricSpec } from './metrics.ts';

/** Why one metric of a sample was rejected; the rest of the sample is kept. */
export type MetricRejectReason =
  'unknown_metric' | 'not_a_number' | 'not_boolean' | 'negative' | 'below_min' | 'above_max' | 'missing';

/** Why a whole message (or one sample of a batch) was rejected. */
export type MessageRejectReason =
  | 'bad_topic'
  | 'unknown_site'
  | 'unknown_asset'
  | 'payload_too_large'
  | 'invalid_json'
  | 'not_an_object'
  | 'empty_batch'
  | 'batch_too_large'
  | 'bad_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'missing_values'
  | 'no_valid_metrics';

export type MetricValue = number | boolean;

export interface TelemetrySample {
  ts_ms: number;
  values: Record<string, MetricValue>;
  rejected: Record<string, MetricRejectReason>;
}

export interface MessageRejection {
  /** Index in a batch, or null for the message as a whole. */
  index: number | null;
  reason: MessageRejectReason;
  detail: string;
}

export interface TelemetryResult {
  samples: TelemetrySample[];
  rejections: MessageRejection[];
}

export interface TelemetryLimits {
  max_payload_bytes: number;
  max_batch: number;
  /** How far ahead of the receiver's clock a device clock may be. */
  max_future_ms: number;
  /** Earliest accepted time stamp (UTC ms). */
  min_ts_ms: number;
}

export const DEFAULT_TELEMETRY_LIMITS: TelemetryLimits = {
  max_payload_bytes: 256 * 1024,
  max_batch: 10_000,
  max_future_ms: 5 * 60_000,
  min_ts_ms: 946_684_800_000, // 2000-01-01T00:00:00Z
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseTs(ts: unknown): number | null {
  if (typeof ts === 'number') return Number.isInteger(ts) ? ts : null;
  if (typeof ts === 'string' && RFC3339.test(ts)) {
    const ms = Date.parse(ts);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Array.isArray(v) ? '[…]' : typeof v; // too deep to print
  }
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

function validateMetric(asset: Asset, name: string, raw: unknown): MetricValue | MetricRejectReason {
  const spec = metricSpec(asset, name);
  if (!spec) return 'unknown_metric';
  if (spec.kind === 'flag') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 0 || raw === 1) return raw === 1;
    return 'not_boolean';
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return 'not_a_number';
  const min = metricBound(spec.min, asset);
  const max = metricBound(spec.max, asset);
  if (min !== undefined && raw < min) return min === 0 ? 'negative' : 'below_min';
  if (max !== undefined && raw > max) return 'above_max';
  return raw;
}

function meetsOneAlternative(required: string[][], values: Record<string, MetricValue>): boolean {
  for (const alternative of required) {
    let all = true;
    for (const m of alternative) if (!Object.hasOwn(values, m)) all = false;
    if (all) return true;
  }
  return false;
}

function validateSample(
  asset: Asset,
  item: unknown,
  now_ms: number,
  limits: TelemetryLimits,
): TelemetrySample | { reason: MessageRejectReason; detail: string } {
  if (!isPlainObject(item))
    return { reason: 'not_an_object', detail: `expected {"ts", "values"}, got ${describe(item)}` };
  const ts_ms = parseTs(item.ts);
  if (ts_ms === null)
    return {
      reason: 'bad_timestamp',
      detail: `"ts" must be UTC milliseconds or an RFC 3339 string, got ${describe(item.ts)}`,
    };
  if (ts_ms < limits.min_ts_ms)
    return { reason: 'timestamp_too_old', detail: `time stamp ${new Date(ts_ms).toISOString()} is before 2000` };
  if (ts_ms > now_ms + limits.max_future_ms)
    return {
      reason: 'timestamp_in_future',
      detail: `time stamp ${ts_ms} is ${Math.round((ts_ms - now_ms) / 1000)} s ahead of the receiver's clock`,
    };
  if (!isPlainObject(item.values))
    return { reason: 'missing_values', detail: `"values" must be an object of metrics, got ${describe(item.values)}` };

  const aliases = METRIC_ALIASES[asset.type] ?? {};
  // Maps, then Object.fromEntries: a key such as "__proto__" becomes an own property, never a prototype write.
  const kept = new Map<string, MetricValue>();
  const refused = new Map<string, MetricRejectReason>();
  for (const [key, raw] of Object.entries(item.values)) {
    const name = Object.hasOwn(aliases, key) ? aliases[key]! : key;
    const result = validateMetric(asset, name, raw);
    if (typeof result === 'string') refused.set(key, result);
    else kept.set(name, result);
  }
  const values: Record<string, MetricValue> = Object.fromEntries(kept);
  const rejected: Record<string, MetricRejectReason> = Object.fromEntries(refused);
  const required = REQUIRED_METRICS[asset.type];
  if (required && !meetsOneAlternative(required, values)) {
    for (const m of required[0]!) if (!Object.hasOwn(values, m) && !Object.hasOwn(rejected, m)) rejected[m] = 'missing';
  }
  if (Object.keys(values).length === 0)
    return {
      reason: 'no_valid_metrics',
      detail: `no valid metric in ${describe(item.values)}: ${Object.entries(rejected)
        .map(([k, r]) => `${k} ${r}`)
        .join(', ')}`,
    };
  return { ts_ms, values, rejected };
}

function rejectMessage(reason: MessageRejectReason, detail: string): TelemetryResult {
  return { samples: [], rejections: [{ index: null, reason, detail }] };
}

/**
 * Validates a telemetry payload (one sample or a batch) for an asset from the registry.
 * Keeps every valid metric and reports each rejected metric, sample or message with its reason.
 */
export function validateTelemetry(
  asset: Asset,
  payload: string,
  now_ms: number,
  limits: TelemetryLimits = DEFAULT_TELEMETRY_LIMITS,
): TelemetryResult {
  if (payload.length > limits.max_payload_bytes)
    return rejectMessage('payload_too_large', `payload of ${payload.length} bytes exceeds ${limits.max_payload_bytes}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (e) {
    return rejectMessage('invalid_json', `not valid JSON: ${(e as Error).message.slice(0, 120)}`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return rejectMessage('empty_batch', 'a batch must hold at least one sample');
    if (parsed.length > limits.max_batch)
      return rejectMessage('batch_too_large', `batch of ${parsed.length} samples exceeds ${limits.max_batch}`);
  }
  const result: TelemetryResult = { samples: [], rejections: [] };
  const batch = Array.isArray(parsed);
  for (let i = 0; i < items.length; i++) {
    const sample = validateSample(asset, items[i], now_ms, limits);
    if ('reason' in sample)
      result.rejections.push({ index: batch ? i : null, reason: sample.reason, detail: sample.detail });
    else result.samples.push(sample);
  }
  return result;
}
