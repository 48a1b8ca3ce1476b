import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { badRequest } from '../../errors.ts';
import { ErrorBody, SiteParams } from '../../schemas/common.ts';
import { analyticsSchemas, KpiQuery, PeriodKpis } from '../../schemas/analytics.ts';

/** Longest window a KPI request may span. */
export const MAX_KPI_RANGE_MS = 731 * 86_400_000;

const Err = Type.Object(ErrorBody.properties);

/** ISO 8601 (with a zone or Z) or UTC milliseconds; throws a 400 with a sentence otherwise. */
export function parseInstant(name: string, text: string): number {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) {
    const ms = Number(t);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw badRequest(
    `"${name}" must be an ISO 8601 date-time (e.g. 2026-10-01T00:00:00+09:00) or UTC milliseconds; got "${text}".`,
  );
}

export function parseWindow(fromText: string, toText: string): { from_ms: number; to_ms: number } {
  const from_ms = parseInstant('from', fromText);
  const to_ms = parseInstant('to', toText);
  if (from_ms >= to_ms)
    throw badRequest(
      `"from" must be before "to" (got ${new Date(from_ms).toISOString()} and ${new Date(to_ms).toISOString()}).`,
    );
  if (to_ms - from_ms > MAX_KPI_RANGE_MS)
    throw badRequest('The window from "from" to "to" may span at most 2 years; ask for a shorter one.');
  return { from_ms, to_ms };
}

const kpis: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const s of analyticsSchemas) if (!fastify.getSchema(s.$id!)) fastify.addSchema(s);
  fastify.get(
    '/api/sites/:site/kpis',
    {
      schema: {
        summary: 'KPIs of a site over a window: energy, COP, plant primary-energy COP, CO2, PV, reserve, completeness',
        tags: ['analytics'],
        params: SiteParams,
        querystring: Type.Object(KpiQuery.properties, { additionalProperties: false }),
        response: { 200: Type.Ref(PeriodKpis), 400: Err, 404: Err, 503: Err },
      },
    },
    async (req) => {
      const { from_ms, to_ms } = parseWindow(req.query.from, req.query.to);
      return fastify.analytics.kpis(req.params.site, from_ms, to_ms);
    },
  );
};
export default kpis;
