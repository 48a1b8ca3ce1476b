import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Prometheus metrics at /metrics: needs the metrics scope (an admin, or a token with it) unless METRICS_PUBLIC=true. */
const metrics: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    { schema: { hide: true }, config: { access: fastify.settings.METRICS_PUBLIC ? 'public' : 'metrics' } },
    async (_req, reply) => {
      reply.type(fastify.metrics.registry.contentType);
      return fastify.metrics.registry.metrics();
    },
  );
};

export default metrics;
