import { Type, type Static } from '@sinclair/typebox';
import { Alarm, ALARM_ID_PATTERN, AlarmSeveritySchema as AlarmSeverity, ID_PATTERN } from '@ems/domain';

export { Alarm } from '@ems/domain';
export type { Alarm as AlarmBody } from '@ems/domain';

export const AlarmQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('cleared'), Type.Literal('all')], {
        description: 'active, acknowledged, cleared or all (default active)',
      }),
    ),
    site: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'a site id (lower-case letters, digits, _ and -)' }),
    ),
    severity: Type.Optional(AlarmSeverity),
  },
  { additionalProperties: false },
);
export type AlarmQuery = Static<typeof AlarmQuery>;

export const AlarmList = Type.Object({ alarms: Type.Array(Type.Ref(Alarm)) });

export const AlarmParams = Type.Object({
  id: Type.String({
    pattern: ALARM_ID_PATTERN,
    description: 'an alarm id as listed by GET /api/alarms',
  }),
});
