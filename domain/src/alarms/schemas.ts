/** Wire shape of an alarm (REST and the live stream). */
import { Type, type Static } from '@sinclair/typebox';
import { LocalisedText, Nullable } from '../wire/common.ts';

export const AlarmSeveritySchema = Type.Union([Type.Literal('warning'), Type.Literal('critical')]);
export const AlarmStateSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('acknowledged'),
  Type.Literal('cleared'),
]);

export const Alarm = Type.Object(
  {
    /** `{site}.{asset}.{rule}.{triggered_at}`: deterministic, URL-safe. */
    id: Type.String({ description: '{site}.{asset}.{rule}.{triggered_at}' }),
    site: Type.String(),
    /** Asset id, or `site` for site-wide rules. */
    asset: Type.String({ description: 'asset id, or "site" for site-wide rules' }),
    rule: Type.String(),
    severity: AlarmSeveritySchema,
    state: AlarmStateSchema,
    value: Nullable(Type.Number()),
    message: Type.Ref(LocalisedText),
    triggered_at: Type.Integer(),
    acknowledged_by: Nullable(Type.String()),
    acknowledged_at: Nullable(Type.Integer()),
    cleared_at: Nullable(Type.Integer()),
  },
  { $id: 'Alarm' },
);
export type Alarm = Static<typeof Alarm>;
export type AlarmSeverity = Static<typeof AlarmSeveritySchema>;
export type AlarmState = Static<typeof AlarmStateSchema>;
