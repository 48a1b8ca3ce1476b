import { resolve } from 'node:path';
import { parseRegistry, RegistryIndex } from '@ems/domain';
import { readConfigFile } from './config-file.ts';

export const REGISTRY_ENV = 'EMS_REGISTRY';
export const DEFAULT_REGISTRY_PATH = 'config/sites.yaml';

/**
 * The registry path: `--registry <file>` (or `--registry=<file>`) on the command line,
 * else $EMS_REGISTRY, else config/sites.yaml under the working directory.
 */
export function registryPath(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf('--registry');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--registry='))?.slice('--registry='.length);
  return resolve(flag || env[REGISTRY_ENV] || DEFAULT_REGISTRY_PATH);
}

/** Reads and validates the registry; throws RegistryError (file, line, path, reason) or a clear I/O error. */
export function loadRegistry(path: string = registryPath()): RegistryIndex {
  const text = readConfigFile(path, 'the registry', `Set ${REGISTRY_ENV} or pass --registry <file>.`);
  return new RegistryIndex(parseRegistry(text, path));
}
