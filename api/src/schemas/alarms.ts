import { Type, type Static } from '@sinclair/typebox';
import { Alarm, AlarmSeveritySchema as AlarmSeverity } from '@ems/domain';

const ID = '^[a-z0-9][a-z0-9_-]{0,62}$';

export { Alarm } from '@ems/domain';
export type { Alarm as AlarmBody } from '@ems/domain';

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
