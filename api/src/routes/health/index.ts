import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '../../schemas/health.ts';

const started = Date.now();

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      config: { access: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness and the state of the MQTT and InfluxDB connections (public)',
        security: [],
        response: { 200: Health },
      },
    },
    async () => {
      const mqtt = fastify.connections.mqtt();
      const influxdb = fastify.connections.influx();
      return {
        status: mqtt === 'down' || influxdb === 'down' ? ('degraded' as const) : ('ok' as const),
        uptime_s: Math.round((Date.now() - started) / 1000),
        mqtt,
        influxdb,
        time: Date.now(),
      };
    },
  );
};

export default health;
