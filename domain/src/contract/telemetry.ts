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

/** `obj[key] = value` that makes "__proto__" an own property too, never a prototype write. */
function setOwn<V>(obj: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The sample's `rejected` when nothing was: shared, so frozen. */
const NOTHING_REJECTED: Record<string, MetricRejectReason> = Object.freeze({}) as Record<string, MetricRejectReason>;

function validateSample(
  asset: Asset,
  item: unknown,
  now_ms: number,
  limits: TelemetryLimits,
): TelemetrySample | { reason: MessageRejectReason; detail: string } {
  if (!isPlainObject(item))
    return { reason: 'not_an_object', detail: `expected {"ts", "values"}, got ${describe(item)}` };
  let ts_ms: number;
  const ts = item.ts;
  if (typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= SECONDS_MISTAKE_BELOW) ts_ms = ts;
  else {
    const parsed = parseTimestamp(ts);
    if ('reason' in parsed) return parsed;
    ts_ms = parsed.ms;
  }
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
  const raw = item.values;
  if (!isPlainObject(raw))
    return { reason: 'missing_values', detail: `"values" must be an object of metrics, got ${describe(raw)}` };

  // One pass over the metrics, no copies while every metric is valid as sent: then the object JSON.parse made
  // is the sample's values. The first metric that is renamed (alias), converted (0/1 flag) or rejected starts
  // a copy of the ones before it. Keys are set with setOwn: "__proto__" becomes an own property.
  const aliases = METRIC_ALIASES[asset.type];
  let values: Record<string, MetricValue> | undefined;
  let rejected: Record<string, MetricRejectReason> | undefined;
  let kept = 0;
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    const name = aliases !== undefined && Object.hasOwn(aliases, key) ? aliases[key]! : key;
    const result = validateMetric(asset, name, value);
    if (values === undefined && (typeof result === 'string' || name !== key || result !== value))
      values = copyBefore(raw as Record<string, MetricValue>, key);
    if (typeof result === 'string') setOwn((rejected ??= {}), key, result);
    else {
      kept++;
      if (values !== undefined) setOwn(values, name, result);
    }
  }
  values ??= raw as Record<string, MetricValue>;
  const required = REQUIRED_METRICS[asset.type];
  if (required && required.length > 0 && !meetsOneAlternative(required, values)) {
    for (const m of required[0]!)
      if (!Object.hasOwn(values, m) && !(rejected && Object.hasOwn(rejected, m)))
        setOwn((rejected ??= {}), m, 'missing');
  }
  if (kept === 0)
    return {
      reason: 'no_valid_metrics',
      detail: `no valid metric in ${describe(raw)}: ${Object.entries(rejected ?? {})
        .map(([k, r]) => `${k} ${r}`)
        .join(', ')}`,
    };
  return { ts_ms, values, rejected: rejected ?? NOTHING_REJECTED };
}

/** The own properties of `raw` before `stop` (all of them valid as sent), in a new object. */
function copyBefore(raw: Record<string, MetricValue>, stop: string): Record<string, MetricValue> {
  const copy: Record<string, MetricValue> = {};
  for (const key in raw) {
    if (key === stop) break;
    if (Object.hasOwn(raw, key)) setOwn(copy, key, raw[key]!);
  }
  return copy;
}

/** Receives what visitTelemetry finds, in payload order. */
export interface TelemetryVisitor {
  /** An accepted sample (its rejected metrics in `rejected`). */
  sample(sample: TelemetrySample): void;
  /** A rejected message or sample of a batch. */
  rejection(rejection: MessageRejection): void;
}

/**
 * validateTelemetry without the result arrays: each accepted sample and each rejection goes to `visitor` as it
 * is found (ingest's hot path). Same checks, reasons and details. An accepted sample whose metrics are all valid
 * as sent keeps the object JSON.parse made as its `values`, and shares one frozen empty `rejected`.
 */
export function visitTelemetry(
  asset: Asset,
  payload: string,
  now_ms: number,
  limits: TelemetryLimits,
  visitor: TelemetryVisitor,
): void {
  if (payload.length > limits.max_payload_bytes)
    return visitor.rejection({
      index: null,
      reason: 'payload_too_large',
      detail: `payload of ${payload.length} bytes exceeds ${limits.max_payload_bytes}`,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch (e) {
    return visitor.rejection({
      index: null,
      reason: 'invalid_json',
      detail: `not valid JSON: ${(e as Error).message.slice(0, 120)}`,
    });
  }
  if (!Array.isArray(parsed)) {
    const sample = validateSample(asset, parsed, now_ms, limits);
    if ('reason' in sample) visitor.rejection({ index: null, reason: sample.reason, detail: sample.detail });
    else visitor.sample(sample);
    return;
  }
  if (parsed.length === 0)
    return visitor.rejection({ index: null, reason: 'empty_batch', detail: 'a batch must hold at least one sample' });
  if (parsed.length > limits.max_batch)
    return visitor.rejection({
      index: null,
      reason: 'batch_too_large',
      detail: `batch of ${parsed.length} samples exceeds ${limits.max_batch}`,
    });
  for (let i = 0; i < parsed.length; i++) {
    const sample = validateSample(asset, parsed[i], now_ms, limits);
    if ('reason' in sample) visitor.rejection({ index: i, reason: sample.reason, detail: sample.detail });
    else visitor.sample(sample);
  }
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
  const result: TelemetryResult = { samples: [], rejections: [] };
  visitTelemetry(asset, payload, now_ms, limits, {
    sample: (sample) => result.samples.push(sample),
    rejection: (rejection) => result.rejections.push(rejection),
  });
  return result;
}
