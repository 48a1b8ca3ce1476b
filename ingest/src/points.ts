import { Point, escape } from '@influxdata/influxdb-client';
import {
  LATE_MEASUREMENT,
  REJECTED_MEASUREMENT,
  REJECTED_PAYLOAD_MAX_CHARS,
  STATUS_MEASUREMENT,
  TAG_ASSET,
  TAG_SITE,
  flagToInt,
  type AssetType,
  type Derived,
  type DeviceStatus,
  type TelemetrySample,
} from '@ems/domain';
import { LineBuffer } from './line-buffer.ts';

/**
 * Line protocol for `/write?precision=ms`, always escaped by the client library (`Point`, or its `escape` for
 * the cached pieces of sample lines), never by ours.
 * `Point` passes a number time stamp through unchanged but would stamp a missing one with the current time
 * in nanoseconds, so every point here gets an explicit integer ms time stamp.
 */
const msTime = {
  convertTime: (value: string | number | Date | undefined): string | undefined => {
    if (typeof value === 'number') return String(Math.floor(value));
    if (value instanceof Date) return String(value.getTime());
    return value;
  },
};

function toLine(point: Point): string {
  const line = point.toLineProtocol(msTime);
  if (line === undefined) throw new Error(`point without fields: ${point.toString()}`);
  return line;
}

/**
 * The spool separates lines by `\n`, and a quoted string field may not hold a raw line break, so control
 * characters of untrusted text are stored as `\u00XX` escapes before `Point` escapes quotes and backslashes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
export function storableText(text: string, maxChars: number = REJECTED_PAYLOAD_MAX_CHARS): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  return cut.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The start of every sample line of one asset, `<type>,asset=<asset>,site=<site> ` (tags in key order), escaped
 * by the client library's `escape` once per asset and kept as bytes.
 */
export function samplePrefix(type: AssetType, site: string, asset: string): Buffer {
  const tags = `${escape.tag(TAG_ASSET)}=${escape.tag(asset)},${escape.tag(TAG_SITE)}=${escape.tag(site)}`;
  return Buffer.from(`${escape.measurement(type)},${tags} `, 'utf8');
}

/**
 * `<key>=` escaped once per field name. Names are the metrics of the asset-type modules (validated) and their
 * derived values, so the cache is bounded by the domain; it stops growing at FIELD_KEYS_MAX all the same.
 */
const fieldKeys = new Map<string, Buffer>();
const FIELD_KEYS_MAX = 10_000;
function fieldKey(name: string): Buffer {
  let key = fieldKeys.get(name);
  if (key === undefined) {
    key = Buffer.from(`${escape.tag(name)}=`, 'utf8');
    if (fieldKeys.size < FIELD_KEYS_MAX) fieldKeys.set(name, key);
  }
  return key;
}

const COMMA = 44;
const SPACE = 32;
const ONE_I = Buffer.from('1i');
const ZERO_I = Buffer.from('0i');

/** A field as `Point` writes it: numbers as floats (String(n)), flags as 0/1 integers; non-finite numbers throw. */
function writeField(out: LineBuffer, name: string, value: number | boolean): void {
  out.bytes(fieldKey(name));
  if (typeof value === 'boolean') out.bytes(flagToInt(value) === 1 ? ONE_I : ZERO_I);
  else if (Number.isFinite(value)) out.number(value);
  else throw new Error(`invalid float value for field '${name}': ${value}`);
}

/**
 * One accepted sample, appended to `out`: `prefix` (samplePrefix), fields = metrics + derived values (a derived
 * value replaces a metric of the same name), the ms time stamp, newline.
 */
