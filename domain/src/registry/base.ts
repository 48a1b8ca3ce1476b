/** Building blocks of the registry schema shared by the site schema and the asset-type modules. */
import { Type, type Static } from '@sinclair/typebox';
import { FUEL_IDS } from '../calc/fuels.ts';

/** Site and asset ids, also MQTT topic segments (DESIGN §2). The one definition of what an id may be. */
const ID_BODY = '[a-z0-9][a-z0-9_-]{0,62}';
export const ID_PATTERN = `^${ID_BODY}$`;
/** An alarm id: `{site}.{asset}.{rule}.{triggered_at}` (alarms/engine.ts alarmId). */
export const ALARM_ID_PATTERN = `^${ID_BODY}\\.${ID_BODY}\\.${ID_BODY}\\.\\d{1,16}$`;
export const ID_REGEXP = new RegExp(ID_PATTERN);
export const Id = Type.String({
  pattern: ID_PATTERN,
  description: 'lower-case id: a-z, 0-9, _ and -, 1–63 characters',
});

export const LocalisedName = Type.Object(
  { ja: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type LocalisedName = Static<typeof LocalisedName>;

export const FuelIdSchema = Type.Union(FUEL_IDS.map((f) => Type.Literal(f)));

export const Positive = (description?: string) =>
  Type.Number({ exclusiveMinimum: 0, ...(description ? { description } : {}) });
export const NonNegative = (description?: string) =>
  Type.Number({ minimum: 0, ...(description ? { description } : {}) });

/** Fields every asset of the registry has, whatever its type. */
export const assetCommon = {
  id: Id,
  name: LocalisedName,
  expected_interval_s: Type.Number({ exclusiveMinimum: 0, default: 10 }),
};
