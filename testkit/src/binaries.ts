import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin'];

/**
 * Finds an executable on PATH or in the usual system directories (Debian installs `mosquitto` in /usr/sbin,
 * which is not on every user's PATH). Throws an error naming the install command when it is missing:
 * integration tests must fail loudly, never skip.
 */
export function findBinary(name: string, installCommand: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `The integration tests need the \`${name}\` binary, which was not found on PATH or in ${EXTRA_DIRS.join(', ')}. ` +
      `Install it with: \`${installCommand}\` (as root; \`bash .ci/run\` does this for you).`,
  );
}

export const MOSQUITTO_INSTALL = 'apt-get install -y mosquitto';
export const INFLUXDB_INSTALL = 'apt-get install -y influxdb';