export function writeSampleLine(out: LineBuffer, prefix: Uint8Array, sample: TelemetrySample, derived: Derived): void {
  out.bytes(prefix);
  const values = sample.values;
  const more = derived.derived;
  let fields = 0;
  for (const name in values) {
    if (Object.hasOwn(more, name)) continue;
    if (fields++ > 0) out.byte(COMMA);
    writeField(out, name, values[name]!);
  }
  for (const name in more) {
    if (fields++ > 0) out.byte(COMMA);
    writeField(out, name, more[name]!);
  }
  if (fields === 0) throw new Error(`sample without fields at ${sample.ts_ms}`);
  out.byte(SPACE);
  out.integer(Math.floor(sample.ts_ms));
  out.end();
}

/** One accepted sample as a line of text (without its newline): measurement = asset type, tags site/asset. */
export function samplePointLine(
  type: AssetType,
  site: string,
  asset: string,
  sample: TelemetrySample,
  derived: Derived,
): string {
  const out = new LineBuffer(256);
  writeSampleLine(out, samplePrefix(type, site, asset), sample, derived);
  return out.view().toString('utf8', 0, out.length - 1);
}

/** A device status change (MQTT status topic or last will). */
export function statusPointLine(site: string, asset: string, status: DeviceStatus, ts_ms: number): string {
  return toLine(
    new Point(STATUS_MEASUREMENT)
      .tag(TAG_SITE, site)
      .tag(TAG_ASSET, asset)
      .intField('online', status === 'online' ? 1 : 0)
      .timestamp(ts_ms),
  );
}

export interface RejectedRecord {
  /** Only ids that passed the id pattern become tags; anything else is kept in the `topic` field. */
  site?: string;
  asset?: string;
  /** The message's main reason (the most frequent of `counts`): the `reason` tag. */
  reason: string;
  /** Rejections of this message by reason (samples of a batch, metrics of a sample, or the message itself). */
  counts: ReadonlyMap<string, number>;
  payload: string;
  detail: string;
  topic?: string;
  ts_ms: number;
}

/**
 * A dead-letter record, one per rejected message: tags site, asset, reason (the main one); fields `count` (all
 * rejections of the message), `count_<reason>` per reason, payload (stored once, cut to
 * REJECTED_PAYLOAD_MAX_CHARS, `truncated` then 1), detail, topic.
 */
export function rejectedPointLine(record: RejectedRecord): string {
  const point = new Point(REJECTED_MEASUREMENT).tag('reason', record.reason);
  if (record.site) point.tag(TAG_SITE, record.site);
  if (record.asset) point.tag(TAG_ASSET, record.asset);
  let total = 0;
  for (const [reason, n] of record.counts) {
    point.intField(`count_${reason}`, n);
    total += n;
  }
  point
    .intField('count', total)
    .stringField('payload', storableText(record.payload))
    .intField('truncated', flagToInt(record.payload.length > REJECTED_PAYLOAD_MAX_CHARS))
    .stringField('detail', storableText(record.detail, 500));
  if (record.topic !== undefined) point.stringField('topic', storableText(record.topic, 300));
  return toLine(point.timestamp(record.ts_ms));
}

/** Site and asset tags of a line this module built (ids match `[a-z0-9_-]`, so they are never escaped). */
export function lineTags(line: string): { measurement: string; site?: string; asset?: string } {
  const measurement = /^[^,\s]*/.exec(line)?.[0] ?? '';
  const site = /,site=([a-z0-9_-]+)[, ]/.exec(line)?.[1];
  const asset = /,asset=([a-z0-9_-]+)[, ]/.exec(line)?.[1];
  return { measurement, ...(site ? { site } : {}), ...(asset ? { asset } : {}) };
}

/**
 * A mark that samples of `type` at `site` reached `hour` after it was rolled up (DESIGN §4, domain
 * `isLateForRollup`): the api rolls that hour up again. Time = when it is written, so the api reads marks in order.
 */
export function lateMarkLine(site: string, type: string, hour_ms: number, now_ms: number): string {
  return toLine(
    new Point(LATE_MEASUREMENT)
      .tag(TAG_SITE, site)
      .tag('type', type)
      .tag('hour', String(hour_ms))
      .intField('n', 1)
      .timestamp(now_ms),
  );
}
