import { Point } from '@influxdata/influxdb-client';
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

/**
 * Line protocol for `/write?precision=ms`, always built with `Point` (its escaping, never ours).
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

function addFields(point: Point, fields: Record<string, number | boolean>): void {
  for (const key in fields) {
    const value = fields[key]!;
    if (typeof value === 'boolean') point.intField(key, flagToInt(value));
    else point.floatField(key, value);
  }
}

/** One accepted sample: measurement = asset type, tags site/asset, fields = metrics + derived values. */
export function samplePointLine(
  type: AssetType,
  site: string,
  asset: string,
  sample: TelemetrySample,
  derived: Derived,
): string {
  const point = new Point(type).tag(TAG_SITE, site).tag(TAG_ASSET, asset);
  addFields(point, sample.values);
  addFields(point, derived.derived);
  return toLine(point.timestamp(sample.ts_ms));
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
