/**
 * Writes the MQTT password file and ACL for the registry's devices and the services, in Mosquitto's formats
 * (the embedded demo broker reads the same files).
 *
 *   npm run mqtt:credentials -- --out <dir> [--passwords <user:password file>] [--registry <file>] [--instances <n>]
 *
 * Client ids are bound to accounts (one connection per account), so `--instances n` writes n accounts per service:
 * ems-ingest, ems-ingest-2 … and ems-api, ems-api-2 … for several ingest or api processes.
 * Without --passwords it generates a random password per account and writes them in plain text to
 * <dir>/passwords.txt (mode 600) for provisioning the devices; keep that file secret.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRegistry, registryPath } from '@ems/runtime';
import { deviceUsername } from '@ems/domain';
import { aclForRegistry, passwordFileFor, serviceAccounts } from './mqtt-auth.ts';

export function readPlainPasswords(file: string): Map<string, string> {
  const map = new Map<string, string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`${file}:${i + 1}: expected "username:password"`);
      map.set(line.slice(0, colon), line.slice(colon + 1));
    });
  return map;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      passwords: { type: 'string' },
      registry: { type: 'string' },
      instances: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.out) {
    console.log(
      'usage: npm run mqtt:credentials -- --out <dir> [--passwords <user:password file>] [--registry <file>] [--instances <n>]',
    );
    process.exit(values.help ? 0 : 2);
  }
  const registry = loadRegistry(values.registry ? resolve(values.registry) : registryPath());
  const instances = Number(values.instances ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 100) {
    console.error(`--instances must be a whole number from 1 to 100, got "${values.instances}"`);
    process.exit(2);
  }
  const services = serviceAccounts(instances);
  const accounts = [
    ...services.ingest,
    ...services.api,
    ...[...registry.allAssets()].map(({ site, asset }) => deviceUsername(site.id, asset.id)),
  ];
  const given = values.passwords ? readPlainPasswords(values.passwords) : new Map<string, string>();
  const passwords = new Map(accounts.map((a) => [a, given.get(a) ?? randomBytes(18).toString('base64url')]));
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'passwd'), passwordFileFor(passwords), { mode: 0o600 });
  writeFileSync(join(out, 'acl'), aclForRegistry(registry, instances), { mode: 0o644 });
  if (!values.passwords) {
    const plain = join(out, 'passwords.txt');
    writeFileSync(plain, [...passwords].map(([u, p]) => `${u}:${p}`).join('\n') + '\n', { mode: 0o600 });
    chmodSync(plain, 0o600);
  }
  const missing = accounts.filter((a) => values.passwords && !given.has(a));
  console.log(`wrote ${join(out, 'passwd')} (${accounts.length} accounts) and ${join(out, 'acl')}`);
  if (missing.length)
    console.log(`generated passwords for accounts missing from ${values.passwords}: ${missing.join(', ')}`);
  if (!values.passwords) console.log(`plain passwords for provisioning: ${join(out, 'passwords.txt')} (keep secret)`);
}

main();
