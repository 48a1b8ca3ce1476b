import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Prometheus metrics at /metrics: needs a user or API token unless METRICS_PUBLIC=true. */
const metrics: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/metrics',
    { schema: { hide: true }, config: { public: fastify.settings.METRICS_PUBLIC } },
    async (_req, reply) => {
      reply.type(fastify.metrics.registry.contentType);
      return fastify.metrics.registry.metrics();
    },
  );
};

export default metrics;
