import { Value } from '@sinclair/typebox/value';
import type { Static, TObject } from '@sinclair/typebox';

/** A setting that cannot be used: names the variable, its value and what is expected. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Reads settings from environment variables against a TypeBox object schema whose keys are the
 * variable names: applies defaults, converts strings to numbers/booleans, and fails naming each bad variable.
 */
export function readSettings<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  const value = Value.Convert(schema, Value.Default(schema, raw));
  if (Value.Check(schema, value)) return value as Static<T>;
  const problems = [...Value.Errors(schema, value)].map((e) => {
    const name = e.path.slice(1);
    const description = (schema.properties[name] as { description?: string } | undefined)?.description;
    return `  ${name}=${JSON.stringify(raw[name])}: ${e.message}${description ? ` (${description})` : ''}`;
  });
  throw new SettingsError(`Invalid environment settings:\n${problems.join('\n')}`);
}
