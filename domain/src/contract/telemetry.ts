import { Type, type Static } from '@sinclair/typebox';
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
  | 'impossible_date'
  | 'timestamp_in_seconds'
  | 'timestamp_too_old'
  | 'timestamp_beyond_retention'
  | 'timestamp_in_future'
  | 'missing_values'
  | 'no_valid_metrics';

export type MetricValue = number | boolean;

/**
 * The telemetry message a device publishes on ems/v1/{site}/{asset}/telemetry (DESIGN §2): one sample, or an
 * array of samples (a device flushing its buffer). validateTelemetry checks it in one pass (with the limits and
 * reasons of DOMAIN §10) rather than through this schema, which documents the shape and gives its type.
 */
export const TelemetrySampleMessage = Type.Object(
  {
    ts: Type.Union([Type.Integer({ description: 'UTC milliseconds' }), Type.String({ description: 'RFC 3339' })]),
    values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()])),
  },
  { $id: 'TelemetrySampleMessage' },
);
export const TelemetryMessage = Type.Union(
  [Type.Ref(TelemetrySampleMessage), Type.Array(Type.Ref(TelemetrySampleMessage))],
  { $id: 'TelemetryMessage' },
);
export type TelemetryMessage = Static<typeof TelemetryMessage>;

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
  /** Samples older than now − retention would be dropped by the database; null: kept forever. */
  retention_ms?: number | null;
}

/**
 * `max_batch` is reachable within `max_payload_bytes`: 5,000 one-metric samples with ms time stamps take
 * about 230 KB of the 256 KiB.
 */
export const DEFAULT_TELEMETRY_LIMITS: TelemetryLimits = {
  max_payload_bytes: 256 * 1024,
  max_batch: 5_000,
  max_future_ms: 5 * 60_000,
  min_ts_ms: 946_684_800_000, // 2000-01-01T00:00:00Z
  retention_ms: null,
};

/**
 * The brokers' packet limit (Mosquitto `max_packet_size`, the embedded broker likewise): the payload limit plus
 * room for the fixed header, topic, packet id and MQTT 5 properties. A bigger publish is refused by the broker
 * (the client is disconnected; an MQTT 5 client is told the limit at connect); everything smaller reaches
 * ingest, which keeps what is over the payload limit as a `payload_too_large` dead letter. Nothing is accepted
 * by the broker and then dropped unrecorded.
 */
export const MQTT_MAX_PACKET_BYTES = DEFAULT_TELEMETRY_LIMITS.max_payload_bytes + 1024;

/** Numbers below this are seconds sent by mistake (10^11 ms is 1973-03-03; 10^11 s is the year 5138). */
export const SECONDS_MISTAKE_BELOW = 1e11;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** ISO text of a time stamp, or the number itself when it is beyond what a Date can hold. */
function iso(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

type ParsedTs =
  { ms: number } | { reason: 'bad_timestamp' | 'impossible_date' | 'timestamp_in_seconds'; detail: string };

/**
 * A time stamp as DOMAIN §10 wants it: integer UTC milliseconds (not seconds), or an RFC 3339 string naming a
 * real instant. `Date.parse` would roll 2025-02-30 over to March 2 and 24:00 to the next day; here every field
 * is checked against the calendar first.
 */
export function parseTimestamp(ts: unknown): ParsedTs {
  if (typeof ts === 'number') {
    if (!Number.isSafeInteger(ts))
      return { reason: 'bad_timestamp', detail: `"ts" must be whole UTC milliseconds, got ${describe(ts)}` };
    if (ts >= 0 && ts < SECONDS_MISTAKE_BELOW)
      return {
        reason: 'timestamp_in_seconds',
        detail: `"ts" ${ts} is below 10^11: seconds instead of milliseconds? (${ts} s would be ${iso(ts * 1000)})`,
      };
    return { ms: ts };
  }
  const m = typeof ts === 'string' ? RFC3339.exec(ts) : null;
  if (!m)
    return {
      reason: 'bad_timestamp',
      detail: `"ts" must be UTC milliseconds or an RFC 3339 string, got ${describe(ts)}`,
    };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetH = m[9] ? Number(m[10]) : 0;
  const offsetM = m[9] ? Number(m[11]) : 0;
  const impossible =
    month < 1 || month > 12
      ? `month ${month}`
      : day < 1 || day > daysInMonth(year, month)
        ? `day ${day} of ${year}-${String(month).padStart(2, '0')}`
        : hour > 23
          ? `hour ${hour}`
          : minute > 59
            ? `minute ${minute}`
            : second > 59
              ? `second ${second}`
              : offsetH > 23 || offsetM > 59
                ? `offset ${m[9]}${m[10]}:${m[11]}`
                : null;
  if (impossible)
    return { reason: 'impossible_date', detail: `"ts" ${describe(ts)} names no real instant: ${impossible}` };
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  date.setUTCHours(hour, minute, second, Number((m[7] ?? '').slice(0, 3).padEnd(3, '0')));
  const sign = m[9] === '-' ? -1 : 1;
  return { ms: date.getTime() - sign * (offsetH * 60 + offsetM) * 60_000 };
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

function meetsOneAlternative(required: readonly (readonly string[])[], values: Record<string, MetricValue>): boolean {
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
  const parsed = parseTimestamp(item.ts);
  if ('reason' in parsed) return parsed;
  const ts_ms = parsed.ms;
  if (ts_ms < limits.min_ts_ms)
    return {
      reason: 'timestamp_too_old',
      detail: `time stamp ${iso(ts_ms)} is before ${iso(limits.min_ts_ms)}`,
    };
  if (limits.retention_ms != null && ts_ms < now_ms - limits.retention_ms)
    return {
      reason: 'timestamp_beyond_retention',
      detail: `time stamp ${iso(ts_ms)} is older than the retention period (${Math.round(limits.retention_ms / 86_400_000)} d)`,
    };
  if (ts_ms > now_ms + limits.max_future_ms)
    return {
      reason: 'timestamp_in_future',
      detail: `time stamp ${iso(ts_ms)} is ${Math.round((ts_ms - now_ms) / 1000)} s ahead of the receiver's clock (at most ${limits.max_future_ms / 1000} s allowed)`,
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
  if (required && required.length > 0 && !meetsOneAlternative(required, values)) {
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
