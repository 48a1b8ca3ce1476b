import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import type { Static, TObject } from '@sinclair/typebox';

/** A setting that cannot be used: names the variable, its value and what is expected. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Reads settings from environment variables against a TypeBox object schema whose keys are the
 * variable names: applies defaults, converts strings to numbers/booleans, and fails naming each bad variable.
 * `NAME_FILE` (the Docker-secrets convention) reads NAME from that file, trimmed, when NAME itself is not set.
 */
export function readSettings<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const file = env[`${key}_FILE`];
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
    else if (file) {
      try {
        raw[key] = readFileSync(file, 'utf8').trim();
      } catch (e) {
        throw new SettingsError(
          `Invalid environment settings:\n  ${key}_FILE=${JSON.stringify(file)}: cannot read it (${(e as Error).message})`,
        );
      }
    }
  }
  const value = Value.Convert(schema, Value.Default(schema, raw));
  if (Value.Check(schema, value)) return value as Static<T>;
  const problems = [...Value.Errors(schema, value)].map((e) => {
    const name = e.path.slice(1);
    const description = (schema.properties[name] as { description?: string } | undefined)?.description;
    return `  ${name}=${JSON.stringify(raw[name])}: ${e.message}${description ? ` (${description})` : ''}`;
  });
  throw new SettingsError(`Invalid environment settings:\n${problems.join('\n')}`);
}
