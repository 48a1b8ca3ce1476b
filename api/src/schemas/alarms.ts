import { Type, type Static } from '@sinclair/typebox';
import { LocalisedText } from './common.ts';

const ID = '^[a-z0-9][a-z0-9_-]{0,62}$';

export const AlarmSeverity = Type.Union([Type.Literal('warning'), Type.Literal('critical')]);
export const AlarmStateSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('acknowledged'),
  Type.Literal('cleared'),
]);

export const Alarm = Type.Object(
  {
    id: Type.String({ description: '{site}.{asset}.{rule}.{triggered_at}' }),
    site: Type.String(),
    asset: Type.String({ description: 'asset id, or "site" for site-wide rules' }),
    rule: Type.String(),
    severity: AlarmSeverity,
    state: AlarmStateSchema,
    value: Type.Union([Type.Number(), Type.Null()]),
    message: Type.Ref(LocalisedText),
    triggered_at: Type.Integer(),
    acknowledged_by: Type.Union([Type.String(), Type.Null()]),
    acknowledged_at: Type.Union([Type.Integer(), Type.Null()]),
    cleared_at: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'Alarm' },
);
export type AlarmBody = Static<typeof Alarm>;

export const AlarmQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('cleared'), Type.Literal('all')], {
        description: 'active, acknowledged, cleared or all (default active)',
      }),
    ),
    site: Type.Optional(Type.String({ pattern: ID, description: 'a site id (lower-case letters, digits, _ and -)' })),
    severity: Type.Optional(AlarmSeverity),
  },
  { additionalProperties: false },
);
export type AlarmQuery = Static<typeof AlarmQuery>;

export const AlarmList = Type.Object({ alarms: Type.Array(Type.Ref(Alarm)) });

export const AlarmParams = Type.Object({
  id: Type.String({
    pattern: '^[a-z0-9][a-z0-9_-]{0,62}\\.[a-z0-9][a-z0-9_-]{0,62}\\.[a-z0-9][a-z0-9_-]{0,62}\\.\\d{1,16}$',
    description: 'an alarm id as listed by GET /api/alarms',
  }),
});
