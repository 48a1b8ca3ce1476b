import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import mqttMatch from 'mqtt-match';
import { deviceUsername, SESSION_REVOCATION_FILTER, TOPIC_ROOT, type RegistryIndex } from '@ems/domain';

/**
 * MQTT device credentials and topic ACLs in Mosquitto's own file formats, so one pair of files configures
 * Mosquitto (docker-compose, production) and the embedded demo broker alike.
 * Password file lines: `user:$7$<iterations>$<salt base64>$<PBKDF2-SHA512 hash base64>` (mosquitto_passwd 2.x).
 */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

export function hashMqttPassword(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const hash = pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, 'sha512');
  return `$7$${ITERATIONS}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyMqttPassword(password: string, encoded: string): boolean {
  const parts = encoded.split('$');
  // ['', '7', iterations, salt, hash]
  if (parts.length !== 5 || parts[1] !== '7') return false;
  const iterations = Number(parts[2]);
  const salt = Buffer.from(parts[3]!, 'base64');
  const expected = Buffer.from(parts[4]!, 'base64');
  if (!Number.isInteger(iterations) || iterations < 1 || expected.length === 0) return false;
  const actual = pbkdf2Sync(password, salt, iterations, expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}

export class MqttAuthFileError extends Error {
  override name = 'MqttAuthFileError';
}

export function parsePasswordFile(text: string, source: string): Map<string, string> {
  const users = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0 || !line.slice(colon + 1).startsWith('$7$'))
      throw new MqttAuthFileError(
        `${source}:${i + 1}: expected "username:$7$…" (a mosquitto_passwd 2.x hash); hash plain passwords with "mosquitto_passwd -U ${source}" or "npm run mqtt:credentials"`,
      );
    users.set(line.slice(0, colon), line.slice(colon + 1));
  });
  return users;
}

type Access = 'read' | 'write' | 'readwrite';
interface AclRule {
  access: Access;
  pattern: string;
  /** `pattern` lines substitute %u (username) and %c (client id). */
  substitute: boolean;
}

/** A Mosquitto ACL file: `user <name>`, `topic [read|write|readwrite] <filter>`, `pattern [access] <filter>`. */
export class MqttAcl {
  private constructor(
    private readonly anonymous: AclRule[],
    private readonly perUser: Map<string, AclRule[]>,
    private readonly patterns: AclRule[],
  ) {}

  static parse(text: string, source: string): MqttAcl {
    const anonymous: AclRule[] = [];
    const perUser = new Map<string, AclRule[]>();
    const patterns: AclRule[] = [];
    let current = anonymous;
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const [keyword, ...rest] = line.split(/\s+/);
      const fail = (why: string) => new MqttAuthFileError(`${source}:${i + 1}: ${why}: "${line}"`);
      if (keyword === 'user') {
        if (rest.length !== 1) throw fail('expected "user <name>"');
        current = perUser.get(rest[0]!) ?? [];
        perUser.set(rest[0]!, current);
        return;
      }
      if (keyword !== 'topic' && keyword !== 'pattern') throw fail('expected "user", "topic" or "pattern"');
      const access: Access = rest.length === 2 ? (rest[0] as Access) : 'readwrite';
      const pattern = rest.length === 2 ? rest[1]! : rest[0];
      if (!pattern || rest.length > 2 || !['read', 'write', 'readwrite'].includes(access))
        throw fail(`expected "${keyword} [read|write|readwrite] <topic filter>"`);
      const rule = { access, pattern, substitute: keyword === 'pattern' };
      if (keyword === 'pattern') patterns.push(rule);
      else current.push(rule);
    });
    return new MqttAcl(anonymous, perUser, patterns);
  }

  private allowed(username: string | undefined, clientId: string, topic: string, need: 'read' | 'write'): boolean {
    const rules = username === undefined ? this.anonymous : (this.perUser.get(username) ?? []);
    const grants = (rule: AclRule, pattern: string) =>
      (rule.access === need || rule.access === 'readwrite') && mqttMatch(pattern, topic);
    if (rules.some((r) => grants(r, r.pattern))) return true;
    return this.patterns.some((r) => {
      // Like Mosquitto, refuse substitution of names that would act as wildcards or extra levels.
      if (/[+#/]/.test(username ?? '') || /[+#/]/.test(clientId)) return false;
      return grants(r, r.pattern.replace(/%u/g, username ?? '').replace(/%c/g, clientId));
    });
  }

  canPublish(username: string | undefined, clientId: string, topic: string): boolean {
    return this.allowed(username, clientId, topic, 'write');
  }

  /** A subscription filter is allowed when an ACL filter with read access covers it (wildcards included). */
  canSubscribe(username: string | undefined, clientId: string, filter: string): boolean {
    const shared = /^\$share\/[^/]+\/(.+)$/.exec(filter);
    return this.allowed(username, clientId, shared ? shared[1]! : filter, 'read');
  }
}

/**
 * Client ids are bound to accounts (DESIGN §9): an authenticated client's id is its user name, so that no account
 * can take over another's session (a clean start with ingest's id would discard ingest's queued messages).
 * Mosquitto: `use_username_as_clientid true` on the listener replaces whatever id the client sends by its user
 * name. The embedded broker refuses a connection whose id is not its user name (CONNACK "identifier rejected").
 * Consequence: one connection per account — each ingest or api process needs its own account.
 */
export function clientIdMatchesAccount(username: string, clientId: string): boolean {
  return clientId === username;
}

export const SERVICE_ACCOUNTS = {
  ingest: 'ems-ingest',
  api: 'ems-api',
} as const;

/**
 * Service accounts for `instances` processes of each service: `ems-ingest`, `ems-ingest-2`, … (client ids are bound
 * to accounts, so every ingest or api process needs its own).
 */
export function serviceAccounts(instances = 1): { ingest: string[]; api: string[] } {
  const numbered = (base: string) =>
    Array.from({ length: Math.max(1, instances) }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`));
  return { ingest: numbered(SERVICE_ACCOUNTS.ingest), api: numbered(SERVICE_ACCOUNTS.api) };
}

