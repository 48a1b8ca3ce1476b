import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../errors.ts';
import { parseWindow } from '../../params.ts';
import { ErrorBody, SiteParams } from '../../schemas/common.ts';
import { PERIOD_SCHEMAS } from '@ems/domain';
import { analyticsSchemas, KpiQuery, PeriodKpis } from '../../schemas/analytics.ts';

const Err = Type.Object(ErrorBody.properties);

const kpis: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const s of [...PERIOD_SCHEMAS, ...analyticsSchemas]) if (!fastify.getSchema(s.$id!)) fastify.addSchema(s);
  fastify.get(
    '/:site/kpis',
    {
      config: { access: 'read' },
      schema: {
        summary: 'KPIs of a site over a window: energy, COP, plant primary-energy COP, CO2, PV, reserve, completeness',
        tags: ['analytics'],
        params: SiteParams,
        querystring: Type.Object(KpiQuery.properties, { additionalProperties: false }),
        response: { 200: Type.Ref(PeriodKpis), 400: Err, 401: Err, 403: Err, 404: Err, 503: Err },
      },
    },
    async (req) => {
      const site = fastify.registry.site(req.params.site);
      if (!site) throw notFound(`There is no site "${req.params.site}" in the registry.`);
      const { from_ms, to_ms } = parseWindow(req.query, {
        zone: site.time_zone,
        max_ms: fastify.settings.MAX_WINDOW_DAYS * 86_400_000,
      });
      return fastify.analytics.kpis(site.id, from_ms, to_ms);
    },
  );
};
export default kpis;
