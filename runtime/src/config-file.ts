import { readFileSync } from 'node:fs';

/** A configuration file that cannot be read: names the file, why, and how to point at another one. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/**
 * The text of a configuration file (registry, users, …). `what` names it in the message ("the registry"),
 * `hint` says how to choose another file ("Set EMS_USERS.").
 */
export function readConfigFile(path: string, what: string, hint: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new ConfigFileError(`Cannot read ${what} ${path}: ${why}. ${hint}`);
  }
}
