import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, notFound } from '../../errors.ts';
import { Alarm, AlarmList, AlarmParams, AlarmQuery } from '../../schemas/alarms.ts';
import { ErrorBody } from '../../schemas/common.ts';

const alarms: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alarms'],
        summary: 'Alarms in memory (open ones and recently cleared), newest first; default state=active',
        querystring: AlarmQuery,
        response: { 200: AlarmList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      if (req.query.site && !fastify.registry.site(req.query.site))
        throw notFound(`There is no site "${req.query.site}" in the registry.`);
      return { alarms: fastify.alarms.list(req.query) };
    },
  );

  fastify.post(
    '/:id/acknowledge',
    {
      config: { access: 'operate' },
      schema: {
        tags: ['alarms'],
        summary: 'Acknowledge an active alarm (operator or admin); records who and when',
        params: AlarmParams,
        response: { 200: Alarm, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => {
      const result = fastify.alarms.acknowledge(req.params.id, req.principal!.user);
      if (!result.ok && result.reason === 'not_found') throw notFound(`There is no alarm "${req.params.id}".`);
      if (!result.ok)
        throw new ApiError(
          409,
          `Alarm "${req.params.id}" has cleared already; there is nothing to acknowledge.`,
          'conflict',
        );
      return result.alarm;
    },
  );
};

export default alarms;
