import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../schemas/common.ts';
import { ReserveList } from '../../schemas/live.ts';

const reserves: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reserves'],
        summary:
          "Every site's resilience reserve: water, fire reserve, living water, stored heat, fuel, battery, autonomy",
        response: { 200: ReserveList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => {
      const now = fastify.liveModel.now();
      return {
        reserves: fastify.registry.allSites().map((s) => fastify.liveModel.site(s.id, now)!.reserve),
        generated_at: now,
      };
    },
  );
};

export default reserves;
