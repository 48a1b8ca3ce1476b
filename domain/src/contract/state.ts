import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ASSET_TYPES } from '../registry/schema.ts';

const MetricValues = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));

/** Normalised state, retained on ems/v1/{site}/{asset}/state (DESIGN §2). */
export const StatePayload = Type.Object({
  ts: Type.Integer({ description: 'device time stamp, UTC ms' }),
  received_ms: Type.Integer({ description: 'when ingest received it, UTC ms' }),
  type: Type.Union(ASSET_TYPES.map((t) => Type.Literal(t))),
  values: MetricValues,
  derived: MetricValues,
  rejected: Type.Record(Type.String(), Type.String()),
  faults: Type.Array(Type.String()),
});
export type StatePayload = Static<typeof StatePayload>;

/** Parses a state message, never trusting its shape. */
export function parseStatePayload(text: string): StatePayload | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return Value.Check(StatePayload, value) ? value : null;
}