/**
 * The ACL for a registry: each device may write only its own telemetry and status; ingest reads telemetry and
 * status, and is the only account that writes state (it reads it back to learn what it published before); the
 * API reads everything under the topic root and writes sign-outs.
 */
export function aclForRegistry(registry: RegistryIndex, instances = 1): string {
  const accounts = serviceAccounts(instances);
  const lines = [
    '# Generated from the registry by `npm run mqtt:credentials`; every device writes only under its own prefix.',
    '# Client ids are bound to accounts (use_username_as_clientid): one account per connection.',
  ];
  for (const user of accounts.ingest)
    lines.push(
      `user ${user}`,
      `topic read ${TOPIC_ROOT}/+/+/telemetry`,
      `topic read ${TOPIC_ROOT}/+/+/status`,
      `topic readwrite ${TOPIC_ROOT}/+/+/state`,
      '',
    );
  for (const user of accounts.api)
    lines.push(`user ${user}`, `topic read ${TOPIC_ROOT}/#`, `topic write ${SESSION_REVOCATION_FILTER}`, '');
  for (const { site, asset } of registry.allAssets()) {
    lines.push(`user ${deviceUsername(site.id, asset.id)}`);
    lines.push(`topic write ${TOPIC_ROOT}/${site.id}/${asset.id}/telemetry`);
    lines.push(`topic write ${TOPIC_ROOT}/${site.id}/${asset.id}/status`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Password file text for the given plain passwords (username → password). */
export function passwordFileFor(passwords: ReadonlyMap<string, string>): string {
  return [...passwords].map(([user, password]) => `${user}:${hashMqttPassword(password)}`).join('\n') + '\n';
}
