import { ID_PATTERN } from '../registry/schema.ts';

export const TOPIC_ROOT = 'ems/v1';
export const TOPIC_KINDS = ['telemetry', 'status', 'state'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

const idPattern = new RegExp(ID_PATTERN);

export interface TopicAddress {
  site: string;
  asset: string;
  kind: TopicKind;
}

export function isValidId(id: string): boolean {
  return idPattern.test(id);
}

export function buildTopic(site: string, asset: string, kind: TopicKind): string {
  if (!isValidId(site)) throw new RangeError(`invalid site id "${site}"`);
  if (!isValidId(asset)) throw new RangeError(`invalid asset id "${asset}"`);
  return `${TOPIC_ROOT}/${site}/${asset}/${kind}`;
}

export type TopicParse = { ok: true; address: TopicAddress } | { ok: false; reason: 'bad_topic'; detail: string };

export function parseTopic(topic: string): TopicParse {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT)
    return { ok: false, reason: 'bad_topic', detail: `expected ${TOPIC_ROOT}/{site}/{asset}/{kind}` };
  const [, , site, asset, kind] = parts as [string, string, string, string, string];
  if (!isValidId(site)) return { ok: false, reason: 'bad_topic', detail: 'site id does not match ' + ID_PATTERN };
  if (!isValidId(asset)) return { ok: false, reason: 'bad_topic', detail: 'asset id does not match ' + ID_PATTERN };
  if (!(TOPIC_KINDS as readonly string[]).includes(kind))
    return { ok: false, reason: 'bad_topic', detail: `unknown kind "${kind}"` };
  return { ok: true, address: { site, asset, kind: kind as TopicKind } };
}

/** Subscription filter for every asset's topic of a kind, optionally in an MQTT 5 shared-subscription group. */
export function subscriptionFilter(kind: TopicKind, sharedGroup?: string): string {
  const filter = `${TOPIC_ROOT}/+/+/${kind}`;
  if (!sharedGroup) return filter;
  if (!isValidId(sharedGroup)) throw new RangeError(`invalid shared subscription group "${sharedGroup}"`);
  return `$share/${sharedGroup}/${filter}`;
}

export const DEVICE_STATUS = ['online', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUS)[number];

/** `online` | `offline`, or `{"status": "online" | "offline", "ts": …}` (both accepted in v1, DESIGN §2). */
export function parseStatus(payload: string): DeviceStatus | null {
  const text = payload.trim();
  if ((DEVICE_STATUS as readonly string[]).includes(text)) return text as DeviceStatus;
  if (!text.startsWith('{') || text.length > 1024) return null;
  try {
    const value: unknown = JSON.parse(text);
    const status = (value as { status?: unknown } | null)?.status;
    return typeof status === 'string' && (DEVICE_STATUS as readonly string[]).includes(status)
      ? (status as DeviceStatus)
      : null;
  } catch {
    return null;
  }
}

/** The MQTT user name of a device: each device authenticates as itself and writes only under its own prefix. */
export function deviceUsername(site: string, asset: string): string {
  return `${site}.${asset}`;
}

/**
 * Signed-out sessions, shared between API processes: one retained message per revoked session (payload
 * `{"sid": …, "expires_ms": …}`), cleared (empty retained message) once the session would have expired anyway.
 * The first level after the root starts with "_", which no site id can, so it never meets a device topic.
 */
export const SESSION_REVOCATION_ROOT = `${TOPIC_ROOT}/_api/revoked`;
export const SESSION_REVOCATION_FILTER = `${SESSION_REVOCATION_ROOT}/+`;

/** A session id (random, base64url): the last level of its revocation topic. */
export const SESSION_ID_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
const sessionIdRegExp = new RegExp(SESSION_ID_PATTERN);

export function sessionRevocationTopic(sid: string): string {
  if (!sessionIdRegExp.test(sid)) throw new RangeError('invalid session id');
  return `${SESSION_REVOCATION_ROOT}/${sid}`;
}
