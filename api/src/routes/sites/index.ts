import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../errors.ts';
import { AssetParams, ErrorBody, SiteParams } from '../../schemas/common.ts';
import { SiteDetail, SiteList } from '../../schemas/live.ts';
import { Series, SeriesQuery } from '../../schemas/series.ts';
import { toDetail, toSummary } from '../../live/views.ts';
import { querySeries } from '../../series/query.ts';
import kpis from './kpis.ts';

const sites: FastifyPluginAsyncTypebox = async (fastify) => {
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
  await fastify.register(kpis);

  fastify.get(
    '',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sites'],
        summary: 'Every site of the registry with its live summary: data state, KPIs, reserve status, active alarms',
        response: { 200: SiteList, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => {
      const now = fastify.liveModel.now();
      return {
        sites: fastify.registry
          .allSites()
          .map((s) => toSummary(fastify.liveModel.site(s.id, now)!, fastify.alarms.activeCount(s.id))),
        generated_at: now,
      };
    },
  );

  fastify.get(
    '/:site',
    {
      config: { access: 'read' },
      schema: {
        tags: ['sites'],
        summary:
          'A site: registry (assets with names, type, parameters) plus the live state of each asset, KPIs and reserve',
        params: SiteParams,
        response: { 200: SiteDetail, ...errors },
      },
    },
    async (req) => {
      const live = fastify.liveModel.site(req.params.site);
      if (!live) throw notFound(`There is no site "${req.params.site}" in the registry.`);
      return toDetail(live, fastify.alarms.activeCount(live.site.id));
    },
  );

  fastify.get(
    '/:site/assets/:asset/series',
    {
      config: { access: 'read' },
      schema: {
        tags: ['history'],
        summary:
          'Downsampled history of metrics of an asset (mean for gauges, last for counters); 503 when InfluxDB is down',
        params: AssetParams,
        querystring: SeriesQuery,
        response: { 200: Series, ...errors, 503: ErrorBody },
      },
    },
    async (req) => {
      const ref = fastify.registry.asset(req.params.site, req.params.asset);
      if (!fastify.registry.site(req.params.site))
        throw notFound(`There is no site "${req.params.site}" in the registry.`);
      if (!ref) throw notFound(`Site "${req.params.site}" has no asset "${req.params.asset}".`);
      return querySeries(fastify.influx, ref, req.query, {
        now_ms: Date.now(),
        max_points: fastify.settings.MAX_POINTS_PER_SERIES,
        max_window_ms: fastify.settings.MAX_WINDOW_DAYS * 86_400_000,
      });
    },
  );
};

export default sites;
