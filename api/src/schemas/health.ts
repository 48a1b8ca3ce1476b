import { Type } from '@sinclair/typebox';

const Conn = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('disabled')]);

export const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    uptime_s: Type.Number(),
    mqtt: Conn,
    influxdb: Conn,
    time: Type.Integer(),
  },
  { $id: 'Health' },
);
