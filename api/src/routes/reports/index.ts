import { PERIOD_SCHEMAS } from '@ems/domain';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { RenderedReport, ReportFormat } from '../../analytics/index.ts';
import { ErrorBody } from '../../schemas/common.ts';
import {
  AllSitesQuery,
  AllSitesReport,
  analyticsSchemas,
  FiscalYearQuery,
  FiscalYearReport,
  MonthlyReport,
  ReportQuery,
} from '../../schemas/analytics.ts';

const Err = Type.Object(ErrorBody.properties);
const Binary = Type.String({ format: 'binary' });

/** The JSON report, or its CSV / XLSX / PDF rendering as an attachment. */
function responses(json: TSchema) {
  return {
    200: {
      description: 'The report (json) or the file (csv, xlsx, pdf) as an attachment',
      content: {
        'application/json': { schema: Type.Ref(json) },
        'text/csv': { schema: Binary },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary },
        'application/pdf': { schema: Binary },
      },
    },
    400: Err,
    401: Err,
    403: Err,
    404: Err,
    503: Err,
  };
}

async function send<R>(
  reply: FastifyReply,
  report: R,
  format: ReportFormat | 'json',
  render: (format: ReportFormat) => Promise<RenderedReport>,
) {
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(report);
  const file = await render(format);
  return reply
    .type(file.contentType)
    .header('Content-Disposition', `attachment; filename="${file.filename}"`)
    .send(file.body);
}

const reports: FastifyPluginAsyncTypebox = async (fastify) => {
  for (const s of [...PERIOD_SCHEMAS, ...analyticsSchemas]) if (!fastify.getSchema(s.$id!)) fastify.addSchema(s);

  fastify.get(
    '/monthly',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Monthly report of a site (DESIGN §6), with the same month of the previous year, as JSON or a CSV / XLSX / PDF download',
        tags: ['analytics'],
        querystring: Type.Object(ReportQuery.properties, { additionalProperties: false }),
        response: responses(MonthlyReport),
      },
    },
    async (req, reply) => {
      const { site, month } = req.query;
      const lang = req.query.lang ?? 'ja';
      const report = await fastify.analytics.monthlyReport(site, month);
      // a file is not JSON: send the bytes past the typed JSON reply
      return send(reply as FastifyReply, report, req.query.format ?? 'json', (f) =>
        fastify.analytics.render(report, f, lang),
      );
    },
  );

  fastify.get(
    '/fiscal-year',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Fiscal-year report of a site (April–March, the Japanese municipal year): one row per month and the year computed whole',
        tags: ['analytics'],
        querystring: Type.Object(FiscalYearQuery.properties, { additionalProperties: false }),
        response: responses(FiscalYearReport),
      },
    },
    async (req, reply) => {
      const { site, year } = req.query;
      const lang = req.query.lang ?? 'ja';
      const report = await fastify.analytics.fiscalYearReport(site, Number(year));
      return send(reply as FastifyReply, report, req.query.format ?? 'json', (f) =>
        fastify.analytics.renderFiscalYear(report, f, lang),
      );
    },
  );

  fastify.get(
    '/all-sites',
    {
      config: { access: 'read' },
      schema: {
        summary: "Every site of the registry for one month (the municipality's view), as JSON or a download",
        tags: ['analytics'],
        querystring: Type.Object(AllSitesQuery.properties, { additionalProperties: false }),
        response: responses(AllSitesReport),
      },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? 'ja';
      const report = await fastify.analytics.allSitesReport(req.query.month);
      return send(reply as FastifyReply, report, req.query.format ?? 'json', (f) =>
        fastify.analytics.renderAllSites(report, f, lang),
      );
    },
  );
};
export default reports;
